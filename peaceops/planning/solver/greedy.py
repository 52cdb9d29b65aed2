"""Greedy baseline and the primal repair / fill heuristics of the solver.

``greedy(instance, locked=(), previous=None)``: reserve, group by group, the
women needed at full staffing (best-scoring women first), then fill every
remaining post best-pair-first, then :func:`repair`.  No proof (bound None).

``repair(pb, x)`` makes every rule hold for a set of chosen free edges
(boolean mask over ``pb.E``): first the home-unit caps (drop the lowest-weight
people of a unit over its cap), then the share rules: swap a man for a free
eligible woman (best gain), or add a free woman to an empty post, or, as a
last resort, drop a man -- never taking a woman from a unit already at its cap.
``fill(pb, x)`` then adds the best remaining free pairs that keep all rules.
"""
from __future__ import annotations

import time

import numpy as np

from .model import Instance, Problem, prepare


def _state(pb: Problem, x: np.ndarray):
    nc, npost = len(pb.inst.candidates), len(pb.inst.posts)
    cand_at = np.full(npost, -1, np.int64)  # edge chosen per post
    busy = np.zeros(nc, bool)
    sel = np.flatnonzero(x)
    cand_at[pb.ep[sel]] = sel
    busy[pb.ec[sel]] = True
    return cand_at, busy


def cap_repair(pb: Problem, x: np.ndarray) -> np.ndarray:
    """Home-unit cap: in every unit over its room, drop its lowest-weight chosen edges."""
    if not len(pb.units):
        return x
    sel = np.flatnonzero(x)
    over = np.flatnonzero(pb.unit_counts(sel) > pb.room)
    if over.size == 0:
        return x
    x = x.copy()
    for u in over.tolist():
        mine = sel[pb.eu[sel] == u]
        mine = mine[np.argsort(pb.W[mine], kind="stable")]
        x[mine[:mine.size - int(pb.room[u])]] = False
    return x


def _room_left(pb: Problem, x: np.ndarray) -> np.ndarray:
    """Free places per binding unit (+ one always-open slot for edges without a unit)."""
    if not len(pb.units):
        return np.full(1, 1 << 40, np.int64)
    left = pb.room - pb.unit_counts(np.flatnonzero(x))
    return np.concatenate([left, [1 << 40]])


def _evictions(pb: Problem, x: np.ndarray, eu: np.ndarray, left: np.ndarray):
    """Per unit slot of ``left``: (weight, edge) of its cheapest chosen man -- the price
    of making room in a unit at its cap (inf / -1: nobody to evict or no cap)."""
    cost = np.full(left.shape[0], np.inf)
    edge = np.full(left.shape[0], -1, np.int64)
    if not len(pb.units):
        return cost, edge
    sel = np.flatnonzero(x)
    men = sel[~pb.ew[sel] & (pb.eu[sel] >= 0)]
    if men.size:
        men = men[np.lexsort((pb.W[men], pb.eu[men]))]
        u = pb.eu[men]
        first = np.r_[True, u[1:] != u[:-1]]
        cost[u[first]] = pb.W[men[first]]
        edge[u[first]] = men[first]
    return cost, edge


def repair(pb: Problem, x: np.ndarray, max_steps: int = 100000) -> np.ndarray:
    """Make the home-unit caps then every share rule hold (never breaking a cap)."""
    x = cap_repair(pb, x)
    cand_at, busy = _state(pb, x)
    left = _room_left(pb, x)
    eu = np.where(pb.eu >= 0, pb.eu, left.shape[0] - 1)
    for g, r in pb.req.items():
        ge = np.flatnonzero(pb.eg == g)
        if ge.size == 0:
            continue
        for _ in range(max_steps):
            sel = ge[x[ge]]
            n, m = int(sel.size), int(pb.ew[sel].sum())
            if n > pb.n_max[g]:
                men = sel[~pb.ew[sel]]
                pool = men if men.size else sel
                e = pool[np.argmin(pb.W[pool])]
                x[e] = False
                busy[pb.ec[e]] = False
                cand_at[pb.ep[e]] = -1
                left[eu[e]] += 1
                continue
            if n >= pb.n_min[g] and m >= r[n]:
                break
            if n < pb.n_min[g] and n + 1 > pb.n_max[g]:
                break
            free_w = ge[pb.ew[ge] & ~busy[pb.ec[ge]]]
            post_edge = cand_at[pb.ep[free_w]]
            # making room for a woman whose unit is at its cap: evict the unit's cheapest man
            ev_cost, ev_edge = _evictions(pb, x, eu, left)
            need_room = left[eu[free_w]] <= 0
            cost = np.where(need_room, ev_cost[eu[free_w]], 0.0)
            # (b) a free woman to an empty post of the group; (a) swap her for an assigned man
            empty = post_edge < 0
            gain = np.full(free_w.size, -np.inf)
            if n + 1 <= pb.n_max[g]:
                gain[empty] = pb.W[free_w[empty]] - cost[empty]
            if n >= pb.n_min[g]:
                occ = ~empty
                old = post_edge[occ]
                man = ~pb.ew[old]
                same = eu[free_w[occ]] == eu[old]
                c_occ = np.where(same, 0.0, cost[occ])
                gain[occ] = np.where(man, pb.W[free_w[occ]] - pb.W[old] - c_occ, -np.inf)
            if free_w.size and np.isfinite(gain).any():
                k = int(np.argmax(gain))
                e = free_w[k]
                o = post_edge[k]
                if o >= 0:
                    x[o] = False
                    busy[pb.ec[o]] = False
                    cand_at[pb.ep[o]] = -1
                    left[eu[o]] += 1
                if left[eu[e]] <= 0:
                    v = ev_edge[eu[e]]
                    x[v] = False
                    busy[pb.ec[v]] = False
                    cand_at[pb.ep[v]] = -1
                    left[eu[v]] += 1
                x[e] = True
                busy[pb.ec[e]] = True
                cand_at[pb.ep[e]] = e
                left[eu[e]] -= 1
                continue
            if n < pb.n_min[g]:
                break  # cannot reach the locked minimum: reported as infeasible
            # (c) drop the cheapest man of the group
            men = sel[~pb.ew[sel]]
            if men.size == 0:
                break
            e = men[np.argmin(pb.W[men])]
            x[e] = False
            busy[pb.ec[e]] = False
            cand_at[pb.ep[e]] = -1
            left[eu[e]] += 1
    return x


def fill(pb: Problem, x: np.ndarray) -> np.ndarray:
    """Add free edges (best W first) to empty posts while every rule holds
    (share rules and home-unit caps; ``x`` must already respect the caps)."""
    x = x.copy()
    cand_at, busy = _state(pb, x)
    left = _room_left(pb, x)
    eu = np.where(pb.eu >= 0, pb.eu, left.shape[0] - 1)
    cand_ok = ~busy[pb.ec] & (cand_at[pb.ep] < 0)
    cand_edges = np.flatnonzero(cand_ok & (pb.W > 0))
    if cand_edges.size == 0:
        return x
    cand_edges = cand_edges[np.argsort(-pb.W[cand_edges], kind="stable")]
    n, m = pb.group_counts(np.flatnonzero(x))
    n, m = n.copy(), m.copy()
    post_taken = cand_at >= 0
    req, nmax = pb.req, pb.n_max
    for e in cand_edges.tolist():
        c, p = pb.ec[e], pb.ep[e]
        if busy[c] or post_taken[p] or left[eu[e]] <= 0:
            continue
        g = int(pb.eg[e])
        if g >= 0:
            woman = bool(pb.ew[e])
            n1, m1 = n[g] + 1, m[g] + (1 if woman else 0)
            if n1 > nmax[g] or req[g][n1] > m1:
                continue
            n[g], m[g] = n1, m1
        x[e] = True
        busy[c] = True
        post_taken[p] = True
        left[eu[e]] -= 1
    return x


def greedy_plan(pb: Problem) -> np.ndarray:
    x = np.zeros(pb.E.shape[0], bool)
    busy = np.zeros(len(pb.inst.candidates), bool)
    taken = np.zeros(len(pb.inst.posts), bool)
    left = _room_left(pb, x)
    eu = np.where(pb.eu >= 0, pb.eu, left.shape[0] - 1)
    for g, r in pb.req.items():  # phase 1: the women needed at full staffing
        ge = np.flatnonzero((pb.eg == g) & pb.ew)
        want = int(r[pb.n_max[g]])
        got = 0
        for e in ge[np.argsort(-pb.W[ge], kind="stable")].tolist():
            if got >= want:
                break
            if not busy[pb.ec[e]] and not taken[pb.ep[e]] and left[eu[e]] > 0:
                x[e] = True
                busy[pb.ec[e]] = True
                taken[pb.ep[e]] = True
                left[eu[e]] -= 1
                got += 1
    x = fill(pb, x)  # phase 2: everything else, best first
    return fill(pb, repair(pb, x))


def greedy(inst: Instance, *, locked=(), previous=None, time_limit: float | None = None):
    """Greedy baseline as a :class:`Result` (status "feasible", no bound)."""
    from .solve import finish  # local import: solve imports this module

    t0 = time.perf_counter()
    pb = prepare(inst, locked, previous)
    if pb.errors:
        return finish(pb, None, t0, None, "infeasible", "greedy")
    x = greedy_plan(pb)
    return finish(pb, x, t0, None, "feasible", "greedy")
