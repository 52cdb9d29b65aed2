"""The eligibility engine alone: no database, no Django. Every rule on both sides of its boundary."""

import ast
import datetime as dt
import json
from pathlib import Path

import pytest

from peaceops.readiness import eligibility as e

D = dt.date
RANKS = ["OR-4", "OR-5", "OR-7", "OR-9", "OF-1", "OF-2", "OF-3", "OF-4", "OF-5", "OF-6", "OF-7", "CIV"]
TOUR = e.Tour(D(2027, 3, 1), D(2028, 2, 29))
SCALES = {"ENGLISH": "cefr", "MEDICAL": "fitness", "VETTING": "clearance", "DRIVING_4X4": "pass_fail",
          "UN_CPTM": "completion"}
RULES_JSON = {
    "rank": {"min": "OF-2", "max": "OF-3"},
    "years_of_service": {"min": 5},
    "age": {"min": 25, "max": 50},
    "english": {"min_level": "B2"},
    "qualifications": [{"type": "DRIVING_4X4"}, {"type": "UN_CPTM"}],
    "medical": {"valid_through": "tour_end"},
    "vetting": {},
    "passport": {"months_after_tour_end": 6},
    "rest": {"months": 12},
}
RULES = e.RuleSet.from_json("MEM", 1, RULES_JSON, scales=SCALES)


TAKEN = D(2026, 1, 1)


def q(code, level, valid_until=None, taken_on=TAKEN):
    scale = e.SCALES[SCALES[code]]
    return e.QualificationFact(code, scale[level], level, taken_on, valid_until)


def eligible_person(**changes):
    facts = dict(
        person_id=1, rank="OF-3", birth_date=D(1990, 6, 15), service_start=D(2015, 9, 1),
        qualifications=(q("ENGLISH", "B2", D(2028, 1, 1)), q("DRIVING_4X4", "passed", D(2029, 1, 1)),
                        q("UN_CPTM", "completed"), q("MEDICAL", "fit", D(2028, 2, 29)),
                        q("VETTING", "cleared", D(2027, 12, 31))),
        passport_expiries=(D(2028, 8, 29),),
        last_tour_end=D(2026, 3, 1),
    )
    facts.update(changes)
    return e.PersonFacts(**facts)


def verdict(facts, rules=RULES, tour=TOUR):
    return e.evaluate(facts, rules, tour, rank_order=RANKS)


def codes(v):
    return [(check, reason.code) for check, reason in v.reasons]


def without(code):
    return tuple(x for x in eligible_person().qualifications if x.type_code != code)


def with_only(code, *records):
    return without(code) + records


def test_the_reference_person_is_eligible_with_no_reason():
    v = verdict(eligible_person())
    assert v.eligible and v.reasons == [] and v.first_failing is None
    assert [c.check for c in v.checks] == RULES.checks()


# -- rank -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("rank, ok, code", [
    ("OF-1", False, "rank_below"), ("OF-2", True, None), ("OF-3", True, None), ("OF-4", False, "rank_above"),
    ("CIV", False, "rank_above"), ("XX", False, "rank_unknown"), (None, False, "rank_unknown"),
])
def test_rank_is_checked_on_both_ends_of_the_range(rank, ok, code):
    v = verdict(eligible_person(rank=rank))
    assert v.eligible is ok
    if code:
        assert codes(v) == [("rank", code)]
        assert dict(v.reasons[0][1].params) == {"rank": rank, "min": "OF-2", "max": "OF-3"}


# -- years of service -----------------------------------------------------------------------------

@pytest.mark.parametrize("start, ok", [(D(2022, 3, 1), True), (D(2022, 3, 2), False), (D(2010, 1, 1), True)])
def test_years_of_service_count_to_the_tours_first_day(start, ok):
    v = verdict(eligible_person(service_start=start))
    assert v.eligible is ok
    if not ok:
        assert codes(v) == [("service", "service_too_short")]
        assert v.reasons[0][1].params["years"] == 4


def test_a_missing_service_start_is_a_reason_not_an_error():
    assert codes(verdict(eligible_person(service_start=None))) == [("service", "service_start_missing")]


def test_service_starting_after_the_tour_counts_zero_years():
    v = verdict(eligible_person(service_start=D(2027, 6, 1)))
    assert v.reasons[0][1].params["years"] == 0


# -- age ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("born, ok, code", [
    (D(2002, 3, 1), True, None),  # 25 on the very day the tour starts
    (D(2002, 3, 2), False, "too_young"),  # 25 the day after
    (D(1976, 3, 2), True, None),  # 50, turning 51 the day after the start
    (D(1976, 3, 1), False, "too_old"),  # 51 on the first day
])
def test_age_is_taken_on_the_tours_first_day_on_both_ends(born, ok, code):
    v = verdict(eligible_person(birth_date=born))
    assert v.eligible is ok, codes(v)
    if code:
        assert codes(v) == [("age", code)]


def test_someone_born_on_29_february_comes_of_age_on_1_march_in_a_common_year():
    rules = e.RuleSet.from_json("X", 1, {"age": {"min": 25}})
    born = eligible_person(birth_date=D(2000, 2, 29))
    assert not verdict(born, rules, e.Tour(D(2025, 2, 28), D(2025, 12, 31))).eligible
    assert verdict(born, rules, e.Tour(D(2025, 3, 1), D(2025, 12, 31))).eligible


def test_a_tour_starting_on_29_february_uses_28_february_in_a_common_year():
    tour = e.Tour(D(2028, 2, 29), D(2028, 12, 31))
    rules = e.RuleSet.from_json("X", 1, {"age": {"min": 25}})
    assert verdict(eligible_person(birth_date=D(2003, 2, 28)), rules, tour).eligible
    assert not verdict(eligible_person(birth_date=D(2003, 3, 1)), rules, tour).eligible


def test_a_missing_birth_date_is_a_reason():
    assert codes(verdict(eligible_person(birth_date=None))) == [("age", "birth_date_missing")]


# -- English --------------------------------------------------------------------------------------

def test_english_below_the_level_names_both_levels():
    v = verdict(eligible_person(qualifications=with_only("ENGLISH", q("ENGLISH", "B1", D(2028, 1, 1)))))
    assert codes(v) == [("english", "level_below")]
    assert v.reasons[0][1].params["level"] == "B1" and v.reasons[0][1].params["required"] == "B2"


@pytest.mark.parametrize("level, ok", [("B1", False), ("B2", True), ("C1", True), ("C2", True)])
def test_english_at_or_above_the_level_passes(level, ok):
    assert verdict(eligible_person(qualifications=with_only("ENGLISH", q("ENGLISH", level, D(2028, 1, 1))))).eligible is ok


@pytest.mark.parametrize("until, ok", [(D(2027, 2, 28), False), (D(2027, 3, 1), True), (None, True)])
def test_an_english_test_must_be_valid_on_the_tours_first_day(until, ok):
    v = verdict(eligible_person(qualifications=with_only("ENGLISH", q("ENGLISH", "C1", until))))
    assert v.eligible is ok
    if not ok:
        assert codes(v) == [("english", "expired")]
        assert v.reasons[0][1].params == {"type": "ENGLISH", "required": "B2", "level": "C1",
                                          "valid_until": "2027-02-28", "needed": "2027-03-01",
                                          "through": "tour_start"}


def test_the_best_of_several_english_tests_counts():
    v = verdict(eligible_person(qualifications=with_only(
        "ENGLISH", q("ENGLISH", "A2", None), q("ENGLISH", "B2", D(2027, 6, 1)), q("ENGLISH", "C1", D(2026, 1, 1)))))
    assert v.eligible


def test_no_english_test_at_all_is_missing_with_the_required_level():
    v = verdict(eligible_person(qualifications=without("ENGLISH")))
    assert codes(v) == [("english", "missing")]
    assert v.reasons[0][1].params["required"] == "B2"


# -- other qualifications -------------------------------------------------------------------------

def test_a_failed_test_is_a_failure_not_a_missing_record():
    v = verdict(eligible_person(qualifications=with_only("DRIVING_4X4", q("DRIVING_4X4", "failed", D(2029, 1, 1)))))
    assert codes(v) == [("qualification:DRIVING_4X4", "failed")]


def test_a_course_without_expiry_is_valid_for_ever():
    assert verdict(eligible_person(qualifications=with_only("UN_CPTM", q("UN_CPTM", "completed", None)))).eligible


def test_every_missing_qualification_is_listed_in_rule_order():
    v = verdict(eligible_person(qualifications=()))
    assert codes(v) == [("english", "missing"), ("qualification:DRIVING_4X4", "missing"),
                        ("qualification:UN_CPTM", "missing"), ("medical", "missing"), ("vetting", "missing")]
    assert v.first_failing == "english"


# -- medical and vetting --------------------------------------------------------------------------

@pytest.mark.parametrize("until, ok", [(D(2028, 2, 28), False), (D(2028, 2, 29), True), (D(2029, 1, 1), True)])
def test_medical_fitness_must_last_through_the_tours_last_day(until, ok):
    v = verdict(eligible_person(qualifications=with_only("MEDICAL", q("MEDICAL", "fit", until))))
    assert v.eligible is ok
    if not ok:
        assert codes(v) == [("medical", "expired")]
        assert v.reasons[0][1].params["through"] == "tour_end"
        assert v.reasons[0][1].params["needed"] == "2028-02-29"


def test_unfit_is_a_failure_even_when_valid():
    v = verdict(eligible_person(qualifications=with_only("MEDICAL", q("MEDICAL", "unfit", D(2030, 1, 1)))))
    assert codes(v) == [("medical", "failed")]


def test_an_unfit_result_and_an_expired_fit_one_report_the_expiry():
    v = verdict(eligible_person(qualifications=with_only(
        "MEDICAL", q("MEDICAL", "unfit", D(2030, 1, 1)), q("MEDICAL", "fit", D(2027, 3, 1)))))
    assert codes(v) == [("medical", "expired")]


@pytest.mark.parametrize("until, ok", [(D(2027, 2, 28), False), (D(2027, 3, 1), True)])
def test_vetting_must_be_cleared_and_valid_on_the_first_day(until, ok):
    assert verdict(eligible_person(qualifications=with_only("VETTING", q("VETTING", "cleared", until)))).eligible is ok


def test_vetting_not_cleared_fails():
    v = verdict(eligible_person(qualifications=with_only("VETTING", q("VETTING", "not_cleared", None))))
    assert codes(v) == [("vetting", "failed")]


# -- passport -------------------------------------------------------------------------------------

@pytest.mark.parametrize("expires, ok", [(D(2028, 8, 28), False), (D(2028, 8, 29), True)])
def test_the_passport_must_be_valid_n_months_past_the_tours_end(expires, ok):
    # 2028-02-29 + 6 months = 2028-08-29
    v = verdict(eligible_person(passport_expiries=(expires,)))
    assert v.eligible is ok
    if not ok:
        assert codes(v) == [("passport", "passport_expires")]
        assert v.reasons[0][1].params["needed"] == "2028-08-29"


def test_the_latest_of_several_passports_counts():
    assert verdict(eligible_person(passport_expiries=(D(2027, 1, 1), D(2030, 1, 1)))).eligible


def test_no_passport_is_a_reason():
    assert codes(verdict(eligible_person(passport_expiries=()))) == [("passport", "passport_missing")]


def test_months_after_the_start_and_after_the_end_take_the_later_day():
    rules = e.RuleSet.from_json("IPO", 1, {"passport": {"months_after_tour_start": 18, "months_after_tour_end": 1}})
    tour = e.Tour(D(2027, 1, 31), D(2027, 12, 31))
    assert e.passport_needed_until(rules, tour) == D(2028, 7, 31)
    assert not verdict(eligible_person(passport_expiries=(D(2028, 7, 30),)), rules, tour).eligible
    assert verdict(eligible_person(passport_expiries=(D(2028, 7, 31),)), rules, tour).eligible


# -- rest between tours ---------------------------------------------------------------------------

@pytest.mark.parametrize("last_end, ok", [(D(2026, 3, 1), True), (D(2026, 3, 2), False), (None, True)])
def test_rest_since_the_last_tour_counts_whole_months_to_the_first_day(last_end, ok):
    v = verdict(eligible_person(last_tour_end=last_end))
    assert v.eligible is ok
    if not ok:
        assert codes(v) == [("rest", "rest_too_short")]
        assert v.reasons[0][1].params["available_from"] == "2027-03-02"


# -- verdicts, redaction, dates -------------------------------------------------------------------

def test_every_failing_check_is_reported_not_only_the_first():
    v = verdict(eligible_person(rank="OF-5", birth_date=D(1960, 1, 1), passport_expiries=()))
    assert [check for check, _r in v.reasons] == ["rank", "age", "passport"]
    assert v.first_failing == "rank"


def test_redaction_keeps_the_outcome_and_drops_the_facts():
    v = verdict(eligible_person(qualifications=with_only("MEDICAL", q("MEDICAL", "fit", D(2027, 3, 1)))))
    shown = v.redacted({"medical"})
    assert shown.eligible == v.eligible is False
    [medical] = [c for c in shown.checks if c.check == "medical"]
    assert medical.hidden and not medical.met
    assert [r.as_dict() for r in medical.reasons] == [{"code": "hidden", "params": {"check": "medical"}}]
    assert "2027-03-01" not in json.dumps([r.as_dict() for _c, r in shown.reasons])


def test_a_redacted_check_that_passes_shows_no_reason():
    shown = verdict(eligible_person()).redacted({"medical", "vetting"})
    assert shown.eligible and shown.reasons == []
    assert all(c.hidden for c in shown.checks if c.check in ("medical", "vetting"))


def test_a_tour_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        e.Tour(D(2027, 3, 1), D(2027, 2, 28))


def test_an_empty_rule_set_makes_everyone_eligible():
    assert verdict(e.PersonFacts(person_id=9), e.RuleSet.from_json("X", 1, {})).eligible


def test_a_person_with_no_facts_gets_reasons_never_an_exception():
    v = verdict(e.PersonFacts(person_id=9))
    assert not v.eligible
    assert [check for check, _r in v.reasons] == RULES.checks()[:-1]  # everything but the rest rule


@pytest.mark.parametrize("day, months, expected", [
    (D(2027, 1, 31), 1, D(2027, 2, 28)), (D(2028, 1, 31), 1, D(2028, 2, 29)), (D(2027, 12, 15), 3, D(2028, 3, 15)),
    (D(2027, 3, 31), -1, D(2027, 2, 28)),
])
def test_months_are_added_calendar_wise(day, months, expected):
    assert e.add_months(day, months) == expected


def test_full_years_is_an_age():
    assert e.full_years(D(2000, 2, 29), D(2025, 2, 28)) == 24
    assert e.full_years(D(2000, 2, 29), D(2025, 3, 1)) == 25


# -- the rules' schema and the shipped file -------------------------------------------------------

SHIPPED = Path(__file__).resolve().parent.parent / "reference" / "eligibility_rules.json"


def test_the_shipped_rule_sets_validate_and_name_their_basis():
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    scales = {t["code"]: t["scale"] for t in data["qualification_types"]}
    codes_ = {p["code"] for p in data["post_types"]}
    # the twelve individual and contingent post types of the issue, and every post of the Level-2 hospital
    assert {"MEM", "SO", "IPO", "FPU", "SURGEON", "NURSE", "DEMINER"} <= codes_ and len(codes_) >= 12
    for entry in data["rule_sets"]:
        assert entry["post_type"] in codes_
        assert e.rules_problems(entry["rules"], rank_order=RANKS, type_scales=scales) == []
        for name, rule in entry["rules"].items():
            for item in rule if isinstance(rule, list) else [rule]:
                assert item.get("basis") in ("un", "national_policy"), (entry["post_type"], name)
                assert item.get("source"), (entry["post_type"], name)


def test_the_shipped_un_figures_are_the_verified_ones():
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    rules = {r["post_type"]: r["rules"] for r in data["rule_sets"]}
    assert rules["MEM"]["rank"]["basis"] == "un"
    assert (rules["MEM"]["rank"]["min"], rules["MEM"]["rank"]["max"]) == ("OF-2", "OF-3")
    assert rules["MEM"]["years_of_service"]["min"] == 5 and rules["MEM"]["age"]["min"] == 25
    assert (rules["IPO"]["age"]["min"], rules["IPO"]["age"]["max"]) == (25, 62)
    assert rules["IPO"]["passport"]["months_after_tour_start"] == 18
    # Unverified figures are labelled national policy, never UN.
    assert rules["IPO"]["years_of_service"]["basis"] == "national_policy"
    assert rules["MEM"]["english"]["basis"] == "national_policy"


@pytest.mark.parametrize("rules, problem", [
    ({"rank": {"min": "OF-9"}}, "unknown rank"),
    ({"rank": {"min": "OF-4", "max": "OF-2"}}, "min is above max"),
    ({"age": {"min": 40, "max": 30}}, "min is above max"),
    ({"english": {"min_level": "Z9"}}, "not on the cefr scale"),
    ({"qualifications": [{"type": "NOPE"}]}, "unknown qualification type"),
    ({"age": {"min": "25"}}, "is not of type"),
    ({"colour": "blue"}, "Additional properties"),
    ({"rest": {}}, "'months' is a required property"),
])
def test_bad_rules_are_named(rules, problem):
    problems = e.rules_problems(rules, rank_order=RANKS, type_scales=SCALES)
    assert any(problem in p for p in problems), problems


def test_the_engine_imports_no_django():
    tree = ast.parse((Path(e.__file__)).read_text())
    for node in ast.walk(tree):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
            [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        assert not any(n.split(".")[0] in {"django", "rest_framework", "peaceops"} for n in names), names
