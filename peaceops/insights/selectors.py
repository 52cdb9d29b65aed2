"""Reads of the UN open data, always through the policies' scope (public data, signed-in actors)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Sum

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for

from . import rates, reference
from .choices import FatalityScope, Measure, Series
from .models import (
    Contribution,
    ContributorMonth,
    Dataset,
    Fatality,
    MissionMonth,
    Ranking,
    YearlyContribution,
)

# The deploying country; its nationals are the ones the mission page counts.
HOME_COUNTRY = getattr(settings, "PEACEOPS_HOME_COUNTRY_ISO3", "VNM")
DEFAULT_PEERS = "ASEAN"
UNIFORMED_TYPES = frozenset({"Military", "Police", "Military Observer"})
# The IPI contributor totals end in 2014-03; the gender file continues the monthly series to 2014-08.
CONTRIBUTOR_MONTHS_END = dt.date(2014, 3, 31)
PARTIAL_YEARS = {2010: "only 416 rows in the source", 2021: "January only, divided by 12 in the source"}


def _scope(model, actor: Actor):
    return policy_for(model).scope(actor, "view")


def dataset_list(*, actor: Actor):
    return _scope(Dataset, actor)


def peer_groups() -> dict:
    return reference.peer_groups()


def country_names(*, actor: Actor) -> dict[str, str]:
    """{iso3: display name} for every country with a known code in the contribution data."""
    from .cleaning import Countries

    known = Countries(reference.countries_rows())
    codes = set(_scope(YearlyContribution, actor).exclude(country_iso3="").values_list("country_iso3", flat=True)
                .distinct())
    codes |= set(_scope(ContributorMonth, actor).exclude(country_iso3="").values_list("country_iso3", flat=True)
                 .distinct())
    return dict(sorted(((c, known.name(c, c)) for c in codes), key=lambda item: item[1]))


@dataclass
class SeriesTable:
    periods: list[str]
    columns: list[str]  # ISO3 codes, the subject first
    names: dict[str, str]
    values: dict[str, list[float | None]]
    measure: str
    series: str
    notes: dict[str, str] = field(default_factory=dict)

    def rows(self):
        for index, period in enumerate(self.periods):
            yield period, [self.values[c][index] for c in self.columns]


def _measure_value(total: int, women: int, measure: str) -> float | None:
    if measure == Measure.TOTAL:
        return total
    if measure == Measure.WOMEN:
        return women
    return round(100 * women / total, 1) if total else None


def contribution_series(*, actor: Actor, country: str, peers: list[str], series: str = Series.YEARLY,
                        measure: str = Measure.TOTAL, start: int | None = None, end: int | None = None) -> SeriesTable:
    """The subject country's contribution per period against its peers (ISO3 codes)."""
    columns = [country] + [p for p in peers if p != country]
    names = country_names(actor=actor)
    cells: dict[tuple[str, str], list[int]] = {}
    if series == Series.YEARLY:
        rows = (_scope(YearlyContribution, actor).filter(country_iso3__in=columns)
                .values("year", "country_iso3").annotate(total=Sum("total"), women=Sum("female")))
        for row in rows:
            cells[(str(row["year"]), row["country_iso3"])] = [row["total"], row["women"]]
        years = sorted(set(_scope(YearlyContribution, actor).values_list("year", flat=True).distinct()))
        periods = [str(y) for y in years if (start is None or y >= start) and (end is None or y <= end)]
        notes = {str(y): str(reason) for y, reason in PARTIAL_YEARS.items() if str(y) in periods}
    else:
        if measure == Measure.TOTAL:
            for row in (_scope(ContributorMonth, actor).filter(country_iso3__in=columns)
                        .values("month", "country_iso3", "total")):
                cells[(row["month"].isoformat()[:7], row["country_iso3"])] = [row["total"], 0]
            later = _scope(Contribution, actor).filter(month__gt=CONTRIBUTOR_MONTHS_END)
        else:  # women are only in the gender file (2009-11 …)
            later = _scope(Contribution, actor)
        for row in (later.filter(country_iso3__in=columns).values("month", "country_iso3")
                    .annotate(total=Sum("total"), women=Sum("female"))):
            cells[(row["month"].isoformat()[:7], row["country_iso3"])] = [row["total"], row["women"] or 0]
        months = sorted({period for period, _c in cells})
        if months:
            first, last = months[0], months[-1]
            months = _month_range(first, last)
        periods = [m for m in months if (start is None or int(m[:4]) >= start) and (end is None or int(m[:4]) <= end)]
        notes = {}
    values = {}
    for code in columns:
        column = []
        for period in periods:
            total, women = cells.get((period, code), [0, 0])
            column.append(_measure_value(total, women, measure))
        values[code] = column
    return SeriesTable(periods, columns, {c: names.get(c) or country_label(c) for c in columns}, values, measure,
                       series, notes)


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


@dataclass
class RateRow:
    mission: str
    result: rates.MissionRate
    all_time: int


def fatality_rates(*, actor: Actor, scope: str = FatalityScope.UNIFORMED) -> tuple[list[RateRow], rates.MissionRate,
                                                                                   list[str]]:
    """(rows per mission, the pooled row, incident types) — see insights/rates.py for the method."""
    strength = [rates.StrengthMonth(m, d.year, d.month, t)
                for m, d, t in _scope(MissionMonth, actor).values_list("mission", "month", "total")]
    people = _scope(Fatality, actor)
    types = None if scope == FatalityScope.ALL else set(UNIFORMED_TYPES)
    fatalities = [rates.Fatality(m, d, i, p) for m, d, i, p in
                  people.values_list("mission", "incident_date", "incident_type", "personnel_type")]
    results = rates.mission_rates(strength, fatalities, personnel_types=types)
    counted = people if types is None else people.filter(personnel_type__in=types)
    all_time = dict(counted.order_by().values_list("mission").annotate(n=Count("id")).values_list("mission", "n"))
    incident_types = [t for t, _n in counted.order_by().values_list("incident_type").annotate(n=Count("id"))
                      .order_by("-n", "incident_type")]
    rows = sorted((RateRow(m, r, all_time.get(m, 0)) for m, r in results.items()),
                  key=lambda row: (row.result.rate() is None, -(row.result.rate() or 0), row.mission))
    return rows, rates.overall(r.result for r in rows), incident_types


def coverage(*, actor: Actor) -> dict:
    months = _scope(MissionMonth, actor).order_by("month").values_list("month", flat=True)
    incidents = _scope(Fatality, actor).order_by("incident_date").values_list("incident_date", flat=True)
    return {
        "strength_first": months.first(), "strength_last": months.last(),
        "fatalities_first": incidents.first(), "fatalities_last": incidents.last(),
    }


# --- one mission (for the mission page) ---------------------------------------------------------
def mission_contribution(*, actor: Actor, mission: str, country: str = HOME_COUNTRY) -> dict:
    yearly = list(_scope(YearlyContribution, actor).filter(mission=mission, country_iso3=country)
                  .order_by("year").values("year", "female", "male", "total"))
    monthly = list(_scope(Contribution, actor).filter(mission=mission, country_iso3=country)
                   .values("month").annotate(total=Sum("total"), women=Sum("female")).order_by("month"))
    everyone = list(_scope(YearlyContribution, actor).filter(mission=mission).values("year")
                    .annotate(total=Sum("total")).order_by("year"))
    share = {row["year"]: row["total"] for row in everyone}
    for row in yearly:
        row["share"] = round(100 * row["total"] / share[row["year"]], 2) if share.get(row["year"]) else None
    return {"yearly": yearly, "monthly": monthly, "country": country}


def mission_fatalities(*, actor: Actor, mission: str, country: str = HOME_COUNTRY) -> dict:
    from .cleaning import Countries

    people = _scope(Fatality, actor).filter(mission=mission)
    by_type = list(people.values("incident_type").annotate(n=Count("id")).order_by("-n", "incident_type"))
    by_personnel = list(people.values("personnel_type").annotate(n=Count("id")).order_by("-n", "personnel_type"))
    # Nationals: by ISO3 where the file gives one, else by the nationality's name (ISO3 blank = unknown).
    known = Countries(reference.countries_rows())
    names = [n for n, code in known.iso3.items() if code == country]
    nationals = [f for f in people.order_by("incident_date")
                 if f.nationality_iso3 == country or (not f.nationality_iso3 and f.nationality.casefold() in names)]
    first_last = people.order_by("incident_date").values_list("incident_date", flat=True)
    strength = list(_scope(MissionMonth, actor).filter(mission=mission).values_list("month", "total"))
    rate = None
    if strength:
        result = rates.mission_rates(
            [rates.StrengthMonth(mission, d.year, d.month, t) for d, t in strength],
            [rates.Fatality(mission, f.incident_date, f.incident_type, f.personnel_type)
             for f in people.filter(personnel_type__in=UNIFORMED_TYPES)],
        ).get(mission)
        rate = result
    return {"total": people.count(), "by_type": by_type, "by_personnel": by_personnel, "nationals": nationals,
            "first": first_last.first(), "last": first_last.last(), "rate": rate}


def latest_ranking(*, actor: Actor, country: str = HOME_COUNTRY):
    return _scope(Ranking, actor).filter(country_iso3=country).order_by("-as_of").first()


def country_label(iso3: str) -> str:
    from .cleaning import Countries

    return Countries(reference.countries_rows()).name(iso3, iso3)
