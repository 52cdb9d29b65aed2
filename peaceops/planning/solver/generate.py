"""Deterministic random instances for tests and benchmarks.

``generate(n_candidates, n_posts, pairs_per_candidate=30, groups=10,
women_share=0.12, target=0.15, seed=0)``:

* posts are spread over ``groups`` missions of uneven size;
* exactly ``round(women_share * n_candidates)`` candidates are women;
* every candidate has a home mission; about half of their (up to)
  ``pairs_per_candidate`` eligible posts are drawn from it, the rest from all
  posts (duplicates dropped, so slightly fewer pairs on small post counts);
* score = candidate quality (0..60) + pair fit (0..40), so strong candidates are
  wanted by many posts (conflicts make the problem non-trivial);
* every group gets the share target ``target`` (``None`` or 0 => no targets);
* ``units=U`` (default 0: none) spreads the candidates over U home units of very
  uneven size (Dirichlet(0.5) shares: a few large units, many small ones) and
  ``max_per_unit`` sets the cap; the units come from a second random stream, so
  the rest of the instance is the same with or without them.

The same arguments always give the same instance (numpy ``default_rng(seed)``).
"""
from __future__ import annotations

import numpy as np

from .model import Candidate, Instance, Pair, Post

MISSIONS = ["UNMISS", "MINUSCA", "MONUSCO", "UNIFIL", "MINURSO",
            "UNFICYP", "UNMIK", "UNDOF", "UNISFA", "UNTSO"]


def group_names(n: int) -> list:
    if n <= len(MISSIONS):
        return MISSIONS[:n]
    return [f"M{k:02d}" for k in range(n)]


def generate(n_candidates: int, n_posts: int, *, pairs_per_candidate: int = 30,
             groups: int = 10, women_share: float = 0.12, target: float | None = 0.15,
             seed: int = 0, fill_weight: int = 1000, units: int = 0,
             max_per_unit: int | None = None) -> Instance:
    rng = np.random.default_rng(seed)
    groups = max(1, min(groups, max(1, n_posts)))
    names = group_names(groups)
    size_w = rng.uniform(0.5, 1.5, groups)
    post_group = rng.choice(groups, size=n_posts, p=size_w / size_w.sum())
    post_group[:groups] = np.arange(min(groups, n_posts))  # every group has a post
    posts = [Post(f"p{i}", names[int(g)]) for i, g in enumerate(post_group)]
    n_women = int(round(women_share * n_candidates))
    woman = np.zeros(n_candidates, dtype=bool)
    woman[rng.permutation(n_candidates)[:n_women]] = True
    unit_of = [""] * n_candidates
    if units > 0:
        urng = np.random.default_rng([seed, 7919])
        drawn = urng.choice(units, size=n_candidates, p=urng.dirichlet(np.full(units, 0.5)))
        unit_of = [f"u{int(u)}" for u in drawn]
    cands = [Candidate(f"c{j}", bool(w), unit_of[j]) for j, w in enumerate(woman)]

    k = min(pairs_per_candidate, n_posts)
    pairs: list = []
    if n_posts and n_candidates and k > 0:
        by_group = [np.flatnonzero(post_group == g) for g in range(groups)]
        home = rng.integers(0, groups, n_candidates)
        uni = rng.integers(0, n_posts, (n_candidates, k))
        frac = rng.random((n_candidates, k))
        pick = uni.copy()
        for g in range(groups):
            rows = np.flatnonzero(home == g)
            members = by_group[g]
            if rows.size and members.size:
                loc = members[rng.integers(0, members.size, (rows.size, k))]
                pick[rows] = np.where(frac[rows] < 0.5, loc, uni[rows])
        quality = rng.integers(0, 61, n_candidates)
        fit = rng.integers(0, 41, (n_candidates, k))
        cidx = np.repeat(np.arange(n_candidates), k)
        pidx = pick.ravel()
        sc = (quality[:, None] + fit).ravel()
        key = cidx.astype(np.int64) * n_posts + pidx
        _, first = np.unique(key, return_index=True)
        first.sort()
        cidx, pidx, sc = cidx[first], pidx[first], sc[first]
        pairs = [Pair(f"c{c}", f"p{p}", int(s))
                 for c, p, s in zip(cidx.tolist(), pidx.tolist(), sc.tolist(), strict=True)]
    share = {} if not target else {n: float(target) for n in names}
    return Instance(int(fill_weight), posts, cands, pairs, share, max_per_unit)
