"""The notification order and the claim deadlines, as pure functions (no database)."""

import ast
import datetime as dt
from pathlib import Path

import pytest

from peaceops.welfare import deadlines, notification

D = dt.date


def test_the_public_statement_is_refused_before_the_family_is_notified():
    assert notification.refusal("public_statement", set()) == notification.FAMILY_FIRST


def test_the_ministries_wait_for_the_family():
    assert notification.refusal("ministries", set()) == notification.FAMILY_FIRST


def test_the_statement_waits_for_the_ministries_once_the_family_knows():
    assert notification.refusal("public_statement", {"family"}) == notification.EARLIER_STEP_OPEN


def test_the_steps_go_in_order():
    assert notification.refusal("family", set()) is None
    assert notification.refusal("ministries", {"family"}) is None
    assert notification.refusal("public_statement", {"family", "ministries"}) is None
    assert notification.refusal("family", {"family"}) == notification.ALREADY_DONE
    assert notification.refusal("press", set()) == notification.UNKNOWN_STEP
    assert notification.next_step({"family"}) == "ministries"
    assert notification.next_step(set(notification.ORDER)) is None


PERIODS = [
    deadlines.Period("claim_submission", 60, 20, D(2020, 1, 1), "entered", False),
    deadlines.Period("claim_submission", 30, 10, D(2025, 1, 1), "entered later", True),
    deadlines.Period("un_settlement", 90, 30, D(2020, 1, 1), "entered", False),
]


def test_the_period_in_force_on_the_incident_date_is_used_on_both_sides_of_its_start():
    before = deadlines.deadline("claim_submission", start=D(2024, 12, 31), met_on=None, periods=PERIODS,
                                today=D(2025, 1, 5))
    after = deadlines.deadline("claim_submission", start=D(2025, 1, 1), met_on=None, periods=PERIODS,
                               today=D(2025, 1, 5))
    assert (before.due, before.period.days) == (D(2025, 3, 1), 60)
    assert (after.due, after.period.days) == (D(2025, 1, 31), 30)


@pytest.mark.parametrize("today, state, left", [
    (D(2025, 1, 5), "open", 26),
    (D(2025, 1, 21), "near", 10),
    (D(2025, 1, 31), "near", 0),
    (D(2025, 2, 1), "overdue", -1),
])
def test_a_deadline_is_open_then_near_then_overdue(today, state, left):
    item = deadlines.deadline("claim_submission", start=D(2025, 1, 1), met_on=None, periods=PERIODS, today=today)
    assert (item.state, item.days_left) == (state, left)


def test_a_met_deadline_is_met_even_after_its_date():
    item = deadlines.deadline("claim_submission", start=D(2025, 1, 1), met_on=D(2025, 1, 20), periods=PERIODS,
                              today=D(2026, 1, 1))
    assert item.state == "met" and not item.is_alert


def test_without_an_entered_period_there_is_no_deadline():
    item = deadlines.deadline("claim_submission", start=D(2019, 1, 1), met_on=None, periods=PERIODS,
                              today=D(2026, 1, 1))
    assert (item.state, item.due) == ("unknown", None)


def test_settlement_is_counted_from_submission_and_a_withdrawn_claim_is_closed():
    open_claim = deadlines.claim_deadlines(incident_on=D(2025, 1, 1), submitted_on=D(2025, 1, 10), settled_on=None,
                                           closed=False, periods=PERIODS, today=D(2025, 5, 1))
    assert [d.state for d in open_claim] == ["met", "overdue"]
    assert open_claim[1].due == D(2025, 4, 10)
    assert deadlines.most_urgent(open_claim).code == "un_settlement"
    closed = deadlines.claim_deadlines(incident_on=D(2025, 1, 1), submitted_on=None, settled_on=None, closed=True,
                                       periods=PERIODS, today=D(2025, 5, 1))
    assert [d.state for d in closed] == ["closed", "closed"]


@pytest.mark.parametrize("name", ["notification.py", "deadlines.py"])
def test_the_pure_modules_import_no_django(name):
    tree = ast.parse((Path(__file__).parent.parent / name).read_text())
    for node in ast.walk(tree):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
            [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        assert not any(n.split(".")[0] in {"django", "rest_framework"} for n in names)
