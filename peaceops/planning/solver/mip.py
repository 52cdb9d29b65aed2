"""HiGHS models: helpers used by the main solver and a generic MIP baseline.

``solve_mip(instance, time_limit=60, locked=(), previous=None)`` is the plain
textbook formulation (x_e binary, each candidate <= 1, each post <= 1, per
group  sum (woman_e - s) x_e >= -locked contribution, per home unit
sum x_e <= max_per_unit - locked people of the unit) handed to HiGHS as is.
It is the comparison baseline of the benchmark and an independent fallback.

``edge_model``/``run_mip`` build and run the (restricted) models of
:mod:`.solve` (rows: candidates, posts, then share facets); ``Lap`` is the
max-weight matching (scipy LAPJVsp) and ``ColGen`` the LP by column generation
used for the bound.
"""
from __future__ import annotations

import math
import time

import highspy
import numpy as np
from scipy.sparse import csc_matrix, csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from .model import Instance, Problem, Result, prepare, required_women

INF = highspy.kHighsInf


def _silent(h: highspy.Highs) -> None:
    h.setOptionValue("output_flag", False)
    h.setOptionValue("log_to_console", False)


def edge_triplets(pb: Problem, sel: np.ndarray, first_col: int = 0,
                  share_rows: str = "facets"):
    """(rows, cols, vals, row_lo, row_hi) of the columns for free edges ``sel``.

    Rows: candidates (<= 1), posts (<= 1), share rows, then one row per home unit that
    can bind (sum <= room, see :func:`.model._unit_rows`).

    share_rows="facets": exact hull facets of :func:`prepare`;
    share_rows="plain": one row sum (woman - s) x >= s n_L - m_L - slack per group.
    """
    nc, npost = len(pb.inst.candidates), len(pb.inst.posts)
    k = sel.shape[0]
    cols = np.arange(first_col, first_col + k)
    rows = [pb.ec[sel].astype(np.int64), nc + pb.ep[sel].astype(np.int64)]
    cc = [cols, cols]
    vals = [np.ones(k), np.ones(k)]
    lo: list = []
    r = nc + npost
    g = pb.eg[sel]
    w = pb.ew[sel]
    extra = []
    if share_rows in ("facets", "both"):
        extra = [(f.g, float(f.cw), float(f.cm), float(f.rhs)) for f in pb.facets]
    if share_rows in ("plain", "both"):
        idx = pb.idx
        for gg in pb.req:
            s = float(idx.share[gg])
            lg = idx.group[pb.locked] == gg
            nl, ml = int(lg.sum()), int(idx.woman[pb.locked][lg].sum())
            extra.append((gg, 1.0 - s, -s, s * nl - ml - pb.slack[gg]))
    for gg, cw, cm, rhs in extra:
        m = np.flatnonzero(g == gg)
        v = np.where(w[m], cw, cm)
        nz = v != 0
        rows.append(np.full(int(nz.sum()), r, np.int64))
        cc.append(cols[m[nz]])
        vals.append(v[nz])
        lo.append(rhs)
        r += 1
    # home-unit cap: one row per unit that can bind, sum x_e <= room (after the share rows)
    nu = len(pb.units)
    if nu:
        u = pb.eu[sel]
        m = u >= 0
        rows.append(r + u[m].astype(np.int64))
        cc.append(cols[m])
        vals.append(np.ones(int(m.sum())))
    row_lo = np.concatenate([np.full(nc + npost, -INF), np.array(lo, float), np.full(nu, -INF)])
    row_hi = np.concatenate([np.ones(nc + npost), np.full(len(lo), INF),
                             np.asarray(pb.room, float) if nu else np.zeros(0)])
    return np.concatenate(rows), np.concatenate(cc), np.concatenate(vals), row_lo, row_hi


def edge_model(pb: Problem, sel: np.ndarray, *, integer: bool, share_rows: str = "facets",
               weights: np.ndarray | None = None) -> highspy.Highs:
    """HiGHS model maximising sum W x over free edges ``sel`` (as min of -W)."""
    rows, cols, vals, row_lo, row_hi = edge_triplets(pb, sel, 0, share_rows)
    k = sel.shape[0]
    A = csc_matrix((vals, (rows, cols)), shape=(row_lo.shape[0], k))
    lp = highspy.HighsLp()
    lp.num_col_ = k
    lp.num_row_ = row_lo.shape[0]
    cost = pb.W[sel] if weights is None else weights
    lp.col_cost_ = -np.asarray(cost, dtype=float)
    lp.col_lower_ = np.zeros(k)
    lp.col_upper_ = np.ones(k) if integer else np.full(k, INF)
    lp.row_lower_ = row_lo
    lp.row_upper_ = row_hi
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = A.indptr.astype(np.int32)
    lp.a_matrix_.index_ = A.indices.astype(np.int32)
    lp.a_matrix_.value_ = A.data
    lp.a_matrix_.num_col_ = k
    lp.a_matrix_.num_row_ = row_lo.shape[0]
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * k
    h = highspy.Highs()
    _silent(h)
    h.passModel(lp)
    return h


def run_mip(h: highspy.Highs, time_limit: float, start: np.ndarray | None = None,
            abs_gap: float = 0.99, threads: int = 1, presolve: bool = True):
    """Run a model built by :func:`edge_model` (integer). Returns
    (x bool array or None, proven_optimal, incumbent value, dual bound) in max sense."""
    h.setOptionValue("time_limit", max(0.05, float(time_limit)))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", float(abs_gap))
    h.setOptionValue("threads", int(threads))
    if not presolve:  # restricted models are already tiny; presolve costs more than it saves
        h.setOptionValue("presolve", "off")
    if start is not None and start.shape[0]:
        h.setSolution(int(start.shape[0]), np.arange(start.shape[0], dtype=np.int32),
                      start.astype(float))
    h.run()
    st = h.getModelStatus()
    info = h.getInfo()
    x = None
    if info.primal_solution_status >= 2:  # feasible
        x = np.asarray(h.getSolution().col_value) > 0.5
    bound = -info.mip_dual_bound if math.isfinite(info.mip_dual_bound) else None
    val = -info.objective_function_value if x is not None else None
    optimal = st == highspy.HighsModelStatus.kOptimal
    if st == highspy.HighsModelStatus.kInfeasible:
        return None, True, None, -math.inf
    return x, optimal, val, bound


class Lap:
    """Max-weight bipartite matching on the free edges (LAPJVsp, posts x
    (candidates + one dummy per post)); structure built once, weights vary."""

    def __init__(self, pb: Problem):
        self.pb = pb
        nP, nC, nE = len(pb.inst.posts), len(pb.inst.candidates), pb.E.shape[0]
        order = np.argsort(pb.ep, kind="stable")
        self.order = order
        counts = np.bincount(pb.ep, minlength=nP) + 1
        self.indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        ep_sorted = pb.ep[order]
        first = np.searchsorted(ep_sorted, np.arange(nP))
        self.pos = np.empty(nE, np.int64)
        self.pos[order] = self.indptr[ep_sorted] + np.arange(nE) - first[ep_sorted]
        self.dpos = self.indptr[1:] - 1
        self.indices = np.empty(self.indptr[-1], np.int32)
        self.indices[self.pos] = pb.ec
        self.indices[self.dpos] = nC + np.arange(nP)
        key = pb.ep.astype(np.int64) * nC + pb.ec
        self.kperm = np.argsort(key)
        self.ksorted = key[self.kperm]
        self.nP, self.nC = nP, nC

    def solve(self, adj: np.ndarray) -> np.ndarray:
        x = np.zeros(adj.shape[0], bool)
        if adj.shape[0] == 0:
            return x
        C = max(float(adj.max()), 0.0) + 1.0
        data = np.empty(self.indptr[-1])
        data[self.pos] = np.where(adj > 0, C - adj, C + 1.0)
        data[self.dpos] = C
        M = csr_matrix((data, self.indices, self.indptr), shape=(self.nP, self.nC + self.nP))
        rows, cols = min_weight_full_bipartite_matching(M)
        real = cols < self.nC
        key = rows[real].astype(np.int64) * self.nC + cols[real]
        e = self.kperm[np.searchsorted(self.ksorted, key)]
        x[e[adj[e] > 0]] = True
        return x


class ColGen:
    """LP relaxation (candidates, posts, share facets) by column generation."""

    def __init__(self, pb: Problem):
        self.pb = pb
        self.nc, self.np_ = len(pb.inst.candidates), len(pb.inst.posts)
        _, _, _, row_lo, row_hi = edge_triplets(pb, np.zeros(0, np.int64))
        self.nrow = row_lo.shape[0]
        self.rhs = np.array([f.rhs for f in pb.facets], float)
        lp = highspy.HighsLp()
        lp.num_col_ = 0
        lp.num_row_ = self.nrow
        lp.row_lower_ = row_lo
        lp.row_upper_ = row_hi
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.zeros(1, np.int32)
        self.h = highspy.Highs()
        _silent(self.h)
        self.h.passModel(lp)
        self.cols = np.zeros(0, np.int64)
        self.solved = False
        self.in_model = np.zeros(pb.E.shape[0], bool)

    def add(self, sel: np.ndarray) -> int:
        sel = np.unique(sel)
        sel = sel[~self.in_model[sel]]
        if sel.size == 0:
            return 0
        rows, cols, vals, _, _ = edge_triplets(self.pb, sel)
        A = csc_matrix((vals, (rows, cols)), shape=(self.nrow, sel.size))
        self.h.addCols(int(sel.size), -self.pb.W[sel].astype(float), np.zeros(sel.size),
                       np.full(sel.size, INF), int(A.nnz), A.indptr[:-1].astype(np.int32),
                       A.indices.astype(np.int32), A.data)
        self.cols = np.concatenate([self.cols, sel])
        self.in_model[sel] = True
        return int(sel.size)

    def run(self, time_limit: float) -> bool:
        """Solve; the first large solve uses interior point + crossover (much
        faster from scratch), later ones warm-start the dual simplex."""
        big = self.cols.size > 4000 and not self.solved
        self.h.setOptionValue("solver", "ipm" if big else "simplex")
        self.h.setOptionValue("run_crossover", "on")
        self.h.setOptionValue("time_limit", max(0.05, float(time_limit)))
        self.h.run()
        self.solved = True
        return self.h.getModelStatus() == highspy.HighsModelStatus.kOptimal

    def duals(self):
        y = np.asarray(self.h.getSolution().row_dual)
        nc, npo, nf = self.nc, self.np_, len(self.pb.facets)
        return (np.maximum(0.0, -y[:nc]), np.maximum(0.0, -y[nc:nc + npo]),
                np.maximum(0.0, y[nc + npo:nc + npo + nf]), np.maximum(0.0, -y[nc + npo + nf:]))

    def primal(self) -> np.ndarray:
        xl = np.zeros(self.pb.E.shape[0])
        xl[self.cols] = np.asarray(self.h.getSolution().col_value)
        return xl


def solve_mip(inst: Instance, *, time_limit: float = 60.0, locked=(), previous=None,
              share_rows: str = "plain", presolve: bool | None = None) -> Result:
    """Generic HiGHS MIP on the whole problem (baseline / fallback).

    ``presolve=None`` (auto) turns HiGHS presolve off above 200k pairs: on the
    coalition model (585k binaries) HiGHS 1.12 presolve runs ~110 s, reduces
    nothing and ignores the time limit meanwhile."""
    from .solve import finish  # local import: solve imports this module

    t0 = time.perf_counter()
    pb = prepare(inst, locked, previous)
    if pb.errors:
        return finish(pb, None, t0, None, "infeasible", "mip")
    sel = np.arange(pb.E.shape[0])
    if sel.size == 0:  # nothing to decide (HiGHS reports an empty model otherwise)
        return finish(pb, np.zeros(0, bool), t0, 0.0, "optimal", "mip")
    h = edge_model(pb, sel, integer=True, share_rows=share_rows)  # unit cap rows included
    if presolve is None:
        presolve = sel.size <= 200_000
    x, optimal, val, bound = run_mip(h, time_limit - (time.perf_counter() - t0),
                                     abs_gap=0.99 if pb.K == 1 else 0.5, threads=1,
                                     presolve=presolve)
    if x is None and bound == -math.inf:
        return finish(pb, None, t0, None, "infeasible", "mip")
    ub = None if bound is None else math.floor((bound + 1e-6) / pb.K)
    status = "timeout" if x is None else "feasible"
    res = finish(pb, x, t0, ub, status, "mip")
    if optimal and x is not None:
        res.status = "optimal"
        res.bound = res.objective if pb.K == 1 or ub is None else min(ub, res.objective)
    return res


def share_required(inst: Instance, group: str, assigned: int) -> int:
    return required_women(float(inst.min_women_share.get(group, 0.0)), assigned)
