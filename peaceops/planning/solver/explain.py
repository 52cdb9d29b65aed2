"""Why is a post empty / a candidate not chosen?  Machine-readable reasons.

``explain(instance, plan, locked=())`` -> ``{"unfilled_posts": [...],
"passed_over": [...]}``; every entry is ``{"post"|"candidate": id, "code": ...,
"params": {...}}``.

Post codes (post left empty):
* ``no_eligible_candidate`` -- nobody is eligible;
* ``all_eligible_taken_by_higher_score`` -- every eligible candidate holds
  another post (params.taken: [{candidate, post, score_here, score_there}]);
* ``women_share_target`` -- an eligible man is free but adding him would put
  the group below its share target (params: group, target, women, assigned,
  required_if_filled, free_men);
* ``home_unit_cap`` -- free eligible candidates exist, but every one the share
  rule would allow comes from a home unit already at ``max_per_unit``
  (params: units, cap, free);
* ``free_candidate_available`` -- a free eligible candidate could be added
  without breaking a rule (the plan is not maximal: never for solver plans).

Candidate codes (eligible somewhere, assigned nowhere), the binding one:
* ``home_unit_cap`` -- their home unit already gives ``max_per_unit`` people
  (params: unit, cap, assigned);
* ``locked`` -- all their eligible posts are held by locked pairs, or the
  only posts where they would beat the holder are locked;
* ``all_eligible_taken_by_higher_score`` -- each eligible post is held by
  someone scoring at least as much there;
* ``women_share_target`` -- an eligible post is empty only because of the
  share rule (the candidate is a man);
* ``better_overall_plan`` -- some holder scores less on the candidate's post,
  but moving the candidate in lowers the total (the holder has nowhere better
  to go, or the share rule needs the holder); params.posts lists them;
* ``free_post_available`` -- an eligible post is empty and taking it breaks
  no rule (plan not maximal).
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any


def _assignment(plan: Any) -> list:
    if hasattr(plan, "assignment"):
        return list(plan.assignment)
    if isinstance(plan, dict):
        return list(plan.get("assignment") or [])
    return list(plan)


def _need(share: float, n: int) -> int:
    return max(0, math.ceil(share * n - 1e-9))


def explain(instance, plan: Any, locked: Iterable = (), limit: int = 5) -> dict:
    holder = {p: c for c, p in _assignment(plan)}
    post_of = {c: p for p, c in holder.items()}
    locked_posts = {p for _, p in locked}
    group = {p.id: p.group for p in instance.posts}
    woman = {c.id: bool(c.woman) for c in instance.candidates}
    by_post: dict = defaultdict(list)
    by_cand: dict = defaultdict(list)
    score: dict = {}
    for pr in instance.pairs:
        by_post[pr.post].append(pr.candidate)
        by_cand[pr.candidate].append(pr.post)
        score[(pr.candidate, pr.post)] = int(pr.score)
    n_g: dict = defaultdict(int)
    m_g: dict = defaultdict(int)
    for p, c in holder.items():
        n_g[group.get(p)] += 1
        m_g[group.get(p)] += int(woman.get(c, False))
    share = {g: float(s) for g, s in instance.min_women_share.items()}
    cap = getattr(instance, "max_per_unit", None)
    unit = {c.id: getattr(c, "unit", "") for c in instance.candidates}
    per_unit: dict = defaultdict(int)
    for c in post_of:
        per_unit[unit.get(c, "")] += 1

    def unit_full(c: str) -> bool:
        u = unit.get(c, "")
        return cap is not None and bool(u) and per_unit[u] >= int(cap)

    def share_ok(p: str, c: str) -> bool:
        g = group[p]
        if g not in share:
            return True
        return m_g[g] + int(woman[c]) >= _need(share[g], n_g[g] + 1)

    def can_add(p: str, c: str) -> bool:
        return share_ok(p, c) and not unit_full(c)

    unfilled = []
    for post in instance.posts:
        p = post.id
        if p in holder:
            continue
        elig = by_post.get(p, [])
        free = [c for c in elig if c not in post_of]
        if not elig:
            unfilled.append({"post": p, "code": "no_eligible_candidate", "params": {}})
        elif not free:
            taken = sorted(({"candidate": c, "post": post_of[c], "score_here": score[(c, p)],
                             "score_there": score.get((c, post_of[c]))} for c in elig),
                           key=lambda d: -d["score_here"])[:limit]
            unfilled.append({"post": p, "code": "all_eligible_taken_by_higher_score",
                             "params": {"eligible": len(elig), "taken": taken}})
        elif any(can_add(p, c) for c in free):
            unfilled.append({"post": p, "code": "free_candidate_available",
                             "params": {"free": sorted(free)[:limit]}})
        elif any(share_ok(p, c) for c in free):
            units = sorted({unit[c] for c in free if share_ok(p, c)})
            unfilled.append({"post": p, "code": "home_unit_cap",
                             "params": {"units": units[:limit], "cap": cap, "free": len(free)}})
        else:
            g = group[p]
            unfilled.append({"post": p, "code": "women_share_target", "params": {
                "group": g, "target": share[g], "women": m_g[g], "assigned": n_g[g],
                "required_if_filled": _need(share[g], n_g[g] + 1),
                "free_men": len(free)}})

    passed = []
    for cand in instance.candidates:
        c = cand.id
        if c in post_of or not by_cand.get(c):
            continue
        posts = by_cand[c]
        if unit_full(c):
            passed.append({"candidate": c, "code": "home_unit_cap",
                           "params": {"unit": unit[c], "cap": cap, "assigned": per_unit[unit[c]]}})
            continue
        empty = [p for p in posts if p not in holder]
        if empty:
            ok = [p for p in empty if can_add(p, c)]
            code = "free_post_available" if ok else "women_share_target"
            params = {"posts": (ok or empty)[:limit]}
            if not ok:
                g = group[empty[0]]
                params.update(group=g, target=share.get(g), women=m_g[g], assigned=n_g[g])
            passed.append({"candidate": c, "code": code, "params": params})
            continue
        if all(p in locked_posts for p in posts):
            passed.append({"candidate": c, "code": "locked", "params": {"posts": posts[:limit]}})
            continue
        lower = [{"post": p, "holder": holder[p], "score": score[(c, p)],
                  "holder_score": score.get((holder[p], p))}
                 for p in posts if p not in locked_posts
                 and score.get((holder[p], p), -1) < score[(c, p)]]
        blocked = [p for p in posts if p in locked_posts
                   and score.get((holder[p], p), -1) < score[(c, p)]]
        if lower:
            lower.sort(key=lambda d: d["holder_score"] - d["score"])
            passed.append({"candidate": c, "code": "better_overall_plan",
                           "params": {"posts": lower[:limit]}})
        elif blocked:  # only a locked holder stands in the way
            passed.append({"candidate": c, "code": "locked", "params": {"posts": blocked[:limit]}})
        else:
            best = max(posts, key=lambda p: score[(c, p)])
            passed.append({"candidate": c, "code": "all_eligible_taken_by_higher_score",
                           "params": {"eligible": len(posts), "best_post": best,
                                      "score": score[(c, best)], "holder": holder[best],
                                      "holder_score": score.get((holder[best], best))}})
    return {"unfilled_posts": unfilled, "passed_over": passed}


def reason_counts(report: dict) -> dict:
    out: dict = {"unfilled_posts": defaultdict(int), "passed_over": defaultdict(int)}
    for k in out:
        for e in report[k]:
            out[k][e["code"]] += 1
    return {k: dict(v) for k, v in out.items()}
