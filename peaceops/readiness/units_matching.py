"""Posts to people: the largest number of a unit's posts that its eligible people can fill at once.

Pure Python (no Django). A person eligible for several post types fills one post only, so "posts
with an eligible person" is a maximum bipartite matching (augmenting paths, Kuhn's algorithm), not
a sum of per-post-type counts. Deterministic: people and posts are visited in the order given, and
each person tries the post codes in that order too, so a caller that lists specialised posts first
sees its specialists there (a nurse fills a nurse's post before an administrative one).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence


def fill_posts(posts: Sequence[tuple[str, int]], eligible: Mapping[Hashable, set[str]]) -> dict[str, list]:
    """{post code: the people assigned to its posts} for a largest assignment.

    `posts`: (post code, number of posts) in order; `eligible`: person → the post codes they may fill.
    """
    slots = [(code, index) for code, count in posts for index in range(count)]
    by_code: dict[str, list[int]] = {}
    for position, (code, _index) in enumerate(slots):
        by_code.setdefault(code, []).append(position)
    holder: dict[int, Hashable] = {}  # slot position → person
    order = {code: index for index, (code, _count) in enumerate(posts)}

    def place(person, seen: set[int]) -> bool:
        for code in sorted(eligible.get(person, ()), key=lambda c: (order.get(c, len(order)), c)):
            for position in by_code.get(code, ()):
                if position in seen:
                    continue
                seen.add(position)
                if position not in holder or place(holder[position], seen):
                    holder[position] = person
                    return True
        return False

    for person in eligible:
        place(person, set())
    filled: dict[str, list] = {code: [] for code, _count in posts}
    for position in sorted(holder):
        filled[slots[position][0]].append(holder[position])
    return filled
