"""The political calendar check: which dates fall inside a sensitive period. Pure Python, no Django."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    name: str
    kind: str
    start: dt.date
    end: dt.date
    is_example: bool = False


@dataclass(frozen=True)
class Flag:
    what: str  # the key of the date checked, e.g. "planned_start"
    day: dt.date
    period: Period


def periods_covering(day: dt.date | None, periods: Iterable[Period]) -> list[Period]:
    """Every period with start ≤ day ≤ end (both ends included)."""
    if day is None:
        return []
    return [p for p in periods if p.start <= day <= p.end]


def flags_for(dates: dict[str, dt.date | None], periods: Iterable[Period]) -> list[Flag]:
    """One flag per (date, period) that overlap, in the order of `dates`, then of period start."""
    periods = sorted(periods, key=lambda p: (p.start, p.end, p.name))
    return [Flag(what, day, period) for what, day in dates.items() for period in periods_covering(day, periods)]
