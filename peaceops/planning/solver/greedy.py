"""Greedy baseline and the primal repair / fill heuristics of the solver.

``greedy(instance, locked=(), previous=None)``: reserve, group by group, the
women needed at full staffing (best-scoring women first), then fill every
remaining post best-pair-first, then :func:`repair`.  No proof (bound None).

``repair(pb, x)`` makes every share rule hold for a set of chosen free edges
(boolean mask over ``pb.E``): swap a man for a free eligible woman (best
gain), or add a free woman to an empty post, or, as a last resort, drop a man.
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


def repair(pb: Problem, x: np.ndarray, max_steps: int = 100000) -> np.ndarray:
    x = x.copy()
    cand_at, busy = _state(pb, x)
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
                continue
            if n >= pb.n_min[g] and m >= r[n]:
                break
            free_w = ge[pb.ew[ge] & ~busy[pb.ec[ge]]]
            post_edge = cand_at[pb.ep[free_w]]
            # (b) a free woman to an empty post of the group
            empty = free_w[post_edge < 0]
            if empty.size and n + 1 <= pb.n_max[g]:
                e = empty[np.argmax(pb.W[empty])]
                x[e] = True
                busy[pb.ec[e]] = True
                cand_at[pb.ep[e]] = e
                continue
            if n < pb.n_min[g]:
                break  # cannot reach the locked minimum: reported as infeasible
            # (a) swap an assigned man for a free woman on the same post
            occ = post_edge >= 0
            sw = free_w[occ]
            old = post_edge[occ]
            ok = ~pb.ew[old]
            if ok.any():
                sw, old = sw[ok], old[ok]
                k = np.argmax(pb.W[sw] - pb.W[old])
                e, o = sw[k], old[k]
                x[o] = False
                busy[pb.ec[o]] = False
                x[e] = True
                busy[pb.ec[e]] = True
                cand_at[pb.ep[e]] = e
                continue
            # (c) drop the cheapest man of the group
            men = sel[~pb.ew[sel]]
            if men.size == 0:
                break
            e = men[np.argmin(pb.W[men])]
            x[e] = False
            busy[pb.ec[e]] = False
            cand_at[pb.ep[e]] = -1
    return x


def fill(pb: Problem, x: np.ndarray) -> np.ndarray:
    """Add free edges (best W first) to empty posts while every rule holds."""
    x = x.copy()
    cand_at, busy = _state(pb, x)
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
        if busy[c] or post_taken[p]:
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
    return x


def greedy_plan(pb: Problem) -> np.ndarray:
    x = np.zeros(pb.E.shape[0], bool)
    busy = np.zeros(len(pb.inst.candidates), bool)
    taken = np.zeros(len(pb.inst.posts), bool)
    for g, r in pb.req.items():  # phase 1: the women needed at full staffing
        ge = np.flatnonzero((pb.eg == g) & pb.ew)
        want = int(r[pb.n_max[g]])
        got = 0
        for e in ge[np.argsort(-pb.W[ge], kind="stable")].tolist():
            if got >= want:
                break
            if not busy[pb.ec[e]] and not taken[pb.ep[e]]:
                x[e] = True
                busy[pb.ec[e]] = True
                taken[pb.ep[e]] = True
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
