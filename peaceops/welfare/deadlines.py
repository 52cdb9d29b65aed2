"""Deadlines of a compensation claim (pure: no Django).

The lengths of the periods are not hard-coded: no verified figure exists in the project's sourced
facts (DOMAIN_FACTS.md §3 names the principle of "speedy settlement" but no period), so each is an
entered parameter with its source, effective from a date, and marked as verified or not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MET, OPEN, NEAR, OVERDUE, UNKNOWN, CLOSED = "met", "open", "near", "overdue", "unknown", "closed"
# How the states sort when the most urgent is wanted first.
URGENCY = {OVERDUE: 0, NEAR: 1, OPEN: 2, UNKNOWN: 3, MET: 4, CLOSED: 5}


@dataclass(frozen=True)
class Period:
    """An entered period: `days` after a start date, warned `warn_days` before; effective from a date."""

    code: str
    days: int
    warn_days: int
    effective_from: dt.date
    source: str
    verified: bool


@dataclass(frozen=True)
class Deadline:
    code: str
    due: dt.date | None
    met_on: dt.date | None
    state: str
    days_left: int | None  # negative when overdue; None when met or unknown
    period: Period | None

    @property
    def is_alert(self) -> bool:
        return self.state in (NEAR, OVERDUE)


def period_in_force(periods: list[Period], code: str, on: dt.date) -> Period | None:
    """The period of `code` in force on `on` (the latest effective on or before it)."""
    candidates = [p for p in periods if p.code == code and p.effective_from <= on]
    return max(candidates, key=lambda p: p.effective_from) if candidates else None


def state_of(due: dt.date | None, met_on: dt.date | None, today: dt.date, warn_days: int) -> tuple[str, int | None]:
    if met_on is not None:
        return MET, None
    if due is None:
        return UNKNOWN, None
    left = (due - today).days
    if left < 0:
        return OVERDUE, left
    if left <= warn_days:
        return NEAR, left
    return OPEN, left


def deadline(code: str, *, start: dt.date | None, met_on: dt.date | None, periods: list[Period],
             today: dt.date) -> Deadline:
    """The deadline `code` counted from `start` with the period in force on `start`."""
    period = period_in_force(periods, code, start) if start is not None else None
    due = start + dt.timedelta(days=period.days) if period is not None and start is not None else None
    state, left = state_of(due, met_on, today, period.warn_days if period else 0)
    return Deadline(code, due, met_on, state, left, period)


def claim_deadlines(*, incident_on: dt.date, submitted_on: dt.date | None, settled_on: dt.date | None,
                    closed: bool, periods: list[Period], today: dt.date) -> list[Deadline]:
    """Submission (from the incident) and settlement (from submission) deadlines of one claim.

    A closed claim (rejected or withdrawn) has no open deadline: an unmet one is shown as closed.
    """
    submission = deadline("claim_submission", start=incident_on, met_on=submitted_on, periods=periods, today=today)
    settlement = deadline("un_settlement", start=submitted_on, met_on=settled_on, periods=periods, today=today)
    if closed:
        submission = _closed(submission, today)
        settlement = _closed(settlement, today)
    return [submission, settlement]


def _closed(item: Deadline, today: dt.date) -> Deadline:
    if item.state == MET:
        return item
    return Deadline(item.code, item.due, item.met_on, CLOSED, None, item.period)


def most_urgent(deadlines: list[Deadline]) -> Deadline | None:
    if not deadlines:
        return None
    return min(deadlines, key=lambda d: (URGENCY[d.state], d.days_left if d.days_left is not None else 10**6))
