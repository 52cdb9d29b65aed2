"""The eligibility engine: a person's facts + a rule set + tour dates → a verdict with every reason.

Pure Python (no Django): the same function answers the card, the pool, the API and the CLI, and
it is tested without a database. Reasons are structured (`code` + `params`), never sentences: the
interfaces word them in the reader's language (see readiness/wording.py).

Checks run in a fixed order (CHECK_ORDER); the pool groups the people who are not eligible by
their first failing check, and its SQL prefilter (readiness/pool.py) applies the same checks in
the same order with the same cut-off dates, computed here (`rank_window`, `birth_cutoffs`, …).

A missing record never raises: it is a reason ("no medical fitness record").
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")

# Level scales of qualification types: level code → rank. A rank ≥ 1 is a pass; 0 is a fail.
SCALES: dict[str, dict[str, int]] = {
    "cefr": {code: index + 1 for index, code in enumerate(CEFR)},
    "pass_fail": {"failed": 0, "passed": 1},
    "fitness": {"unfit": 0, "fit": 1},
    "clearance": {"not_cleared": 0, "cleared": 1},
    "completion": {"completed": 1},
}

# Check codes, in evaluation order. Qualification checks are "qualification:<TYPE>".
RANK, SERVICE, AGE, ENGLISH, QUALIFICATION, MEDICAL, VETTING, PASSPORT, REST = (
    "rank", "service", "age", "english", "qualification", "medical", "vetting", "passport", "rest")
CHECK_ORDER = (RANK, SERVICE, AGE, ENGLISH, QUALIFICATION, MEDICAL, VETTING, PASSPORT, REST)

TOUR_START, TOUR_END = "tour_start", "tour_end"


# -- dates -----------------------------------------------------------------------------------------

def shift_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (or earlier); 29 February becomes 28 February in a common year."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def full_years(since: dt.date, on: dt.date) -> int:
    """Completed years from `since` to `on` (an age, or years of service)."""
    return on.year - since.year - ((on.month, on.day) < (since.month, since.day))


def birth_cutoffs(rules: RuleSet, tour: Tour) -> tuple[dt.date | None, dt.date | None]:
    """(born on or before, born after): the birth dates that meet the age range on the tour's start.

    full_years(b, start) ≥ n  ⇔  b ≤ shift_years(start, -n); age ≤ max ⇔ not (age ≥ max + 1).
    """
    latest = shift_years(tour.start, -rules.age_min) if rules.age_min is not None else None
    after = shift_years(tour.start, -(rules.age_max + 1)) if rules.age_max is not None else None
    return latest, after


def service_cutoff(rules: RuleSet, tour: Tour) -> dt.date | None:
    """Service must have started on or before this day to count the required years on the tour's start."""
    return shift_years(tour.start, -rules.service_years_min) if rules.service_years_min is not None else None


def passport_needed_until(rules: RuleSet, tour: Tour) -> dt.date | None:
    """The day the passport must still be valid on (the later of the two rules, when both are set)."""
    days = []
    if rules.passport_months_after_end is not None:
        days.append(add_months(tour.end, rules.passport_months_after_end))
    if rules.passport_months_after_start is not None:
        days.append(add_months(tour.start, rules.passport_months_after_start))
    if rules.passport_required and not days:
        days.append(tour.end)
    return max(days) if days else None


# -- inputs ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tour:
    start: dt.date
    end: dt.date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("the tour ends before it starts")

    def day(self, which: str) -> dt.date:
        return self.end if which == TOUR_END else self.start


@dataclass(frozen=True)
class QualificationFact:
    """One qualification record: its type, level rank (see SCALES), level code and validity."""

    type_code: str
    level_rank: int
    level: str = ""
    taken_on: dt.date | None = None
    valid_until: dt.date | None = None  # None: does not expire
    record_id: Any = None

    def valid_through(self, day: dt.date) -> bool:
        return self.valid_until is None or self.valid_until >= day


@dataclass(frozen=True)
class PersonFacts:
    person_id: Any
    rank: str | None = None
    birth_date: dt.date | None = None
    service_start: dt.date | None = None
    qualifications: tuple[QualificationFact, ...] = ()
    passport_expiries: tuple[dt.date, ...] = ()
    last_tour_end: dt.date | None = None


@dataclass(frozen=True)
class Requirement:
    """A required qualification: its type, the lowest level rank that passes, and through when it must be valid."""

    type_code: str
    min_rank: int = 1
    min_level: str = ""
    valid_through: str = TOUR_START


@dataclass(frozen=True)
class RuleSet:
    """The rules of one version of a post type's eligibility (parsed from reference data)."""

    post_type: str
    version: int
    rank_min: str | None = None
    rank_max: str | None = None
    service_years_min: int | None = None
    age_min: int | None = None
    age_max: int | None = None
    english: Requirement | None = None
    qualifications: tuple[Requirement, ...] = ()
    medical: Requirement | None = None
    vetting: Requirement | None = None
    passport_required: bool = False
    passport_months_after_end: int | None = None
    passport_months_after_start: int | None = None
    rest_months: int | None = None

    @classmethod
    def from_json(cls, post_type: str, version: int, rules: Mapping[str, Any], *,
                  scales: Mapping[str, str] | None = None) -> RuleSet:
        """Build from the JSON of EligibilityRuleSet.rules (already validated against RULES_SCHEMA).

        `scales` maps a qualification type code to its scale name, so that "min_level": "B2" becomes
        a rank; types not named use a pass (rank 1).
        """
        scales = scales or {}

        def requirement(data: Mapping[str, Any] | None, default_type: str, default_through: str):
            if data is None:  # absent: no such rule; {} is the rule with its defaults
                return None
            code = data.get("type", default_type)
            level = data.get("min_level", "")
            scale = SCALES.get(scales.get(code, "cefr" if level in CEFR else "pass_fail"), {})
            return Requirement(type_code=code, min_rank=scale.get(level, 1) if level else 1, min_level=level,
                               valid_through=data.get("valid_through", default_through))

        rank = rules.get("rank") or {}
        age = rules.get("age") or {}
        passport = rules.get("passport") or {}
        return cls(
            post_type=post_type, version=version,
            rank_min=rank.get("min"), rank_max=rank.get("max"),
            service_years_min=(rules.get("years_of_service") or {}).get("min"),
            age_min=age.get("min"), age_max=age.get("max"),
            english=requirement(rules.get("english"), "ENGLISH", TOUR_START),
            qualifications=tuple(requirement(q, "", TOUR_START) for q in rules.get("qualifications", ())),
            medical=requirement(rules.get("medical"), "MEDICAL", TOUR_END),
            vetting=requirement(rules.get("vetting"), "VETTING", TOUR_START),
            passport_required=bool(passport),
            passport_months_after_end=passport.get("months_after_tour_end"),
            passport_months_after_start=passport.get("months_after_tour_start"),
            rest_months=(rules.get("rest") or {}).get("months"),
        )

    def checks(self) -> list[str]:
        """The check ids this rule set applies, in evaluation order."""
        ids = []
        if self.rank_min or self.rank_max:
            ids.append(RANK)
        if self.service_years_min is not None:
            ids.append(SERVICE)
        if self.age_min is not None or self.age_max is not None:
            ids.append(AGE)
        if self.english:
            ids.append(ENGLISH)
        ids += [f"{QUALIFICATION}:{q.type_code}" for q in self.qualifications]
        if self.medical:
            ids.append(MEDICAL)
        if self.vetting:
            ids.append(VETTING)
        if self.passport_required:
            ids.append(PASSPORT)
        if self.rest_months is not None:
            ids.append(REST)
        return ids

    def requirement_for(self, check: str) -> Requirement | None:
        if check == ENGLISH:
            return self.english
        if check == MEDICAL:
            return self.medical
        if check == VETTING:
            return self.vetting
        if check.startswith(QUALIFICATION + ":"):
            code = check.split(":", 1)[1]
            return next((q for q in self.qualifications if q.type_code == code), None)
        return None


# -- outputs ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reason:
    """Why a check failed: a code and the facts needed to word it (dates as ISO strings)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, "params": dict(self.params)}


HIDDEN = "hidden"  # the reason's content comes from records the reader may not see


@dataclass(frozen=True)
class CheckResult:
    check: str
    met: bool
    reasons: tuple[Reason, ...] = ()
    hidden: bool = False  # the reader sees the outcome, not the facts behind it

    @property
    def type_code(self) -> str | None:
        return self.check.split(":", 1)[1] if self.check.startswith(QUALIFICATION + ":") else None


@dataclass(frozen=True)
class Verdict:
    person_id: Any
    post_type: str
    rule_version: int
    tour: Tour
    checks: tuple[CheckResult, ...]

    @property
    def eligible(self) -> bool:
        return all(c.met for c in self.checks)

    @property
    def failed(self) -> list[CheckResult]:
        return [c for c in self.checks if not c.met]

    @property
    def reasons(self) -> list[tuple[str, Reason]]:
        return [(c.check, r) for c in self.failed for r in c.reasons]

    @property
    def first_failing(self) -> str | None:
        failed = self.failed
        return failed[0].check if failed else None

    def redacted(self, hidden_checks: Iterable[str]) -> Verdict:
        """The verdict as a reader who may not see the records behind `hidden_checks` reads it:
        the same outcome, with the facts (dates, levels, whether a record exists) withheld."""
        hidden = set(hidden_checks)
        checks = tuple(
            replace(c, hidden=True, reasons=() if c.met else (Reason(HIDDEN, {"check": c.check}),))
            if c.check in hidden else c
            for c in self.checks
        )
        return replace(self, checks=checks)


# -- the engine ------------------------------------------------------------------------------------

def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def rank_window(rules: RuleSet, rank_order: Sequence[str]) -> list[str] | None:
    """The rank codes within the rule's range (None: no rank rule)."""
    if not (rules.rank_min or rules.rank_max):
        return None
    low = rank_order.index(rules.rank_min) if rules.rank_min in rank_order else 0
    high = rank_order.index(rules.rank_max) if rules.rank_max in rank_order else len(rank_order) - 1
    return list(rank_order[low:high + 1])


def _check_rank(facts, rules, rank_order) -> CheckResult:
    window = rank_window(rules, rank_order)
    params = {"rank": facts.rank, "min": rules.rank_min, "max": rules.rank_max}
    if facts.rank in window:
        return CheckResult(RANK, True)
    if facts.rank not in rank_order:
        return CheckResult(RANK, False, (Reason("rank_unknown", params),))
    below = rank_order.index(facts.rank) < rank_order.index(window[0])
    return CheckResult(RANK, False, (Reason("rank_below" if below else "rank_above", params),))


def _check_service(facts, rules, tour) -> CheckResult:
    if facts.service_start is None:
        return CheckResult(SERVICE, False, (Reason("service_start_missing", {"min": rules.service_years_min}),))
    years = full_years(facts.service_start, tour.start) if facts.service_start <= tour.start else 0
    if facts.service_start <= service_cutoff(rules, tour):
        return CheckResult(SERVICE, True)
    return CheckResult(SERVICE, False, (Reason("service_too_short", {
        "years": years, "min": rules.service_years_min, "service_start": _iso(facts.service_start),
        "on": _iso(tour.start)}),))


def _check_age(facts, rules, tour) -> CheckResult:
    if facts.birth_date is None:
        return CheckResult(AGE, False, (Reason("birth_date_missing", {}),))
    latest, after = birth_cutoffs(rules, tour)
    age = full_years(facts.birth_date, tour.start)
    params = {"age": age, "min": rules.age_min, "max": rules.age_max, "on": _iso(tour.start)}
    if latest is not None and facts.birth_date > latest:
        return CheckResult(AGE, False, (Reason("too_young", params),))
    if after is not None and facts.birth_date <= after:
        return CheckResult(AGE, False, (Reason("too_old", params),))
    return CheckResult(AGE, True)


def _check_requirement(check: str, requirement: Requirement, facts: PersonFacts, tour: Tour) -> CheckResult:
    """Met when one record of the type has the level and is valid through the day the rule names.

    Otherwise the reason says what is closest: an expired record at the level, a valid record
    below the level (or failed), or no record at all.
    """
    day = tour.day(requirement.valid_through)
    records = [q for q in facts.qualifications if q.type_code == requirement.type_code]
    if any(q.level_rank >= requirement.min_rank and q.valid_through(day) for q in records):
        return CheckResult(check, True)
    base = {"type": requirement.type_code, "required": requirement.min_level}
    if not records:
        return CheckResult(check, False, (Reason("missing", base),))
    at_level = [q for q in records if q.level_rank >= requirement.min_rank]
    if at_level:
        latest = max(at_level, key=lambda q: q.valid_until)
        return CheckResult(check, False, (Reason("expired", {
            **base, "level": latest.level, "valid_until": _iso(latest.valid_until), "needed": _iso(day),
            "through": requirement.valid_through}),))
    best = max(records, key=lambda q: (q.valid_through(day), q.level_rank, q.valid_until or dt.date.max))
    code = "failed" if best.level_rank == 0 else "level_below"
    return CheckResult(check, False, (Reason(code, {**base, "level": best.level}),))


def _check_passport(facts, rules, tour) -> CheckResult:
    needed = passport_needed_until(rules, tour)
    params = {"needed": _iso(needed), "months_after_end": rules.passport_months_after_end,
              "months_after_start": rules.passport_months_after_start, "tour_end": _iso(tour.end)}
    if not facts.passport_expiries:
        return CheckResult(PASSPORT, False, (Reason("passport_missing", params),))
    latest = max(facts.passport_expiries)
    if latest >= needed:
        return CheckResult(PASSPORT, True)
    return CheckResult(PASSPORT, False, (Reason("passport_expires", {**params, "expires_on": _iso(latest)}),))


def _check_rest(facts, rules, tour) -> CheckResult:
    if facts.last_tour_end is None:  # no earlier tour on record
        return CheckResult(REST, True)
    available = add_months(facts.last_tour_end, rules.rest_months)
    if available <= tour.start:
        return CheckResult(REST, True)
    return CheckResult(REST, False, (Reason("rest_too_short", {
        "last_tour_end": _iso(facts.last_tour_end), "months": rules.rest_months,
        "available_from": _iso(available), "on": _iso(tour.start)}),))


def evaluate(facts: PersonFacts, rules: RuleSet, tour: Tour, *, rank_order: Sequence[str]) -> Verdict:
    """Every check of `rules` for `facts` on `tour`; never raises for missing facts."""
    results = []
    for check in rules.checks():
        if check == RANK:
            results.append(_check_rank(facts, rules, rank_order))
        elif check == SERVICE:
            results.append(_check_service(facts, rules, tour))
        elif check == AGE:
            results.append(_check_age(facts, rules, tour))
        elif check == PASSPORT:
            results.append(_check_passport(facts, rules, tour))
        elif check == REST:
            results.append(_check_rest(facts, rules, tour))
        else:
            results.append(_check_requirement(check, rules.requirement_for(check), facts, tour))
    return Verdict(person_id=facts.person_id, post_type=rules.post_type, rule_version=rules.version, tour=tour,
                   checks=tuple(results))


# -- the schema of the rules' JSON -----------------------------------------------------------------

_BASIS = {"type": "object", "properties": {"basis": {"enum": ["un", "national_policy"]},
                                           "source": {"type": "string"}}}


def _with_basis(properties: dict, required: list[str] | None = None) -> dict:
    schema = {"type": "object", "additionalProperties": False,
              "properties": {**properties, **_BASIS["properties"]}}
    if required:
        schema["required"] = required
    return schema


_REQUIREMENT = _with_basis({
    "type": {"type": "string", "minLength": 1, "maxLength": 40},
    "min_level": {"type": "string", "maxLength": 16},
    "valid_through": {"enum": [TOUR_START, TOUR_END]},
})

RULES_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "PeaceOps eligibility rules (one version of one post type)",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "rank": _with_basis({"min": {"type": "string"}, "max": {"type": "string"}}),
        "years_of_service": _with_basis({"min": {"type": "integer", "minimum": 0, "maximum": 50}}, ["min"]),
        "age": _with_basis({"min": {"type": "integer", "minimum": 16, "maximum": 80},
                            "max": {"type": "integer", "minimum": 16, "maximum": 80}}),
        "english": _REQUIREMENT | {"required": ["min_level"]},
        "qualifications": {"type": "array", "items": _REQUIREMENT | {"required": ["type"]}},
        "medical": _REQUIREMENT,
        "vetting": _REQUIREMENT,
        "passport": _with_basis({"months_after_tour_end": {"type": "integer", "minimum": 0, "maximum": 60},
                                 "months_after_tour_start": {"type": "integer", "minimum": 0, "maximum": 60}}),
        "rest": _with_basis({"months": {"type": "integer", "minimum": 0, "maximum": 120}}, ["months"]),
        "notes": {"type": "string"},
    },
}


def rules_problems(rules: Any, *, rank_order: Sequence[str], type_scales: Mapping[str, str]) -> list[str]:
    """Everything wrong with a rule set's JSON: the schema, then references to ranks, types and levels."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(RULES_SCHEMA)
    problems = [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
                for e in sorted(validator.iter_errors(rules), key=lambda e: list(e.absolute_path))]
    if problems:
        return problems
    rank = rules.get("rank") or {}
    for end in ("min", "max"):
        if end in rank and rank[end] not in rank_order:
            problems.append(f"rank/{end}: unknown rank {rank[end]!r}")
    if rank.get("min") in rank_order and rank.get("max") in rank_order:
        if rank_order.index(rank["min"]) > rank_order.index(rank["max"]):
            problems.append("rank: min is above max")
    age = rules.get("age") or {}
    if "min" in age and "max" in age and age["min"] > age["max"]:
        problems.append("age: min is above max")
    named = [("english", rules.get("english"), "ENGLISH"), ("medical", rules.get("medical"), "MEDICAL"),
             ("vetting", rules.get("vetting"), "VETTING")]
    named += [(f"qualifications/{i}", q, "") for i, q in enumerate(rules.get("qualifications", ()))]
    for where, data, default in named:
        if data is None:
            continue
        code = data.get("type", default)
        if code not in type_scales:
            problems.append(f"{where}: unknown qualification type {code!r}")
            continue
        level = data.get("min_level")
        if level and level not in SCALES.get(type_scales[code], {}):
            problems.append(f"{where}: level {level!r} is not on the {type_scales[code]} scale of {code}")
    return problems
