"""Independent plan validator.

Deliberately shares no code with the solver (no ``Index``, no ``prepare``):
it re-reads the instance's plain lists and checks every hard rule.

``validate(instance, plan, locked=())`` -> list of violations (empty = valid).
``plan`` is a Result, a result dict (``result_to_dict``) or a list of
[candidate, post] pairs.  Each violation is ``{"code": ..., **params}``:

* ``unknown_candidate`` / ``unknown_post`` / ``not_eligible``
* ``candidate_multiple_posts`` / ``post_multiple_candidates``
* ``locked_pair_missing``
* ``women_share_below_target`` (group, women, assigned, required, shortfall):
  the rule is broken and the result does NOT report it in
  ``infeasible_targets`` with at least that shortfall (a reported, correctly
  sized shortfall is the documented infeasible case, not a violation)
* ``share_shortfall_misreported``: reported shortfall differs from the real one
* ``unit_cap_exceeded`` (unit, assigned, cap): more people from one home unit
  than ``instance.max_per_unit``
* ``objective_mismatch`` (reported, recomputed)
* ``bound_below_objective``, ``optimal_without_proof``: status/bound claims
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from typing import Any


def _plan_parts(plan: Any):
    if hasattr(plan, "assignment"):
        return (list(plan.assignment), plan.objective, plan.bound, plan.status,
                dict(plan.infeasible_targets or {}))
    if isinstance(plan, dict):
        return (list(plan.get("assignment") or []), plan.get("objective"), plan.get("bound"),
                plan.get("status"), dict(plan.get("infeasible_targets") or {}))
    return list(plan), None, None, None, {}


def women_needed(share: float, assigned: int) -> int:
    return max(0, math.ceil(share * assigned - 1e-9))


def validate(instance, plan: Any, locked: Iterable = ()) -> list:
    assignment, objective, bound, status, reported = _plan_parts(plan)
    out: list = []
    posts = {p.id: p.group for p in instance.posts}
    women = {c.id: bool(c.woman) for c in instance.candidates}
    score: dict = {}
    for pr in instance.pairs:
        key = (pr.candidate, pr.post)
        score[key] = max(score.get(key, -1), int(pr.score))
    pairs = [(str(c), str(p)) for c, p in assignment]
    for c, p in pairs:
        if c not in women:
            out.append({"code": "unknown_candidate", "candidate": c, "post": p})
        elif p not in posts:
            out.append({"code": "unknown_post", "candidate": c, "post": p})
        elif (c, p) not in score:
            out.append({"code": "not_eligible", "candidate": c, "post": p})
    for c, k in Counter(c for c, _ in pairs).items():
        if k > 1:
            out.append({"code": "candidate_multiple_posts", "candidate": c, "count": k})
    for p, k in Counter(p for _, p in pairs).items():
        if k > 1:
            out.append({"code": "post_multiple_candidates", "post": p, "count": k})
    have = set(pairs)
    for c, p in locked:
        if (str(c), str(p)) not in have:
            out.append({"code": "locked_pair_missing", "candidate": c, "post": p})
    assigned: Counter = Counter()
    wcount: Counter = Counter()
    for c, p in set(pairs):
        if p in posts and c in women:
            assigned[posts[p]] += 1
            wcount[posts[p]] += int(women[c])
    for g, s in instance.min_women_share.items():
        n, m = assigned[g], wcount[g]
        if m + 1e-9 >= float(s) * n:
            continue
        need = women_needed(float(s), n)
        rep = reported.get(g)
        rep_short = rep.get("shortfall") if isinstance(rep, dict) else rep
        if rep_short is None or int(rep_short) < need - m:
            out.append({"code": "women_share_below_target", "group": g, "women": m,
                        "assigned": n, "required": need, "shortfall": need - m})
        elif int(rep_short) != need - m:
            out.append({"code": "share_shortfall_misreported", "group": g,
                        "reported": int(rep_short), "actual": need - m})
    cap = getattr(instance, "max_per_unit", None)
    if cap is not None:
        unit_of = {c.id: getattr(c, "unit", "") for c in instance.candidates}
        per_unit: Counter = Counter(unit_of.get(c, "") for c, _p in set(pairs))
        for u, n in sorted(per_unit.items()):
            if u and n > int(cap):
                out.append({"code": "unit_cap_exceeded", "unit": u, "assigned": n, "cap": int(cap)})
    total = sum(int(instance.fill_weight) + score[(c, p)] for c, p in set(pairs) if (c, p) in score)
    if objective is not None and int(objective) != total:
        out.append({"code": "objective_mismatch", "reported": objective, "recomputed": total})
    if bound is not None and bound < total:
        out.append({"code": "bound_below_objective", "bound": bound, "objective": total})
    if status == "optimal" and (bound is None or bound != total):
        out.append({"code": "optimal_without_proof", "bound": bound, "objective": total})
    return out


def recompute_objective(instance, assignment: Iterable) -> int:
    score = {(p.candidate, p.post): int(p.score) for p in instance.pairs}
    return sum(int(instance.fill_weight) + score[(c, p)] for c, p in assignment
               if (c, p) in score)
