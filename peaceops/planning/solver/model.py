"""Data model of the rotation planner (pure Python + numpy, no Django).

An :class:`Instance` is the problem: posts (each in a group, e.g. a mission),
candidates (people, with a ``woman`` flag), eligible candidate-post pairs with
an integer score >= 0, a ``fill_weight`` earned per filled post and, per group,
an optional minimum share of women among the people assigned in that group.

JSON form (``load_instance`` / ``instance_to_dict``)::

    {"fill_weight": 1000,
     "posts": [{"id": "p0", "group": "UNMISS"}, ...],
     "candidates": [{"id": "c0", "woman": false}, ...],
     "pairs": [["c0", "p17", 42], ...],
     "min_women_share": {"UNMISS": 0.15, ...}}

A :class:`Result` is a plan plus its proof status; ``result_to_dict`` gives the
JSON form documented in :mod:`peaceops.planning.solver.solve`.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np


class InstanceError(ValueError):
    """The instance JSON is malformed (unknown ids, negative score, ...)."""


@dataclass(frozen=True)
class Post:
    id: str
    group: str


@dataclass(frozen=True)
class Candidate:
    id: str
    woman: bool = False
    unit: str = ""  # home unit, for the optional cap ``Instance.max_per_unit`` ("" = none)


@dataclass(frozen=True)
class Pair:
    candidate: str
    post: str
    score: int


@dataclass
class Index:
    """Integer/array view of an instance used by the solvers.

    Pairs are sorted by (post, -score, candidate) so that every post's
    eligible candidates form a contiguous slice ``post_start[p]:post_start[p+1]``.
    """

    cand: np.ndarray  # int32 candidate index per pair
    post: np.ndarray  # int32 post index per pair
    score: np.ndarray  # int64 score per pair
    woman: np.ndarray  # bool per pair (candidate is a woman)
    group: np.ndarray  # int32 group index per pair (group of the post)
    post_group: np.ndarray  # int32 group index per post
    cand_woman: np.ndarray  # bool per candidate
    post_start: np.ndarray  # int64, len n_posts + 1
    groups: list  # group names, index -> name
    share: np.ndarray  # float per group (0.0 = no target)
    has_target: np.ndarray  # bool per group
    pair_of: dict  # (cand_idx, post_idx) -> pair index

    @property
    def n_pairs(self) -> int:
        return int(self.cand.shape[0])


@dataclass
class Instance:
    fill_weight: int
    posts: list
    candidates: list
    pairs: list
    min_women_share: dict = field(default_factory=dict)
    max_per_unit: int | None = None  # at most this many people assigned from one home unit

    def __post_init__(self) -> None:
        self.post_pos = {p.id: i for i, p in enumerate(self.posts)}
        self.cand_pos = {c.id: i for i, c in enumerate(self.candidates)}
        if len(self.post_pos) != len(self.posts):
            raise InstanceError("duplicate post id")
        if len(self.cand_pos) != len(self.candidates):
            raise InstanceError("duplicate candidate id")
        if int(self.fill_weight) < 0:
            raise InstanceError("fill_weight must be >= 0")
        for g, s in self.min_women_share.items():
            if not (0.0 <= float(s) <= 1.0):
                raise InstanceError(f"min_women_share[{g!r}] must be in [0, 1]")
        if self.max_per_unit is not None and int(self.max_per_unit) < 0:
            raise InstanceError("max_per_unit must be >= 0")
        self._index: Index | None = None

    @property
    def index(self) -> Index:
        if self._index is None:
            self._index = _build_index(self)
        return self._index

    def weight(self, score: int) -> int:
        return int(self.fill_weight) + int(score)


def _build_index(inst: Instance) -> Index:
    groups: list = []
    gpos: dict = {}
    for p in inst.posts:
        if p.group not in gpos:
            gpos[p.group] = len(groups)
            groups.append(p.group)
    for g in inst.min_women_share:
        if g not in gpos:  # a target for a group without posts: harmless
            gpos[g] = len(groups)
            groups.append(g)
    n = len(inst.pairs)
    cand = np.empty(n, dtype=np.int32)
    post = np.empty(n, dtype=np.int32)
    score = np.empty(n, dtype=np.int64)
    cp, pp = inst.cand_pos, inst.post_pos
    try:
        for k, pr in enumerate(inst.pairs):
            cand[k] = cp[pr.candidate]
            post[k] = pp[pr.post]
            score[k] = pr.score
    except KeyError as exc:
        raise InstanceError(f"pair refers to unknown id {exc.args[0]!r}") from None
    if n and score.min() < 0:
        raise InstanceError("pair scores must be >= 0")
    # duplicates: keep the best score of a repeated (candidate, post)
    order = np.lexsort((cand, -score, post))
    cand, post, score = cand[order], post[order], score[order]
    key = post.astype(np.int64) * max(1, len(inst.candidates)) + cand
    if n:
        _, first = np.unique(key, return_index=True)
        if first.shape[0] != n:
            first.sort()
            cand, post, score = cand[first], post[first], score[first]
    post_group = np.array([gpos[p.group] for p in inst.posts], dtype=np.int32)
    cand_woman = np.array([bool(c.woman) for c in inst.candidates], dtype=bool)
    share = np.zeros(len(groups))
    has_target = np.zeros(len(groups), dtype=bool)
    for g, s in inst.min_women_share.items():
        share[gpos[g]] = float(s)
        has_target[gpos[g]] = True
    post_start = np.zeros(len(inst.posts) + 1, dtype=np.int64)
    np.cumsum(np.bincount(post, minlength=len(inst.posts)), out=post_start[1:])
    pair_of = dict(zip(zip(cand.tolist(), post.tolist(), strict=True), range(cand.shape[0]), strict=True))
    return Index(cand=cand, post=post, score=score, woman=cand_woman[cand],
                 group=post_group[post] if n else np.zeros(0, np.int32),
                 post_group=post_group, cand_woman=cand_woman, post_start=post_start,
                 groups=groups, share=share, has_target=has_target, pair_of=pair_of)


def load_instance(data: Mapping[str, Any]) -> Instance:
    """Build an :class:`Instance` from its JSON dict form (validating ids)."""
    if not isinstance(data, Mapping):
        raise InstanceError("instance must be a JSON object")
    try:
        posts = [Post(str(p["id"]), str(p["group"])) for p in data.get("posts", [])]
        cands = [Candidate(str(c["id"]), bool(c.get("woman", False)), str(c.get("unit") or ""))
                 for c in data.get("candidates", [])]
        pairs = []
        for pr in data.get("pairs", []):
            if isinstance(pr, Mapping):
                c, p, s = pr["candidate"], pr["post"], pr.get("score", 0)
            else:
                c, p, s = pr
            if isinstance(s, bool) or int(s) != s:
                raise InstanceError(f"score of pair {c}-{p} must be an integer")
            pairs.append(Pair(str(c), str(p), int(s)))
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, InstanceError):
            raise
        raise InstanceError(f"malformed instance: {exc!r}") from None
    share = {str(g): float(s) for g, s in (data.get("min_women_share") or {}).items()}
    cap = data.get("max_per_unit")
    if cap is not None and (isinstance(cap, bool) or int(cap) != cap):
        raise InstanceError("max_per_unit must be an integer")
    return Instance(int(data.get("fill_weight", 1000)), posts, cands, pairs, share,
                    None if cap is None else int(cap))


def instance_to_dict(inst: Instance) -> dict:
    out = {
        "fill_weight": int(inst.fill_weight),
        "posts": [{"id": p.id, "group": p.group} for p in inst.posts],
        "candidates": [{"id": c.id, "woman": bool(c.woman)} | ({"unit": c.unit} if c.unit else {})
                       for c in inst.candidates],
        "pairs": [[p.candidate, p.post, int(p.score)] for p in inst.pairs],
        "min_women_share": dict(inst.min_women_share),
    }
    if inst.max_per_unit is not None:
        out["max_per_unit"] = int(inst.max_per_unit)
    return out


def unit_overflow(inst: Instance, assignment: Iterable) -> dict:
    """{home unit: people above the cap} for an assignment (empty: the cap holds or is unset)."""
    if inst.max_per_unit is None:
        return {}
    unit = {c.id: c.unit for c in inst.candidates}
    counts: dict = {}
    for c, _p in assignment:
        u = unit.get(c, "")
        if u:
            counts[u] = counts.get(u, 0) + 1
    return {u: n - int(inst.max_per_unit) for u, n in counts.items() if n > int(inst.max_per_unit)}


@dataclass
class Result:
    """A plan and what is proven about it.

    ``status``: ``optimal`` (objective == proven bound), ``feasible`` (all hard
    rules hold, optimality not proven), ``infeasible`` (no plan can satisfy
    every hard rule -- the plan returned is the closest one, see
    ``infeasible_targets``/``violations``), ``timeout`` (no plan found in time).
    ``bound`` is a proven upper bound on the objective (``None`` if none).
    """

    status: str
    objective: int | None
    bound: int | None
    seconds: float
    assignment: list  # [(candidate_id, post_id), ...]
    infeasible_targets: dict = field(default_factory=dict)
    targets: dict = field(default_factory=dict)
    method: str = ""
    changed: int | None = None
    stats: dict = field(default_factory=dict)
    warm: dict | None = field(default=None, repr=False)  # LP duals for re-planning

    @property
    def gap(self) -> float | None:
        if self.bound is None or self.objective is None:
            return None
        return max(0.0, (self.bound - self.objective) / max(1.0, abs(self.bound)))


def result_to_dict(res: Result, warm: bool = False) -> dict:
    """JSON form; ``warm=True`` adds the LP duals that make a re-plan fast
    (pass the dict back as ``previous``)."""
    out = {
        "status": res.status,
        "objective": res.objective,
        "bound": res.bound,
        "gap": None if res.gap is None else round(res.gap, 9),
        "seconds": round(float(res.seconds), 4),
        "assignment": [[c, p] for c, p in res.assignment],
        "infeasible_targets": res.infeasible_targets,
        "targets": res.targets,
        "method": res.method,
        "changed": res.changed,
        "stats": res.stats,
    }
    if warm and res.warm is not None:
        out["warm"] = res.warm
    return out


def objective_of(inst: Instance, assignment: Iterable) -> int:
    """Sum of fill_weight + score over the (eligible) assigned pairs."""
    idx = inst.index
    total = 0
    for c, p in assignment:
        k = idx.pair_of.get((inst.cand_pos[c], inst.post_pos[p]))
        if k is not None:
            total += int(inst.fill_weight) + int(idx.score[k])
    return total


def required_women(share: float, assigned: int) -> int:
    """Smallest number of women meeting ``women >= share * assigned``."""
    need = share * assigned
    r = math.ceil(need - 1e-9)
    return max(0, r)


# --------------------------------------------------------------------------
# Prepared problem: locks removed, integer weights, exact share facets.
# --------------------------------------------------------------------------

@dataclass
class Facet:
    """Valid inequality  sum_{free e in group g} coef(e) x_e >= rhs,
    coef(e) = cw for a woman, cm for a man.  Integer data."""

    g: int
    cw: int
    cm: int
    rhs: int


@dataclass
class Problem:
    inst: Instance
    idx: Index
    E: np.ndarray  # pair indices of the free (decidable) edges
    ec: np.ndarray
    ep: np.ndarray
    eg: np.ndarray  # group per edge, -1 if the group has no target
    ew: np.ndarray  # woman per edge
    base: np.ndarray  # fill_weight + score (int64)
    W: np.ndarray  # scaled weight = K * base + stability bonus (int64)
    K: int
    locked: np.ndarray  # pair indices of locked pairs
    req: dict  # g -> int array r(n') = min women among n' free assigned in g
    n_min: dict
    n_max: dict
    slack: dict  # g -> women short forced by locks (0 normally)
    facets: list
    errors: list
    # home-unit cap: only units that can bind (more free candidates than room) get an index
    eu: np.ndarray = None  # unit index per free edge, -1 = no binding unit
    units: list = field(default_factory=list)  # unit index -> home unit name
    room: np.ndarray = None  # int64 per unit: max_per_unit - locked people of the unit

    def unit_counts(self, sel: np.ndarray) -> np.ndarray:
        u = self.eu[sel]
        return np.bincount(u[u >= 0], minlength=len(self.units))

    def unit_over(self, sel: np.ndarray) -> bool:
        """Do the chosen free edges ``sel`` take more people from some unit than its room?"""
        return bool(self.units) and bool(np.any(self.unit_counts(sel) > self.room))

    def feasible(self, sel: np.ndarray) -> bool:
        """Every share rule and every unit cap holds for the chosen free edges."""
        return not self.violations(sel) and not self.unit_over(sel)

    def group_counts(self, sel: np.ndarray):
        """(n', m') per target group for the chosen free edges ``sel``."""
        G = len(self.idx.groups)
        g = self.eg[sel]
        ok = g >= 0
        n = np.bincount(g[ok], minlength=G)
        m = np.bincount(g[ok], weights=self.ew[sel][ok], minlength=G).astype(np.int64)
        return n, m

    def violations(self, sel: np.ndarray) -> dict:
        """g -> women short (>0) or -excess count (<0) for the chosen free edges."""
        n, m = self.group_counts(sel)
        out = {}
        for g, r in self.req.items():
            if n[g] > self.n_max[g]:
                out[g] = -int(n[g] - self.n_max[g])
            elif n[g] < self.n_min[g]:
                out[g] = int(self.req[g][self.n_min[g]] - m[g]) or 1
            elif m[g] < r[n[g]]:
                out[g] = int(r[n[g]] - m[g])
        return out


def _lower_hull(points):
    hull: list = []
    for pt in points:
        while len(hull) >= 2:
            (x1, y1), (x2, y2) = hull[-2], hull[-1]
            if (x2 - x1) * (pt[1] - y1) - (y2 - y1) * (pt[0] - x1) <= 0:
                hull.pop()
            else:
                break
        hull.append(pt)
    return hull


def prepare(inst: Instance, locked=(), previous=None) -> Problem:
    """Remove locked pairs, scale weights for stability, build share facets.

    Share rule of group g (target s), with n_L/m_L locked people/women and
    n'/m' free ones:  m_L + m' >= s (n_L + n').  Over the integers this is
    m' >= r(n') = max(0, ceil(s (n_L + n') - slack) - m_L), slack > 0 only when
    locks make the target unreachable.  We add the convex hull of the integer
    (n', m') set as facets (exact over the integers and much tighter for the LP).
    """
    idx = inst.index
    errors: list = []
    lock_pairs: list = []
    used_c: set = set()
    used_p: set = set()
    for c, p in locked:
        ci, pi = inst.cand_pos.get(c), inst.post_pos.get(p)
        k = None if ci is None or pi is None else idx.pair_of.get((ci, pi))
        if k is None:
            errors.append({"code": "locked_pair_not_eligible", "candidate": c, "post": p})
        elif ci in used_c or pi in used_p:
            errors.append({"code": "locked_pair_conflict", "candidate": c, "post": p})
        else:
            used_c.add(ci)
            used_p.add(pi)
            lock_pairs.append(k)
    if inst.max_per_unit is not None and lock_pairs:
        per_unit: dict = {}
        for k in lock_pairs:
            u = inst.candidates[int(idx.cand[k])].unit
            if u:
                per_unit[u] = per_unit.get(u, 0) + 1
        for u, n in sorted(per_unit.items()):
            if n > int(inst.max_per_unit):
                errors.append({"code": "locked_pairs_exceed_unit_cap", "unit": u, "locked": n,
                               "cap": int(inst.max_per_unit)})
    lockarr = np.array(lock_pairs, dtype=np.int64)
    c_used = np.zeros(len(inst.candidates), bool)
    p_used = np.zeros(len(inst.posts), bool)
    c_used[idx.cand[lockarr]] = True
    p_used[idx.post[lockarr]] = True
    E = np.flatnonzero(~c_used[idx.cand] & ~p_used[idx.post])
    ec, ep = idx.cand[E], idx.post[E]
    g_all = idx.group[E]
    eg = np.where(idx.has_target[g_all], g_all, -1).astype(np.int32)
    ew = idx.woman[E]
    base = int(inst.fill_weight) + idx.score[E]
    prev_mask = np.zeros(E.shape[0], bool)
    K = 1
    if previous:
        prev_keys = set()
        for c, p in previous:
            ci, pi = inst.cand_pos.get(c), inst.post_pos.get(p)
            if ci is not None and pi is not None:
                prev_keys.add((ci, pi))
        if prev_keys:
            K = len(prev_keys) + 1
            pk = np.array([k for k in map(idx.pair_of.get, prev_keys) if k is not None], np.int64)
            inv = np.full(idx.n_pairs, -1, np.int64)
            inv[E] = np.arange(E.shape[0])
            pos = inv[pk]
            prev_mask[pos[pos >= 0]] = True
    W = base * K + prev_mask.astype(np.int64)

    req: dict = {}
    n_min: dict = {}
    n_max: dict = {}
    slack: dict = {}
    facets: list = []
    lg = idx.group[lockarr]
    lw = idx.woman[lockarr]
    G = len(idx.groups)
    tg = eg >= 0
    has = np.zeros(len(inst.posts), bool)
    has[ep[tg]] = True
    n_posts_g = np.bincount(idx.post_group[has], minlength=G)
    wkeys = np.unique(ec[tg & ew].astype(np.int64) * G + eg[tg & ew])
    n_women_g = np.bincount(wkeys % G, minlength=G)
    for g in np.flatnonzero(idx.has_target).tolist():
        s = float(idx.share[g])
        nL = int(np.sum(lg == g))
        mL = int(np.sum(lw[lg == g]))
        N = int(n_posts_g[g])  # free posts with a free candidate
        Wm = int(min(N, n_women_g[g]))  # at most this many free women can join g
        need = lambda n, sl: max(0, required_women(s, nL + n) - sl - mL)  # noqa: E731, B023 (used in this iteration only)
        sl = 0
        if need(0, 0) > 0:  # locks below target: can adding women fix it?
            sl = min(max(0, need(k, 0) - k) for k in range(Wm + 1))
        r = np.array([need(n, sl) for n in range(N + 1)], dtype=np.int64)
        feas = [n for n in range(N + 1) if r[n] <= min(n, Wm)]
        lo, hi = (feas[0], feas[-1]) if feas else (0, 0)
        req[g], n_min[g], n_max[g], slack[g] = r, lo, hi, sl
        if lo > 0:
            facets.append(Facet(g, 1, 1, lo))
        if hi < N:
            facets.append(Facet(g, -1, -1, -hi))
        if lo == hi and r[lo] > 0:
            facets.append(Facet(g, 1, 0, int(r[lo])))  # a single point: m' >= r(lo)
        hull = _lower_hull([(n, int(r[n])) for n in range(lo, hi + 1)])
        for (n1, r1), (n2, r2) in zip(hull, hull[1:], strict=False):
            dn, dr = n2 - n1, r2 - r1
            if dr == 0 and r1 == 0:
                continue  # m' >= 0: trivial
            facets.append(Facet(g, dn - dr, -dr, dn * r1 - dr * n1))
    eu, units, room = _unit_rows(inst, idx, lockarr, ec)
    return Problem(inst, idx, E, ec, ep, eg, ew, base, W, K, lockarr, req, n_min,
                   n_max, slack, facets, errors, eu, units, room)


def _unit_rows(inst: Instance, idx: Index, lockarr: np.ndarray, ec: np.ndarray):
    """Home-unit cap as data: (unit index per free edge, unit names, room per unit).

    The cap of unit u reads  sum of x_e over free edges of u's candidates <= room_u,
    room_u = max_per_unit - locked people of u.  Only units with more candidates holding
    a free edge than room can bind: the others get no index (-1) and no row."""
    none = np.full(ec.shape[0], -1, np.int32)
    if inst.max_per_unit is None:
        return none, [], np.zeros(0, np.int64)
    names: list = []
    pos: dict = {}
    cu = np.full(len(inst.candidates), -1, np.int64)
    for i, c in enumerate(inst.candidates):
        if c.unit:
            cu[i] = pos.setdefault(c.unit, len(pos))
            if cu[i] == len(names):
                names.append(c.unit)
    if not names:
        return none, [], np.zeros(0, np.int64)
    lu = cu[idx.cand[lockarr]]
    locked_n = np.bincount(lu[lu >= 0], minlength=len(names))
    room_all = np.maximum(0, int(inst.max_per_unit) - locked_n).astype(np.int64)
    has = np.zeros(len(inst.candidates), bool)
    has[ec] = True
    hu = cu[has & (cu >= 0)]
    n_cand = np.bincount(hu, minlength=len(names))
    binding = n_cand > room_all
    new = np.full(len(names), -1, np.int64)
    new[binding] = np.arange(int(binding.sum()))
    eu = np.where(cu[ec] >= 0, new[np.maximum(cu[ec], 0)], -1).astype(np.int32)
    return eu, [n for n, b in zip(names, binding.tolist(), strict=True) if b], room_all[binding]
