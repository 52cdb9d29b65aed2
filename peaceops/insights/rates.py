"""Fatality rates per mission and incident type, per 1,000 personnel-years (pure Python, no Django).

Method (stated on the page as well):
- Strength: the mission's monthly uniformed strength (troops + police + observers) from the IPI
  mission month totals. Personnel-years = the sum of the monthly strengths / 12.
- Coverage: only the months in which the mission has a strength figure count, on both sides of the
  ratio: a fatality enters the numerator only if its incident month is a covered month of its
  mission. Fatalities outside the covered months are counted apart (`outside_coverage`).
- Rate = fatalities / personnel-years × 1,000, per incident type and in total.
- A mission with no strength figure has no rate (None), never a zero or an infinite one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

PER = 1000
MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class StrengthMonth:
    mission: str
    year: int
    month: int
    strength: int


@dataclass(frozen=True)
class Fatality:
    mission: str
    date: dt.date
    incident_type: str
    personnel_type: str = ""


@dataclass
class MissionRate:
    mission: str
    months_covered: int = 0
    first_month: tuple[int, int] | None = None
    last_month: tuple[int, int] | None = None
    strength_sum: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    outside_coverage: int = 0

    @property
    def person_years(self) -> float:
        return self.strength_sum / MONTHS_PER_YEAR

    @property
    def fatalities(self) -> int:
        return sum(self.counts.values())

    def rate(self, incident_type: str | None = None) -> float | None:
        """Per 1,000 personnel-years; None when the strength is unknown."""
        if self.strength_sum <= 0:
            return None
        count = self.fatalities if incident_type is None else self.counts.get(incident_type, 0)
        return count / self.person_years * PER

    @property
    def rates(self) -> dict[str, float | None]:
        return {kind: self.rate(kind) for kind in self.counts}


def mission_rates(
    strength: Iterable[StrengthMonth],
    fatalities: Iterable[Fatality],
    *,
    personnel_types: set[str] | None = None,
) -> dict[str, MissionRate]:
    """{mission: MissionRate}. `personnel_types` restricts the numerator (e.g. to uniformed personnel,
    whom the strength counts); None counts every fatality."""
    covered: dict[str, set[tuple[int, int]]] = defaultdict(set)
    results: dict[str, MissionRate] = {}
    for row in strength:
        if row.strength <= 0:
            continue
        key = (row.year, row.month)
        if key in covered[row.mission]:
            raise ValueError(f"two strength figures for {row.mission} {row.year}-{row.month:02d}")
        covered[row.mission].add(key)
        result = results.setdefault(row.mission, MissionRate(row.mission))
        result.strength_sum += row.strength
    for mission, months in covered.items():
        result = results[mission]
        result.months_covered = len(months)
        result.first_month, result.last_month = min(months), max(months)
    for fatality in fatalities:
        if personnel_types is not None and fatality.personnel_type not in personnel_types:
            continue
        result = results.setdefault(fatality.mission, MissionRate(fatality.mission))
        if (fatality.date.year, fatality.date.month) in covered.get(fatality.mission, ()):
            result.counts[fatality.incident_type] = result.counts.get(fatality.incident_type, 0) + 1
        else:
            result.outside_coverage += 1
    return results


def overall(results: Iterable[MissionRate], name: str = "") -> MissionRate:
    """All missions together (covered months only): the pooled rate, not an average of rates."""
    total = MissionRate(name)
    for result in results:
        total.strength_sum += result.strength_sum
        total.months_covered += result.months_covered
        total.outside_coverage += result.outside_coverage
        for kind, count in result.counts.items():
            total.counts[kind] = total.counts.get(kind, 0) + count
        for bound, pick in (("first_month", min), ("last_month", max)):
            mine, theirs = getattr(total, bound), getattr(result, bound)
            if theirs is not None:
                setattr(total, bound, theirs if mine is None else pick(mine, theirs))
    return total
