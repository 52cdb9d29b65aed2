"""Rotation planner: exact-or-bounded solver for candidate -> post assignment.

Model.  Choose eligible pairs, each candidate at most one post, each post at
most one candidate, maximise sum(fill_weight + score).  Share rule, for every
group g in ``min_women_share``: women assigned in g >= s_g * people assigned in
g (locked pairs count).  The rule is HARD: a post stays empty rather than break
it, so without locks a plan always exists.

Method.
1. Locked pairs are removed; the share rule of each group becomes, over the
   integers, m' >= r_g(n') (n'/m' free people/women assigned in g); we add the
   convex hull of those integer points as facets (exact for integers and far
   tighter for the LP than the plain row -- it knows that 4.5 women is 5).
2. Max-weight matching without the share rule (scipy LAPJVsp, the "flow"
   step).  If it meets the rule it is optimal.
3. LP relaxation by column generation (HiGHS; interior point for the first
   large solve, then warm dual simplex; all pairs priced with numpy).  Its
   duals are the optimal Lagrange multipliers of the share facets and give a
   PROVEN upper bound at any time (positive reduced costs are absorbed in the
   candidate duals).
4. Primal: max-weight matching with Lagrangian weights (facet multipliers) and
   the rounded LP solution, each made feasible by :func:`.greedy.repair`/`fill`.
5. Reduced-cost fixing: a plan using a pair with reduced cost rc is worth at
   most bound + rc, so "is there a plan worth >= T?" only involves the pairs
   with rc >= -(bound - T); HiGHS MIP on those pairs with cutoff T, for
   T = floor(bound), floor(bound) - 1, -3, ... (or incumbent + 1), closes the
   gap with a proof.

Home-unit cap (``Instance.max_per_unit``): at most that many people from one
home unit (locked ones count).  It is one more row per unit that can bind
(more candidates than room) in the same LP, next to the candidate and post
rows: without a share rule those rows form a network (source -> unit (cap) ->
candidate -> post -> sink), so the LP is a min-cost flow and its vertex
solution is integral and optimal; with a share rule its duals price the caps
in the proven bound like the share facets.  Primal plans with the cap kept
exactly: :func:`capped_flow` (an assignment problem with "blocker" rows per
unit, LAPJVsp) on the Lagrangian weights (share facets priced by their LP
multipliers) and small-reduced-cost pairs, then the share repair (which makes
room in a full unit by evicting its cheapest man) and the fill; the cutoff
MIPs of step 5 carry the cap rows.  The cap and the share rule together leave
a real LP gap on some instances (1,000 x 300, 50 units, cap 8: LP 299,590.6,
optimum 299,584): the plan is then returned "feasible" with its bound.

Re-planning: ``previous`` (an assignment, a Result or a result dict) adds a
bonus of 1 to previous pairs on weights scaled by K = |previous| + 1: the plan
is optimal for the real objective first and, among optima, keeps the most
previous pairs (``changed`` = posts whose holder changed).  A Result (or a dict
from ``result_to_dict(res, warm=True)``) also carries the LP duals, which stay
valid after a drop-out: the re-plan then skips the LP (step 3).

Status "optimal" means objective == bound (real units).  With a time limit
the best plan so far is returned as "feasible" with its proven bound.

Output (``result_to_dict``): status optimal | feasible | infeasible | timeout,
objective, bound (proven, integer, null if none), gap, seconds, assignment
[[candidate, post], ...], targets {group: {target, assigned, women, required,
met}}, infeasible_targets {group: {shortfall, reason, ...}}, changed, stats.
``infeasible_targets`` lists (a) reason "locked_pairs": locked pairs make the
rule unreachable; the plan minimises the shortfall (women missing), status is
"infeasible"; (b) reason "not_enough_women": the rule holds but forced
``unfilled_posts`` fillable posts to stay empty; ``shortfall`` is the number of
extra women needed to fill them too.  Invalid locks (ineligible, conflicting)
give status "infeasible" with stats["errors"] and no plan.
"""
from __future__ import annotations

import math
import time

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from .greedy import fill, repair
from .mip import ColGen, Lap, edge_model, run_mip
from .model import Instance, Problem, Result, prepare, required_women

MIP_EDGE_CAP = 60000  # pairs in a restricted MIP, at most


def _margin(Z: float) -> float:
    """Float slack when rounding a bound down to an integer (Z ~ 1e10 max)."""
    return 1e-12 * abs(Z) + 1e-6


def facet_term(pb: Problem, mu: np.ndarray) -> np.ndarray:
    G = len(pb.idx.groups)
    yw, ym = np.zeros(G + 1), np.zeros(G + 1)  # slot G: no target (eg == -1)
    for f, val in zip(pb.facets, mu, strict=False):
        yw[f.g] += val * f.cw
        ym[f.g] += val * f.cm
    g = np.where(pb.eg >= 0, pb.eg, G)
    return np.where(pb.ew, yw[g], ym[g])


def unit_term(pb: Problem, w) -> np.ndarray:
    """Per free edge, the dual price of its home unit's cap row (0 without a binding unit)."""
    if w is None or not len(pb.units):
        return np.zeros(pb.E.shape[0])
    return np.where(pb.eu >= 0, np.asarray(w, float)[np.maximum(pb.eu, 0)], 0.0)


def price(pb: Problem, u, v, mu, w=None):
    """Reduced costs (max sense) and the proven bound Z on sum W x (free part).
    Positive reduced costs are absorbed in u (so the bound is always valid);
    returns rc after that fix (all <= 0).  ``w``: duals (>= 0) of the unit cap rows."""
    rc = pb.W + facet_term(pb, mu) - u[pb.ec] - v[pb.ep] - unit_term(pb, w)
    pos = np.flatnonzero(rc > 0)
    fix = np.zeros(u.shape[0])
    if pos.size:
        np.maximum.at(fix, pb.ec[pos], rc[pos])
    Z = float(u.sum() + v.sum() + fix.sum() - float(np.dot(mu, [f.rhs for f in pb.facets])))
    if w is not None and len(pb.units):
        Z += float(np.dot(np.asarray(w, float), pb.room))
    return rc, rc - fix[pb.ec], Z


def _better(pb: Problem, x: np.ndarray, best, best_val):
    """Keep ``x`` if it satisfies every rule and beats the incumbent."""
    val = _value(pb, x)
    if val > best_val and _is_matching(pb, x) and pb.feasible(np.flatnonzero(x)):
        return x, val
    return best, best_val


def _is_matching(pb: Problem, x: np.ndarray) -> bool:
    """Each candidate and each post at most once (a rounded LP that stopped early may break it)."""
    return not (np.bincount(pb.ec[x]).max(initial=0) > 1 or np.bincount(pb.ep[x]).max(initial=0) > 1)


def _value(pb: Problem, x: np.ndarray) -> int:
    return int(pb.W[x].sum())


def _top_per_post(pb: Problem, mask: np.ndarray, k: int) -> np.ndarray:
    sel = np.flatnonzero(mask)
    if sel.size == 0:
        return sel
    sel = sel[np.lexsort((-pb.W[sel], pb.ep[sel]))]
    p = pb.ep[sel]
    first = np.searchsorted(p, p, side="left")
    return sel[np.arange(sel.size) - first < k]


def solve(instance: Instance, *, time_limit: float = 10.0, locked=(), previous=None,
          use_mip: bool = True, rel_gap: float = 0.0) -> Result:
    """Solve ``instance``; ``locked`` pairs are kept; ``previous`` (assignment
    or Result -- a Result also hands over its LP duals for a fast re-plan) is
    the plan to stay close to.  ``rel_gap`` > 0: stop as soon as the plan is proven within
    that relative gap of the bound (0: close the gap).  See the module docstring for the output."""
    t0 = time.perf_counter()
    warm = None
    if isinstance(previous, dict):  # result JSON, maybe with "warm" duals
        warm = previous.get("warm")
        previous = [tuple(cp) for cp in previous.get("assignment") or []]
    elif previous is not None and hasattr(previous, "assignment"):
        warm = getattr(previous, "warm", None)
        previous = previous.assignment
    res = _solve(instance, time_limit, locked, previous, use_mip, t0, warm, rel_gap)
    if previous is not None:
        res.changed = count_changes(previous, res.assignment)
    return res


def _solve(instance, time_limit, locked, previous, use_mip, t0, warm=None, rel_gap=0.0) -> Result:
    left = lambda: time_limit - (time.perf_counter() - t0)  # noqa: E731
    pb = prepare(instance, locked, previous)
    st: dict = {"prepare_s": round(time.perf_counter() - t0, 4)}
    if pb.units:
        st["unit_rows"] = len(pb.units)  # home units whose cap can bind
    if pb.errors:
        return finish(pb, None, t0, None, "infeasible", "lp+mip", st)
    lap = None
    best, best_val = None, -math.inf
    if previous:
        best, best_val = _better(pb, fill(pb, repair(pb, pb.W - pb.K * pb.base > 0)),
                                 best, best_val)
    rc_fixed, Zr, x0 = None, None, None
    if warm is not None:
        # Re-plan: the previous LP duals (u, v, mu) are still dual feasible after
        # the fix-up in price(): bound Zr and reduced costs without any LP.
        u, v, mu, w = _from_warm(pb, warm)
        _, rc_fixed, Zr = price(pb, u, v, mu, w)
        Z = Zr
        st["warm_bound"] = round(Zr / pb.K, 3)
    else:
        lap = Lap(pb)
        x0 = lap.solve(pb.W.astype(float))
        Z = float(_value(pb, x0))  # no share rule, no unit cap: a relaxation
        st["lap_s"] = round(time.perf_counter() - t0, 4)
        if pb.units:
            st["lap_unit_over"] = int(np.maximum(0, pb.unit_counts(np.flatnonzero(x0)) - pb.room).sum())
        if pb.feasible(np.flatnonzero(x0)):
            return finish(pb, x0, t0, Z, "optimal", "lap", st)
        best, best_val = _better(pb, fill(pb, repair(pb, x0)), best, best_val)
        rc_fixed, mu, w, Zr, xlp = _column_generation(pb, x0, Z, left, st)
        Z = min(Z, Zr)
        st["lp_s"] = round(time.perf_counter() - t0, 4)
        if rc_fixed is not None:
            # with the cap and no share rule the LP is a min-cost flow: xlp (an
            # integral vertex) is then the optimum itself
            lag = pb.W + facet_term(pb, mu)
            for x in (lap.solve(lag - unit_term(pb, w)), xlp):
                best, best_val = _better(pb, fill(pb, repair(pb, x)), best, best_val)
            top = math.floor(Z + _margin(Z))
            if pb.units and (rel_gap <= 0 or top - best_val > rel_gap * max(1.0, abs(top))):
                for x in _capped_flows(pb, lag, rc_fixed, xlp, left):
                    if x is not None:
                        best, best_val = _better(pb, fill(pb, repair(pb, x)), best, best_val)
    st["heur_s"] = round(time.perf_counter() - t0, 4)
    st["heur_obj"] = None if best is None else int(pb.base[best].sum())
    if use_mip and rc_fixed is not None:
        # stale duals overshoot by about one unit: start one level lower
        best, best_val, Z = _close_gap(pb, rc_fixed, Zr, best, best_val, Z, left, st, rel_gap=rel_gap,
                                       j=1 if warm is not None else 0)
        st["mip_s"] = round(time.perf_counter() - t0, 4)
    if best is None:  # nothing feasible found (only possible with locks)
        x0 = Lap(pb).solve(pb.W.astype(float)) if x0 is None else x0
        best, Z = fill(pb, repair(pb, x0)), None
    warm_out = st.pop("warm", None)
    res = finish(pb, best, t0, Z, "feasible", "warm+mip" if warm else "lp+mip", st)
    res.warm = warm_out if warm_out is not None else warm
    return res


def capped_flow(pb: Problem, weights: np.ndarray, cols: np.ndarray, time_limit: float = 5.0):
    """Best plan for ``weights`` under the matching rows and the home-unit caps only (no
    share rule) on the free edges ``cols``: the network source -> unit (cap) ->
    candidate (1) -> post (1) -> sink, solved exactly as an assignment problem (LAPJVsp)
    with a gadget: a unit with k candidates and room r gets k - r "blocker" rows joined
    to all its candidates, and every row must be matched, so at most r of them reach a
    post.  Returns a mask over the free edges."""
    cols = np.unique(cols)
    cols = cols[weights[cols] > 0]
    x = np.zeros(pb.E.shape[0], bool)
    if cols.size == 0:
        return x
    cands, ci = np.unique(pb.ec[cols], return_inverse=True)
    posts, pi = np.unique(pb.ep[cols], return_inverse=True)
    nC, nP = cands.size, posts.size
    wt = weights[cols].astype(float)
    C = float(wt.max()) + 1.0
    rows = [pi]
    colsj = [ci]
    data = [C - wt]
    rows.append(np.arange(nP))  # each post's own "stay empty" column
    colsj.append(nC + np.arange(nP))
    data.append(np.full(nP, C))
    nrow = nP
    cu = np.full(len(pb.inst.candidates), -1, np.int64)
    cu[pb.ec] = pb.eu
    ucand = cu[cands]
    if len(pb.units):
        k = np.bincount(ucand[ucand >= 0], minlength=len(pb.units)) - pb.room
        for u in np.flatnonzero(k > 0).tolist():
            members = np.flatnonzero(ucand == u)
            kb = int(k[u])
            rows.append(np.repeat(nrow + np.arange(kb), members.size))
            colsj.append(np.tile(members, kb))
            data.append(np.full(kb * members.size, 1.0))
            nrow += kb
    M = csr_matrix((np.concatenate(data), (np.concatenate(rows), np.concatenate(colsj))),
                   shape=(nrow, nC + nP))
    r, c = min_weight_full_bipartite_matching(M)
    real = (r < nP) & (c < nC)
    # map (post, candidate) back to the edge
    key = pi.astype(np.int64) * nC + ci
    order = np.argsort(key)
    want = r[real].astype(np.int64) * nC + c[real]
    hit = order[np.searchsorted(key[order], want)]
    x[cols[hit]] = True
    return x


def _capped_flows(pb: Problem, lag: np.ndarray, rc: np.ndarray, xlp: np.ndarray, left) -> list:
    """Plans for the Lagrangian weights (share rule priced by its LP multipliers) with the
    caps kept exactly, on the pairs of small reduced cost (an optimal Lagrangian plan only
    uses pairs of reduced cost 0; the slack gives other ways to break ties), plus a small
    bonus to women in target groups.  Each is then repaired for the share rule and filled."""
    out = []
    for delta, bonus in ((5.0, 0.0), (30.0, 0.0), (30.0, 0.5)):
        if left() < 0.3:
            break
        cols = np.flatnonzero(rc >= -delta * pb.K)
        if cols.size > 40000:
            cols = cols[np.argpartition(-rc[cols], 40000)[:40000]]
        weights = lag + bonus * pb.K * (pb.ew & (pb.eg >= 0))
        out.append(capped_flow(pb, weights, np.concatenate([cols, np.flatnonzero(xlp)]),
                               time_limit=max(0.1, 0.3 * left())))
    return out


def _column_generation(pb, x0, Z, left, st):
    """LP bound by column generation; returns (rc after fix, mu, Z, LP-rounded x)."""
    nE = pb.E.shape[0]
    cg = ColGen(pb)
    tgt = pb.eg >= 0
    cg.add(np.concatenate([np.flatnonzero(x0), _top_per_post(pb, np.ones(nE, bool), 4),
                           _top_per_post(pb, tgt & pb.ew, 4)]))
    rc_fixed, mu, w = None, np.zeros(len(pb.facets)), np.zeros(len(pb.units))
    tol = 1e-7 * max(1.0, float(pb.W.max()))
    rounds = 0
    ok = False
    while left() > 0.05:
        rounds += 1
        ok = cg.run(left())
        if not ok and rounds == 1:
            break
        u, v, mu, w = cg.duals()
        rc, rc_fixed, Zr = price(pb, u, v, mu, w)
        Z = min(Z, Zr)
        cand = np.flatnonzero((rc > tol) & ~cg.in_model)
        if cand.size == 0 or not ok:
            break
        lim = max(2000, 2 * len(pb.inst.posts))
        if cand.size > lim:
            cand = cand[np.argpartition(-rc[cand], lim)[:lim]]
        cg.add(cand)
    st.update(lp_rounds=rounds, lp_cols=int(cg.cols.size))
    if rc_fixed is None:
        return None, mu, w, Z, None
    st["warm"] = _to_warm(pb, u, v, mu, w)
    # an LP stopped by the time limit may be primal infeasible: only an optimal one is rounded
    xlp = cg.primal() > 0.5 if ok else np.zeros(nE, bool)
    return rc_fixed, mu, w, Z, xlp


def _to_warm(pb: Problem, u, v, mu, w) -> dict:
    """LP duals per unit of base weight, keyed by ids so that they survive
    instance edits (a drop-out) and JSON (``result_to_dict(res, warm=True)``)."""
    inst, K = pb.inst, float(pb.K)
    return {"u": {inst.candidates[i].id: float(u[i]) / K for i in np.flatnonzero(u > 0)},
            "v": {inst.posts[i].id: float(v[i]) / K for i in np.flatnonzero(v > 0)},
            "mu": {_facet_key(pb, f): float(m) / K for f, m in zip(pb.facets, mu, strict=False) if m > 0},
            "w": {pb.units[i]: float(w[i]) / K for i in np.flatnonzero(w > 0)}}


def _facet_key(pb: Problem, f) -> str:
    return f"{pb.idx.groups[f.g]}|{f.cw}|{f.cm}|{f.rhs}"


def _from_warm(pb: Problem, warm: dict):
    inst, K = pb.inst, float(pb.K)
    u = np.zeros(len(inst.candidates))
    v = np.zeros(len(inst.posts))
    for cid, val in warm["u"].items():
        i = inst.cand_pos.get(cid)
        if i is not None:
            u[i] = val * K
    for pid, val in warm["v"].items():
        i = inst.post_pos.get(pid)
        if i is not None:
            v[i] = val * K
    mu = np.array([warm["mu"].get(_facet_key(pb, f), 0.0) * K for f in pb.facets])
    w_old = warm.get("w") or {}
    w = np.array([w_old.get(name, 0.0) * K for name in pb.units])
    # rows without a free pair (locked or gone) constrain nothing: their duals
    # would only loosen the bound
    live_c = np.zeros(u.shape[0], bool)
    live_c[pb.ec] = True
    live_p = np.zeros(v.shape[0], bool)
    live_p[pb.ep] = True
    return np.where(live_c, u, 0.0), np.where(live_p, v, 0.0), mu, w


def _close_gap(pb, rc, Zr, best, best_val, Z, left, st, j=0, rel_gap=0.0):
    """Reduced-cost fixing + HiGHS MIP with a cutoff.  ``rc`` are reduced costs
    of a dual solution worth ``Zr``: a plan using pair e is worth <= Zr + rc[e]
    (scaled units).  Round j asks "is there a plan worth >= T?" with
    T = max(incumbent + 1, (B - j) K), B = floor of the bound in real units and
    j = 0, 1, 3, 7, ...: only pairs with rc >= -(Zr - T) can be in such a plan,
    so a MIP on them with cutoff T either finds the optimum or proves that
    every plan is worth < T."""
    nE = rc.shape[0]
    B = math.floor((Z + _margin(Z)) / pb.K)
    # the last MIP saw every pair with rc >= -solved (solved_n of them), cutoff solved_cut
    solved, solved_n, solved_cut = -math.inf, -1, math.inf
    def close_enough() -> bool:
        top = math.floor(Z + _margin(Z))
        return best_val >= top or (rel_gap > 0 and best is not None
                                   and (top - best_val) <= rel_gap * max(1.0, abs(top)))

    while left() > 0.2 and not close_enough():
        margin = _margin(Z)
        target = max(best_val + 1, (B - j) * pb.K)
        delta = max(0.0, Zr - target) + margin
        keep = rc >= -delta
        if best is not None and target > best_val + 1:
            # settling the incumbent directly costs one MIP; worth it once the
            # level sets are about as large (big LP gaps, e.g. scarce women)
            full = rc >= -(max(0.0, Zr - best_val - 1) + margin)
            if np.count_nonzero(full) <= 1.2 * np.count_nonzero(keep) + 50:
                target, delta, keep = best_val + 1, max(0.0, Zr - best_val - 1) + margin, full
        cut = target  # a plan outside R is worth < Zr - delta = target - margin
        if keep.sum() > MIP_EDGE_CAP:
            delta = -float(np.partition(rc, nE - MIP_EDGE_CAP)[nE - MIP_EDGE_CAP])
            keep = rc >= -delta
            cut = max(target, math.floor(Zr - delta) + 1)
        R = np.flatnonzero(keep)
        if np.count_nonzero(keep) == solved_n:
            solved = max(solved, delta)  # same pairs as a solved MIP
        if delta > solved + 1e-9 or cut < solved_cut:
            h = edge_model(pb, R, integer=True)
            h.setOptionValue("objective_bound", -(cut - 0.5))  # only plans >= cut
            # HiGHS overshoots its limit (presolve, cuts): leave it some slack
            xr, opt, val, mb = run_mip(h, 0.8 * left() - 0.05, abs_gap=0.99,
                                       presolve=R.size < 2000)
            st["mip_edges"] = int(R.size)
            st["mip_rounds"] = st.get("mip_rounds", 0) + 1
            if xr is not None:
                x = np.zeros(nE, bool)
                x[R[xr]] = True
                best, best_val = _better(pb, x, best, best_val)
            if not opt:  # time out inside the MIP
                if mb is not None and math.isfinite(mb):
                    Z = min(Z, max(mb, cut - 1, best_val))
                break
            solved, solved_n, solved_cut = delta, int(np.count_nonzero(keep)), cut
        if best_val >= cut:
            Z = best_val  # nothing outside R reaches cut, R's optimum is best
            break
        Z = min(Z, cut - 1)  # no plan reaches cut
        j = 1 if j == 0 else 2 * j + 1
    return best, best_val, Z


def finish(pb: Problem, x, t0: float, Z, status: str, method: str, stats=None) -> Result:
    """Build the Result: totals in real units, targets, infeasible targets."""
    inst, idx = pb.inst, pb.idx
    stats = dict(stats or {})
    if pb.errors:
        stats["errors"] = pb.errors
        return Result("infeasible", None, None, time.perf_counter() - t0, [], method=method,
                      stats=stats)
    if x is None and status == "timeout":  # no plan at all
        return Result("timeout", None, None if Z is None else math.floor(Z + _margin(Z)),
                      time.perf_counter() - t0, [], method=method, stats=stats)
    chosen = np.concatenate([pb.locked, pb.E[x]]) if x is not None else pb.locked
    lock_base = int(inst.fill_weight) * pb.locked.size + int(idx.score[pb.locked].sum())
    objective = lock_base + (int(pb.base[x].sum()) if x is not None else 0)
    bound = None
    if Z is not None:
        bound = lock_base + math.floor((Z + _margin(Z)) / pb.K)
        bound = max(bound, objective)  # numerical guard: bound never below a plan
        if objective >= bound and status in ("feasible", "optimal"):
            status = "optimal"
    assignment = [(inst.candidates[c].id, inst.posts[p].id)
                  for c, p in zip(idx.cand[chosen].tolist(), idx.post[chosen].tolist(), strict=True)]
    targets, infeasible = target_report(inst, chosen)
    if any(v["reason"] == "locked_pairs" for v in infeasible.values()):
        status = "infeasible"
    res = Result(status, objective, bound, time.perf_counter() - t0, assignment,
                 infeasible_targets=infeasible, targets=targets, method=method, stats=stats)
    return res


def count_changes(previous, assignment) -> int:
    """Posts whose occupant differs between two assignments."""
    before = {p: c for c, p in (previous or ())}
    after = {p: c for c, p in assignment}
    return sum(1 for p in set(before) | set(after) if before.get(p) != after.get(p))


def target_report(inst: Instance, chosen: np.ndarray):
    idx = inst.index
    G = len(idx.groups)
    n = np.bincount(idx.group[chosen], minlength=G)
    m = np.bincount(idx.group[chosen], weights=idx.woman[chosen], minlength=G).astype(int)
    c_busy = np.zeros(len(inst.candidates), bool)
    c_busy[idx.cand[chosen]] = True
    p_busy = np.zeros(len(inst.posts), bool)
    p_busy[idx.post[chosen]] = True
    open_man = ~p_busy[idx.post] & ~c_busy[idx.cand] & ~idx.woman
    targets, infeasible = {}, {}
    for g in np.flatnonzero(idx.has_target).tolist():
        name, s = idx.groups[g], float(idx.share[g])
        need = required_women(s, int(n[g]))
        targets[name] = {"target": s, "assigned": int(n[g]), "women": int(m[g]),
                         "required": need, "met": bool(m[g] >= need)}
        if m[g] < need:
            infeasible[name] = {"shortfall": int(need - m[g]), "reason": "locked_pairs"}
            continue
        k = int(np.unique(idx.post[open_man & (idx.group == g)]).size)
        if k:
            infeasible[name] = {"shortfall": int(required_women(s, int(n[g]) + k) - m[g]),
                                "unfilled_posts": k, "reason": "not_enough_women"}
    return targets, infeasible
