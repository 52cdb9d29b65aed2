"""The transition table on its own: every step from every state, for every role (pure Python)."""

import itertools

import pytest

from peaceops.decisions import workflow as wf

ROLES = ["planner", "liaison", "leader", "auditor", "medical", "admin"]
OUTCOMES = ["", wf.APPROVED, wf.REJECTED, wf.DEFERRED]
EXPECTED = {
    # step: (from state, from outcome or None, the one role allowed)
    "submit": (wf.DRAFT, None, "planner"),
    "withdraw": (wf.IN_REVIEW, None, "planner"),
    "recommend": (wf.IN_REVIEW, None, "liaison"),
    "send_back": (wf.RECOMMENDED, None, "leader"),
    "approve": (wf.RECOMMENDED, None, "leader"),
    "reject": (wf.RECOMMENDED, None, "leader"),
    "defer": (wf.RECOMMENDED, None, "leader"),
    "resurface": (wf.DECIDED, wf.DEFERRED, wf.SYSTEM),
    "implement": (wf.DECIDED, wf.APPROVED, "planner"),
    "close": (wf.IMPLEMENTING, None, "planner"),
    "close_rejected": (wf.DECIDED, wf.REJECTED, "planner"),
}


def test_the_table_is_the_one_the_tests_expect():
    assert set(wf.STEPS) == set(EXPECTED)


@pytest.mark.parametrize("step,state,outcome,role",
                         list(itertools.product(EXPECTED, wf.STATES, OUTCOMES, [*ROLES, wf.SYSTEM])))
def test_every_step_from_every_state_for_every_role(step, state, outcome, role):
    source, source_outcome, allowed = EXPECTED[step]
    is_system = role == wf.SYSTEM
    roles = set() if is_system else {role}
    valid_state = state == source and (source_outcome is None or outcome == source_outcome)
    if valid_state and role == allowed:
        chosen = wf.check(step, state=state, outcome=outcome, roles=roles, is_system=is_system,
                          revisit_date_given=True)
        assert chosen.target == wf.STEPS[step].target
        assert chosen in wf.available(state, outcome, roles, is_system=is_system)
    else:
        with pytest.raises(wf.TransitionRefused) as refused:
            wf.check(step, state=state, outcome=outcome, roles=roles, is_system=is_system, revisit_date_given=True)
        assert refused.value.code == ("role" if valid_state else
                                      "wrong_state" if state != source else "wrong_outcome")
        assert wf.STEPS[step] not in wf.available(state, outcome, roles, is_system=is_system)


def test_a_deferral_without_a_revisit_date_is_refused():
    with pytest.raises(wf.TransitionRefused) as refused:
        wf.check("defer", state=wf.RECOMMENDED, roles={"leader"})
    assert refused.value.code == "revisit_date"


def test_an_unknown_step_is_refused():
    with pytest.raises(wf.TransitionRefused) as refused:
        wf.check("teleport", state=wf.DRAFT, roles={"planner"})
    assert refused.value.code == "unknown"


def test_outcomes_follow_the_decision_and_are_cleared_on_resurfacing():
    assert wf.outcome_after(wf.STEPS["defer"], "") == wf.DEFERRED
    assert wf.outcome_after(wf.STEPS["resurface"], wf.DEFERRED) == ""
    assert wf.outcome_after(wf.STEPS["implement"], wf.APPROVED) == wf.APPROVED


def test_the_workflow_module_imports_no_django():
    import ast
    import inspect

    from peaceops.decisions import calendar

    for module in (wf, calendar):
        tree = ast.parse(inspect.getsource(module))
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        names |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert not any(n.startswith("django") for n in names)
