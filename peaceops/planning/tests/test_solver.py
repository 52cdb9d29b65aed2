"""Tests of the pure rotation solver (no Django)."""
from __future__ import annotations

import io
import itertools
import json
import random

import pytest

from peaceops.planning.solver import (
    Candidate,
    Instance,
    Pair,
    Post,
    explain,
    generate,
    greedy,
    instance_to_dict,
    load_instance,
    result_to_dict,
    solve,
    solve_mip,
    validate,
)
from peaceops.planning.solver.cli import run
from peaceops.planning.solver.model import InstanceError, required_women
from peaceops.planning.solver.solve import count_changes


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Overrides the project conftest's autouse fixture of that name (it clears
    Django's cache): these tests must run without Django (-p no:django)."""
    yield


def small_instance(seed: int, n_c=None, n_p=None, groups=2) -> Instance:
    rnd = random.Random(seed)
    n_c = n_c or rnd.randint(6, 9)
    n_p = n_p or rnd.randint(4, 6)
    names = ["A", "B", "C"][:groups]
    posts = [Post(f"p{i}", names[i % groups]) for i in range(n_p)]
    cands = [Candidate(f"c{j}", rnd.random() < 0.3) for j in range(n_c)]
    pairs = [Pair(c.id, p.id, rnd.randint(0, 20)) for c in cands for p in posts
             if rnd.random() < 0.45]
    share = {g: rnd.choice([0.25, 0.34, 0.5]) for g in names if rnd.random() < 0.9}
    return Instance(100, posts, cands, pairs, share)


def brute_force(inst: Instance, locked=(), previous=None):
    """Best objective (and, with ``previous``, fewest changes among optima)."""
    group = {p.id: p.group for p in inst.posts}
    woman = {c.id: c.woman for c in inst.candidates}
    elig = {p.id: [(pr.candidate, pr.score) for pr in inst.pairs if pr.post == p.id]
            for p in inst.posts}
    lock = {p: c for c, p in locked}
    best = (None, None, None)
    prev = {p: c for c, p in (previous or [])}

    def rec(i, used, chosen):
        nonlocal best
        if i == len(inst.posts):
            n, m = {}, {}
            for c, p in chosen:
                n[group[p]] = n.get(group[p], 0) + 1
                m[group[p]] = m.get(group[p], 0) + int(woman[c])
            for g, s in inst.min_women_share.items():
                if m.get(g, 0) < required_women(s, n.get(g, 0)):
                    return
            val = sum(inst.fill_weight + sc for _, _, sc in chosen_sc(chosen))
            ch = count_changes(previous, chosen) if previous is not None else 0
            if best[0] is None or (val, -ch) > (best[0], -best[1]):
                best = (val, ch, list(chosen))
            return
        pid = inst.posts[i].id
        if pid in lock:
            rec(i + 1, used | {lock[pid]}, chosen + [(lock[pid], pid)])
            return
        rec(i + 1, used, chosen)
        for c, _ in elig[pid]:
            if c not in used and c not in lock.values():
                rec(i + 1, used | {c}, chosen + [(c, pid)])

    scores = {(pr.candidate, pr.post): pr.score for pr in inst.pairs}

    def chosen_sc(chosen):
        return [(c, p, scores[(c, p)]) for c, p in chosen]

    rec(0, frozenset(), [])
    del prev
    return best


@pytest.mark.parametrize("seed", range(24))
def test_small_instances_match_brute_force(seed):
    inst = small_instance(seed, groups=1 + seed % 3)
    best, _, _ = brute_force(inst)
    res = solve(inst, time_limit=5)
    assert res.objective == best
    assert res.status == "optimal" and res.bound == best
    assert validate(inst, res) == []
    mip = solve_mip(inst, time_limit=5)
    assert mip.objective == best and validate(inst, mip) == []
    g = greedy(inst)
    assert g.objective <= best and validate(inst, g) == []


@pytest.mark.parametrize("seed", range(8))
def test_locked_pairs_are_kept(seed):
    inst = small_instance(100 + seed)
    rnd = random.Random(seed)
    pr = rnd.choice(inst.pairs)
    locked = [(pr.candidate, pr.post)]
    best, _, _ = brute_force(inst, locked)
    res = solve(inst, locked=locked, time_limit=5)
    assert (pr.candidate, pr.post) in res.assignment
    if best is None:  # the lock alone breaks a share target
        assert res.status == "infeasible" and res.infeasible_targets
    else:
        assert res.objective == best and res.status == "optimal"
    assert validate(inst, res, locked) == []


def _tiny(share=0.5, women=1):
    posts = [Post(f"p{i}", "G") for i in range(4)]
    cands = [Candidate(f"m{i}", False) for i in range(4)]
    cands += [Candidate(f"w{i}", True) for i in range(women)]
    pairs = [Pair(c.id, p.id, 10) for c in cands for p in posts]
    return Instance(100, posts, cands, pairs, {"G": share})


def test_not_enough_women_reported_with_shortfall():
    inst = _tiny(0.5, women=1)
    res = solve(inst)
    assert res.status == "optimal"
    assert len(res.assignment) == 2  # one woman + one man: 50 %
    info = res.infeasible_targets["G"]
    assert info["reason"] == "not_enough_women"
    assert info["unfilled_posts"] == 2
    assert info["shortfall"] == required_women(0.5, 4) - 1
    assert validate(inst, res) == []
    codes = {e["code"] for e in explain(inst, res)["unfilled_posts"]}
    assert codes == {"women_share_target"}


def test_locks_making_target_unreachable_report_shortfall():
    inst = _tiny(0.5, women=0)
    locked = [("m0", "p0"), ("m1", "p1")]
    res = solve(inst, locked=locked)
    assert res.status == "infeasible"
    assert res.infeasible_targets["G"] == {"shortfall": 1, "reason": "locked_pairs"}
    assert set(locked) <= set(res.assignment)
    assert len(res.assignment) == 2  # no more men on top of the locks
    assert validate(inst, res, locked) == []
    # the same plan without the report is a violation
    bad = result_to_dict(res)
    bad["infeasible_targets"] = {}
    assert [v["code"] for v in validate(inst, bad, locked)] == ["women_share_below_target"]


def test_invalid_locks_are_infeasible_with_errors():
    inst = _tiny()
    res = solve(inst, locked=[("m0", "p0"), ("m0", "p1"), ("zz", "p2")])
    assert res.status == "infeasible" and res.assignment == []
    codes = [e["code"] for e in res.stats["errors"]]
    assert codes == ["locked_pair_conflict", "locked_pair_not_eligible"]


def test_replan_after_dropout_changes_few_assignments():
    inst = generate(150, 40, pairs_per_candidate=8, groups=3, seed=3)
    first = solve(inst)
    assert first.status == "optimal"
    dropped = first.assignment[0][0]
    inst2 = Instance(inst.fill_weight, inst.posts,
                     [c for c in inst.candidates if c.id != dropped],
                     [p for p in inst.pairs if p.candidate != dropped], inst.min_women_share)
    cold = solve(inst2)
    again = solve(inst2, previous=first)
    assert again.objective == cold.objective and again.status == "optimal"
    assert validate(inst2, again) == []
    assert again.changed == count_changes(first.assignment, again.assignment)
    assert again.changed <= count_changes(first.assignment, cold.assignment)
    assert again.changed <= len(inst.posts) // 4
    plain = solve(inst2, previous=first.assignment)  # assignment only: cold path
    assert (plain.objective, plain.changed) == (again.objective, again.changed)


def test_replan_with_a_new_lock_matches_cold_solve():
    inst = generate(200, 50, pairs_per_candidate=8, groups=3, seed=6)
    first = solve(inst)
    dropped = first.assignment[3][0]
    inst2 = Instance(inst.fill_weight, inst.posts,
                     [c for c in inst.candidates if c.id != dropped],
                     [p for p in inst.pairs if p.candidate != dropped], inst.min_women_share)
    held = {p for _, p in first.assignment}
    free = next(pr for pr in inst2.pairs if pr.post not in held or pr.score < 5)
    locked = [(free.candidate, free.post)]
    again = solve(inst2, previous=first, locked=locked)
    cold = solve(inst2, previous=first.assignment, locked=locked)
    assert locked[0] in again.assignment and validate(inst2, again, locked) == []
    assert (again.objective, again.changed) == (cold.objective, cold.changed)
    assert again.bound == again.objective


@pytest.mark.parametrize("seed", range(6))
def test_replan_minimal_changes_brute_force(seed):
    inst = small_instance(200 + seed)
    first = solve(inst)
    if not first.assignment:
        return
    dropped = first.assignment[0][0]
    inst2 = Instance(inst.fill_weight, inst.posts,
                     [c for c in inst.candidates if c.id != dropped],
                     [p for p in inst.pairs if p.candidate != dropped], inst.min_women_share)
    best, changes, _ = brute_force(inst2, previous=first.assignment)
    res = solve(inst2, previous=first)
    assert (res.objective, res.changed) == (best, changes)


def test_no_targets_is_plain_matching():
    inst = generate(60, 20, pairs_per_candidate=5, target=None, seed=1)
    res = solve(inst)
    assert res.status == "optimal" and res.method == "lap"
    assert validate(inst, res) == []


def test_national_scale_proven_optimal():
    inst = generate(1000, 300, seed=0)
    res = solve(inst, time_limit=20)
    assert res.status == "optimal" and res.bound == res.objective
    assert validate(inst, res) == []
    assert greedy(inst).objective <= res.objective


def test_generate_is_deterministic():
    a = instance_to_dict(generate(50, 12, seed=7))
    b = instance_to_dict(generate(50, 12, seed=7))
    assert a == b and a != instance_to_dict(generate(50, 12, seed=8))
    assert sum(c["woman"] for c in a["candidates"]) == 6


def test_validator_flags_each_rule():
    inst = _tiny(0.25, women=1)
    plan = {"assignment": [["m0", "p0"], ["m0", "p1"], ["m1", "p1"], ["zz", "p2"]],
            "objective": 1, "bound": 0, "status": "optimal"}
    codes = {v["code"] for v in validate(inst, plan, locked=[("w0", "p3")])}
    assert codes >= {"unknown_candidate", "candidate_multiple_posts",
                     "post_multiple_candidates", "locked_pair_missing",
                     "women_share_below_target", "objective_mismatch",
                     "bound_below_objective", "optimal_without_proof"}
    inst2 = Instance(100, [Post("p0", "G")], [Candidate("c0")], [], {})
    assert validate(inst2, [("c0", "p0")])[0]["code"] == "not_eligible"


def test_explain_codes():
    posts = [Post("p0", "G"), Post("p1", "G"), Post("p2", "H"), Post("p3", "H")]
    cands = [Candidate("a"), Candidate("b"), Candidate("c"), Candidate("d")]
    pairs = [Pair("a", "p0", 9), Pair("b", "p0", 5), Pair("c", "p2", 3), Pair("d", "p2", 1)]
    inst = Instance(100, posts, cands, pairs, {})
    locked = [("d", "p2")]
    res = solve(inst, locked=locked)
    rep = explain(inst, res, locked)
    post_codes = {e["post"]: e["code"] for e in rep["unfilled_posts"]}
    assert post_codes == {"p1": "no_eligible_candidate", "p3": "no_eligible_candidate"}
    cand_codes = {e["candidate"]: e["code"] for e in rep["passed_over"]}
    assert cand_codes == {"b": "all_eligible_taken_by_higher_score", "c": "locked"}


def test_load_instance_errors():
    with pytest.raises(InstanceError):
        load_instance({"posts": [{"id": "p"}], "candidates": []})
    with pytest.raises(InstanceError):
        _ = load_instance({"posts": [{"id": "p", "group": "G"}], "candidates": [],
                           "pairs": [["x", "p", 1]]}).index


def test_cli_round_trip(tmp_path):
    inst = small_instance(5)
    path = tmp_path / "inst.json"
    path.write_text(json.dumps(instance_to_dict(inst)))
    out = io.StringIO()
    assert run(["solve", str(path), "--json", "--time-limit", "5", "--validate"],
               io.StringIO(), out) == 0
    got = json.loads(out.getvalue())
    assert got["objective"] == brute_force(inst)[0] and got["status"] == "optimal"
    assert got["violations"] == [] and got["bound"] == got["objective"]
    assert set(got) >= {"status", "objective", "bound", "seconds", "assignment"}
    out2 = io.StringIO()
    assert run(["solve", "-", "--json"], io.StringIO(path.read_text()), out2) == 0
    assert json.loads(out2.getvalue())["assignment"] == got["assignment"]
    out3 = io.StringIO()
    assert run(["generate", "20", "5", "--seed", "2"], io.StringIO(), out3) == 0
    assert load_instance(json.loads(out3.getvalue())).posts[0].id == "p0"
    assert run(["solve", "-", "--json"], io.StringIO("{not json"), io.StringIO()) == 2
    summary = io.StringIO()
    run(["solve", str(path), "--solver", "greedy"], io.StringIO(), summary)
    assert summary.getvalue().startswith("feasible")


def test_cli_replan_with_warm_result(tmp_path):
    inst = generate(120, 30, pairs_per_candidate=6, groups=3, seed=4)
    path = tmp_path / "inst.json"
    path.write_text(json.dumps(instance_to_dict(inst)))
    out = io.StringIO()
    assert run(["solve", str(path), "--json", "--warm"], io.StringIO(), out) == 0
    first = json.loads(out.getvalue())
    assert "warm" in first and first["status"] == "optimal"
    prev = tmp_path / "prev.json"
    prev.write_text(json.dumps(first))
    dropped = first["assignment"][0][0]
    data = instance_to_dict(inst)
    data["candidates"] = [c for c in data["candidates"] if c["id"] != dropped]
    data["pairs"] = [p for p in data["pairs"] if p[0] != dropped]
    path.write_text(json.dumps(data))
    out2 = io.StringIO()
    assert run(["solve", str(path), "--json", "--previous", str(prev), "--validate"],
               io.StringIO(), out2) == 0
    second = json.loads(out2.getvalue())
    assert second["method"] == "warm+mip" or second["method"] == "lap"
    assert second["violations"] == [] and second["changed"] >= 1
    cold = solve(load_instance(data), previous=[tuple(x) for x in first["assignment"]])
    assert (cold.objective, cold.changed) == (second["objective"], second["changed"])


def test_brute_force_helper_sanity():
    inst = _tiny(0.0, women=0)
    assert brute_force(inst)[0] == 4 * 110
    assert list(itertools.islice(range(3), 2)) == [0, 1]
