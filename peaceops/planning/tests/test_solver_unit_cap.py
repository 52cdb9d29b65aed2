"""The home-unit cap ("at most K people from one home unit") in the pure solver: exact on small
instances against brute force, checked by the independent validator, explained."""
from __future__ import annotations

import itertools
import random
from collections import Counter

import numpy as np
import pytest

from peaceops.planning.solver import (
    Candidate,
    Instance,
    Pair,
    Post,
    explain,
    generate,
    greedy,
    load_instance,
    solve,
    solve_mip,
    validate,
)
from peaceops.planning.solver.model import instance_to_dict, prepare, required_women, unit_overflow
from peaceops.planning.solver.solve import capped_flow


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Runs without Django (overrides the project conftest's autouse fixture)."""
    yield


def capped_instance(seed: int, cap: int = 1) -> Instance:
    rnd = random.Random(seed)
    posts = [Post(f"p{i}", "AB"[i % 2]) for i in range(rnd.randint(3, 5))]
    cands = [Candidate(f"c{j}", rnd.random() < 0.3, rnd.choice(["U1", "U2", "U3", ""]))
             for j in range(rnd.randint(5, 7))]
    pairs = [Pair(c.id, p.id, rnd.randint(0, 30)) for c in cands for p in posts if rnd.random() < 0.6]
    share = {"A": 0.34} if seed % 2 else {}
    return Instance(100, posts, cands, pairs, share, cap)


def brute_force(inst: Instance, locked=()) -> int | None:
    """Best objective over every plan that keeps `locked` and every hard rule (None: none)."""
    elig: dict = {}
    for pr in inst.pairs:
        elig.setdefault(pr.post, []).append((pr.candidate, pr.score))
    unit = {c.id: c.unit for c in inst.candidates}
    woman = {c.id: c.woman for c in inst.candidates}
    group = {p.id: p.group for p in inst.posts}
    options = [[None] + elig.get(p.id, []) for p in inst.posts]
    best = None
    for combo in itertools.product(*options):
        chosen = [(o[0], p.id, o[1]) for o, p in zip(combo, inst.posts, strict=True) if o is not None]
        people = [c for c, _p, _s in chosen]
        if len(set(people)) != len(people) or any(lk not in {(c, p) for c, p, _ in chosen} for lk in locked):
            continue
        counts: dict = {}
        for c in people:
            if unit[c]:
                counts[unit[c]] = counts.get(unit[c], 0) + 1
        if any(n > inst.max_per_unit for n in counts.values()):
            continue
        ok = True
        for g, s in inst.min_women_share.items():
            n = sum(1 for _c, p, _s in chosen if group[p] == g)
            m = sum(1 for c, p, _s in chosen if group[p] == g and woman[c])
            ok &= m >= required_women(s, n)
        if ok:
            value = sum(inst.fill_weight + s for _c, _p, s in chosen)
            best = value if best is None else max(best, value)
    return best


@pytest.mark.parametrize("seed", range(16))
def test_the_capped_plan_matches_brute_force_and_passes_the_validator(seed):
    inst = capped_instance(seed, cap=1 + seed % 2)
    res = solve(inst, time_limit=5)
    assert validate(inst, res) == []
    assert unit_overflow(inst, res.assignment) == {}
    assert res.objective == brute_force(inst)
    assert res.status == "optimal" and res.bound == res.objective


def test_a_cap_that_binds_is_a_row_of_the_lp_and_the_plan_is_proven_optimal():
    posts = [Post(f"p{i}", "G") for i in range(3)]
    cands = [Candidate("a", False, "U1"), Candidate("b", False, "U1"), Candidate("c", False, "U2")]
    pairs = [Pair("a", "p0", 30), Pair("b", "p1", 30), Pair("c", "p2", 1), Pair("c", "p0", 5)]
    inst = Instance(100, posts, cands, pairs, {}, 1)
    res = solve(inst)
    assert res.stats["unit_rows"] == 1  # U1 (two people, room 1); U2 cannot bind
    assert res.stats["lap_unit_over"] == 1  # the plan without the cap takes both of U1
    # one of a, b (same unit); b on p1 leaves p0 to c: 130 + 105 beats a on p0 and c on p2 (130 + 101)
    assert sorted(res.assignment) == [("b", "p1"), ("c", "p0")]
    assert res.objective == 235 and res.status == "optimal"
    assert validate(inst, res) == []
    passed = {e["candidate"]: e["code"] for e in explain(inst, res)["passed_over"]}
    assert list(passed.values()) == ["home_unit_cap"]


def test_the_validator_refuses_a_plan_over_the_cap():
    inst = Instance(100, [Post("p0", "G"), Post("p1", "G")],
                    [Candidate("a", False, "U1"), Candidate("b", False, "U1")],
                    [Pair("a", "p0", 1), Pair("b", "p1", 1)], {}, 1)
    violations = validate(inst, [("a", "p0"), ("b", "p1")])
    assert violations == [{"code": "unit_cap_exceeded", "unit": "U1", "assigned": 2, "cap": 1}]


def test_locks_above_the_cap_are_refused_with_a_reason():
    inst = Instance(100, [Post("p0", "G"), Post("p1", "G")],
                    [Candidate("a", False, "U1"), Candidate("b", False, "U1")],
                    [Pair("a", "p0", 1), Pair("b", "p1", 1)], {}, 1)
    res = solve(inst, locked=[("a", "p0"), ("b", "p1")])
    assert res.status == "infeasible" and res.assignment == []
    assert res.stats["errors"] == [{"code": "locked_pairs_exceed_unit_cap", "unit": "U1", "locked": 2, "cap": 1}]


def test_the_cap_and_units_survive_the_json_round_trip():
    inst = capped_instance(3, cap=2)
    again = load_instance(instance_to_dict(inst))
    assert again.max_per_unit == 2
    assert [c.unit for c in again.candidates] == [c.unit for c in inst.candidates]


@pytest.mark.parametrize("seed", range(12))
def test_the_capped_plan_equals_the_generic_mip_with_shares_and_caps(seed):
    """Mid-sized random instances (beyond brute force): our solver and HiGHS on the plain
    textbook model (cap rows included) agree on the optimum; both plans pass the validator."""
    inst = generate(60, 24, pairs_per_candidate=6, groups=3, women_share=0.2, target=0.25,
                    seed=seed, units=8, max_per_unit=2 + seed % 3)
    ours = solve(inst, time_limit=20)
    mip = solve_mip(inst, time_limit=60)
    assert mip.status == "optimal"
    assert validate(inst, ours) == [] and validate(inst, mip) == []
    assert ours.objective == mip.objective
    assert ours.bound is not None and ours.bound >= mip.objective
    assert ours.status == "optimal"


def test_with_the_cap_and_no_share_rule_the_lp_is_a_flow_and_proves_optimality_at_once():
    inst = generate(400, 120, seed=4, target=None, units=30, max_per_unit=3)
    res = solve(inst, time_limit=20)
    assert res.stats["unit_rows"] > 0 and res.stats["lap_unit_over"] > 0
    assert res.status == "optimal" and "mip_rounds" not in res.stats
    assert validate(inst, res) == []
    assert res.objective == solve_mip(inst, time_limit=60).objective


def test_the_capped_flow_is_exact_for_its_weights():
    """The blocker-row assignment gadget against HiGHS's LP of the same network."""
    inst = generate(200, 60, seed=2, target=None, units=15, max_per_unit=2)
    pb = prepare(inst)
    x = capped_flow(pb, pb.W.astype(float), np.arange(pb.E.shape[0]))
    assert not pb.unit_over(np.flatnonzero(x))
    assert int(pb.W[x].sum()) == solve_mip(inst, time_limit=60).objective


def test_a_lock_uses_up_room_in_its_unit():
    posts = [Post(f"p{i}", "G") for i in range(3)]
    cands = [Candidate("a", False, "U1"), Candidate("b", False, "U1"), Candidate("c", False, "U1"),
             Candidate("d", False, "")]
    pairs = [Pair(c, p.id, 10) for c in "abc" for p in posts] + [Pair("d", "p2", 0)]
    inst = Instance(100, posts, cands, pairs, {}, 2)
    res = solve(inst, locked=[("c", "p0")])
    assert ("c", "p0") in res.assignment and res.status == "optimal"
    assert sum(1 for c, _p in res.assignment if c in "abc") == 2 and ("d", "p2") in res.assignment
    assert validate(inst, res, locked=[("c", "p0")]) == []


def test_the_generator_spreads_candidates_over_uneven_units_without_changing_the_rest():
    plain = generate(300, 50, seed=5)
    units = generate(300, 50, seed=5, units=20, max_per_unit=4)
    assert [(p.candidate, p.post, p.score) for p in plain.pairs] == \
        [(p.candidate, p.post, p.score) for p in units.pairs]
    sizes = sorted(Counter(c.unit for c in units.candidates).values())
    assert units.max_per_unit == 4 and len(sizes) <= 20 and sizes[-1] >= 3 * sizes[len(sizes) // 2]


def test_greedy_respects_the_cap():
    inst = generate(400, 120, seed=1, units=30, max_per_unit=3)
    g = greedy(inst)
    assert validate(inst, g) == [] and unit_overflow(inst, g.assignment) == {}


def test_a_re_plan_with_warm_duals_keeps_the_cap():
    inst = generate(300, 90, seed=3, units=20, max_per_unit=3)
    first = solve(inst, time_limit=20)
    gone = first.assignment[0][0]
    inst2 = Instance(inst.fill_weight, inst.posts, [c for c in inst.candidates if c.id != gone],
                     [p for p in inst.pairs if p.candidate != gone], inst.min_women_share, 3)
    again = solve(inst2, time_limit=20, previous=first)
    assert validate(inst2, again) == []
    assert again.bound is not None and again.bound >= again.objective


def test_rel_gap_stops_once_the_plan_is_proven_close_enough():
    inst = generate(400, 120, seed=6, units=20, max_per_unit=3)
    res = solve(inst, time_limit=20, rel_gap=0.01)
    assert validate(inst, res) == []
    assert res.bound is not None and res.gap <= 0.01
