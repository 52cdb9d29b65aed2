"""The matrix: the set-wise verdicts agree with the engine person by person, for every post type and
several readers; the query count does not grow with the people; the page, the API and the CLI."""

import datetime as dt
import json
import uuid
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from peaceops.people.choices import Rank
from peaceops.readiness import eligibility as engine
from peaceops.readiness import matrix as matrix_module
from peaceops.readiness import providers, selectors
from peaceops.readiness.matrix import eligibility_matrix, first_failing_by_person, rest_cutoff
from peaceops.readiness.models import PostType

from .conftest import TOUR_FROM, TOUR_TO, nurse
from .factories import QualificationFactory
from .test_pool import random_people, reads

pytestmark = pytest.mark.django_db
TOUR = engine.Tour(TOUR_FROM, TOUR_TO)


def engine_verdicts(actor, post_types, tour):
    """{person: {code: first failing or ''}} computed by the engine, one person at a time."""
    people = list(selectors.policy_for(selectors.Person).scope(actor, "view"))
    facts = selectors.facts_for(people)
    in_force = selectors.rules_in_force(post_types=post_types, on=tour.start)
    answer = {}
    for person in people:
        answer[person.pk] = {}
        for code, rules in in_force.items():
            verdict = engine.evaluate(facts[person.pk], rules.rules, tour, rank_order=Rank.values)
            answer[person.pk][code] = "" if verdict.eligible else verdict.first_failing
    return answer, facts, in_force


@pytest.fixture
def last_tours(monkeypatch):
    """A rest-between-tours provider answering from a dict the test fills (missions' own is replaced)."""
    ends: dict = {}

    def provider(ids):
        wanted = set(ids) if not hasattr(ids, "query") else set(ids.values_list("pk", flat=True))
        return {pid: day for pid, day in ends.items() if pid in wanted}

    monkeypatch.setattr(providers, "_providers", [provider])
    return ends


@pytest.mark.parametrize("persona", ["planner", "health", "admin", "public"])
def test_the_matrix_agrees_with_the_engine_on_every_person_and_post_type(reference, actors, last_tours, persona):
    people = random_people(90, seed=11)
    for index, person in enumerate(people[::4]):  # some came back from a tour recently, some long ago
        last_tours[person.pk] = TOUR_FROM - dt.timedelta(days=(30, 200, 400, 900)[index % 4])
    actor = actors[persona]
    post_types = list(selectors.post_type_list(actor=actor))
    expected, facts, in_force = engine_verdicts(actor, post_types, TOUR)
    assert len(in_force) == len(post_types) >= 12
    by_person = first_failing_by_person(actor=actor, tour=TOUR, post_types=post_types)
    assert by_person == expected
    matrix = eligibility_matrix(actor=actor, tour=TOUR)
    assert matrix.seen == len(expected)
    for row in matrix.rows:
        code = row.post_type.code
        verdicts = Counter(expected[pid][code] for pid in expected)
        assert row.eligible == verdicts.pop("", 0), code
        assert dict(row.first_failing) == dict(verdicts), code
        rules = in_force[code]
        for check, count in row.fails:
            failing = sum(1 for pid in expected if not next(
                c for c in engine.evaluate(facts[pid], rules.rules, TOUR, rank_order=Rank.values).checks
                if c.check == check).met)
            assert count == failing, (code, check)


def test_the_matrix_is_not_trivial_on_the_test_population(reference, actors):
    random_people(90, seed=11)
    matrix = eligibility_matrix(actor=actors["admin"], tour=TOUR)
    assert sum(row.eligible for row in matrix.rows) > 0
    assert len({check for row in matrix.rows for check, _n in row.first_failing}) >= 6


def test_a_planner_and_a_health_officer_get_the_same_counts_and_only_the_planner_has_medical_hidden(
        reference, actors):
    for index in range(6):
        nurse(marker=f"Same{index}", medical_until=TOUR_TO - dt.timedelta(days=index % 2))
    rows = {}
    for persona in ("planner", "health"):
        matrix = eligibility_matrix(actor=actors[persona], tour=TOUR)
        rows[persona] = {r.post_type.code: r for r in matrix.rows}
    planner, health = rows["planner"]["NURSE"], rows["health"]["NURSE"]
    assert (planner.eligible, planner.first_failing) == (health.eligible, health.first_failing) == (3, [("medical", 3)])
    assert "medical" in planner.hidden and "medical" not in health.hidden


def test_one_day_either_side_of_every_boundary(reference, actors):
    on_the_day = nurse(marker="B1", medical_until=TOUR_TO, passport_until=engine.add_months(TOUR_TO, 6))
    day_short = nurse(marker="B2", medical_until=TOUR_TO - dt.timedelta(days=1))
    passport_short = nurse(marker="B3", passport_until=engine.add_months(TOUR_TO, 6) - dt.timedelta(days=1))
    too_old = nurse(marker="B4", date_of_birth=engine.shift_years(TOUR_FROM, -51))
    just_young_enough = nurse(marker="B5", date_of_birth=engine.shift_years(TOUR_FROM, -51) + dt.timedelta(days=1))
    post_type = selectors.post_type_get(actor=actors["admin"], code="NURSE")
    verdicts = first_failing_by_person(actor=actors["admin"], tour=TOUR, post_types=[post_type])
    assert verdicts[on_the_day.pk]["NURSE"] == "" and verdicts[just_young_enough.pk]["NURSE"] == ""
    assert verdicts[day_short.pk]["NURSE"] == "medical"
    assert verdicts[passport_short.pk]["NURSE"] == "passport"
    assert verdicts[too_old.pk]["NURSE"] == "age"


def test_rest_cutoff_is_the_last_day_that_leaves_enough_rest():
    for start in (dt.date(2027, 3, 1), dt.date(2028, 2, 29), dt.date(2027, 12, 31)):
        for months in (0, 1, 6, 12):
            cutoff = rest_cutoff(months, start)
            assert engine.add_months(cutoff, months) <= start
            assert engine.add_months(cutoff + dt.timedelta(days=1), months) > start


def test_someone_back_from_a_tour_too_recently_moves_from_eligible_to_rest(reference, actors, last_tours):
    rested, tired = nurse(marker="R1"), nurse(marker="R2")
    rules = selectors.rules_in_force(post_types=[selectors.post_type_get(actor=actors["admin"], code="NURSE")],
                                     on=TOUR_FROM)["NURSE"]
    cutoff = rest_cutoff(rules.rules.rest_months, TOUR_FROM)
    last_tours[rested.pk], last_tours[tired.pk] = cutoff, cutoff + dt.timedelta(days=1)
    row = next(r for r in eligibility_matrix(actor=actors["admin"], tour=TOUR).rows if r.post_type.code == "NURSE")
    assert (row.eligible, row.first_failing) == (1, [("rest", 1)])
    assert dict(row.fails)["rest"] == 1


# Qualification types, the rule sets in force, the statement, the last tours (one query in the provider);
# the post types are read by the caller. The rest correction adds one statement, only when someone is short of rest.
MATRIX_READS = 4


@pytest.mark.parametrize("size", [10, 60])
def test_the_matrix_costs_the_same_queries_for_10_and_60_people(reference, actors, last_tours, size):
    random_people(size, seed=3)
    actor = actors["planner"]
    post_types = list(selectors.post_type_list(actor=actor))
    with reads(MATRIX_READS):
        eligibility_matrix(actor=actor, tour=TOUR, post_types=post_types)


def test_the_rest_correction_is_one_more_statement_whatever_the_number_short_of_rest(reference, actors, last_tours):
    people = random_people(30, seed=4)
    for person in people:
        last_tours[person.pk] = TOUR_FROM - dt.timedelta(days=10)
    actor = actors["planner"]
    post_types = list(selectors.post_type_list(actor=actor))
    with reads(MATRIX_READS + 1):
        eligibility_matrix(actor=actor, tour=TOUR, post_types=post_types)


def test_a_matrix_of_some_post_types_gives_the_same_rows_as_the_full_matrix(reference, actors):
    random_people(40, seed=8)
    actor = actors["admin"]
    full = {r.post_type.code: r for r in eligibility_matrix(actor=actor, tour=TOUR).rows}
    some = [selectors.post_type_get(actor=actor, code=code) for code in ("NURSE", "IPO")]
    for row in eligibility_matrix(actor=actor, tour=TOUR, post_types=some).rows:
        assert (row.eligible, row.first_failing, row.fails) == (full[row.post_type.code].eligible,
                                                               full[row.post_type.code].first_failing,
                                                               full[row.post_type.code].fails)


def matrix_url(**query):
    query = {"from": TOUR_FROM.isoformat(), "to": TOUR_TO.isoformat(), **query}
    return reverse("readiness:matrix") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def test_the_matrix_page_shows_each_post_type_with_its_eligible_count(reference, client_for):
    for index in range(4):
        nurse(marker=f"Page{index}", english="A1" if index == 3 else "B1")
    response = client_for("planner").get(matrix_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-post-type="NURSE"' in text and 'data-eligible="3"' in text
    assert 'data-check="english"' in text and 'data-check="medical" data-hidden="1"' in text  # the planner lacks MEDICAL


def test_the_matrix_page_names_a_bad_date(reference, client_for):
    response = client_for("planner").get(matrix_url(**{"from": "2027-13-01"}), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and 'alert-danger' in response.content.decode()


def test_the_matrix_api_gives_counts_and_reasons(reference, api_for):
    nurse(marker="Api1")
    nurse(marker="Api2", medical_until=None)
    body = api_for("health").get(reverse("api:readiness-matrix-list"),
                                 {"from": TOUR_FROM.isoformat(), "to": TOUR_TO.isoformat()}).json()
    row = next(r for r in body["post_types"] if r["post_type"] == "NURSE")
    assert (row["eligible"], row["not_eligible"]) == (1, 1)
    medical = next(c for c in row["checks"] if c["check"] == "medical")
    assert (medical["fails"], medical["fails_first"], medical["hidden"]) == (1, 1, False)
    assert body["seen"] == 2


@pytest.mark.parametrize("query", [{}, {"from": "yesterday"}, {"from": "2027-03-01", "to": "2026-01-01"}])
def test_the_matrix_api_answers_400_with_the_reason_for_bad_dates(reference, api_for, query):
    response = api_for("planner").get(reverse("api:readiness-matrix-list"), query)
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_the_cli_prints_the_matrix_as_json(reference):
    nurse(marker="Cli1")
    out = StringIO()
    call_command("readiness", "matrix", "--from", TOUR_FROM.isoformat(), "--to", TOUR_TO.isoformat(), "--json",
                 "--as", "planner", stdout=out)
    body = json.loads(out.getvalue())
    row = next(r for r in body["post_types"] if r["post_type"] == "NURSE")
    assert row["eligible"] == 1 and len(body["post_types"]) == PostType.objects.count() >= 12


def test_people_with_several_valid_records_of_one_type_get_the_engines_verdict(reference, actors):
    """Two English tests, a medical renewed before the old one lapsed, vetting twice: the mask is the OR
    of the records' bits, not their sum (SQLite sums unless a type repeats; these people take the exact form)."""
    people = [nurse(marker=f"Dup{index}", english=english, medical_until=medical)
              for index, (english, medical) in enumerate([("B1", TOUR_TO), ("B2", TOUR_TO - dt.timedelta(days=1)),
                                                          ("A2", None), ("B1", TOUR_TO)])]
    extra = [("ENGLISH", "B1", dt.date(2028, 1, 1)), ("ENGLISH", "B2", TOUR_FROM), ("ENGLISH", "C1", None),
             ("MEDICAL", "fit", TOUR_TO), ("MEDICAL", "fit", TOUR_TO - dt.timedelta(days=1)),
             ("VETTING", "cleared", dt.date(2028, 1, 1)), ("NURSING", "completed", None)]
    for index, person in enumerate(people):
        for code, result, until in extra[index:index + 4]:
            QualificationFactory(person=person, type_code=code, result=result, valid_until=until, owner="VDPO",
                                 released=("MOD", "MOH"))
    short = nurse(marker="Dup4", english="A1", medical_until=TOUR_TO - dt.timedelta(days=1))
    for code, result, until in [("ENGLISH", "A2", None), ("MEDICAL", "fit", TOUR_TO - dt.timedelta(days=2))]:
        QualificationFactory(person=short, type_code=code, result=result, valid_until=until, owner="VDPO",
                             released=("MOD", "MOH"))
    random_people(20, seed=6)
    actor = actors["admin"]
    post_types = list(selectors.post_type_list(actor=actor))
    expected, _facts, _in_force = engine_verdicts(actor, post_types, TOUR)
    assert first_failing_by_person(actor=actor, tour=TOUR, post_types=post_types) == expected
    for row in eligibility_matrix(actor=actor, tour=TOUR, post_types=post_types).rows:
        verdicts = Counter(expected[pid][row.post_type.code] for pid in expected)
        assert row.eligible == verdicts.pop("", 0), row.post_type.code
        assert dict(row.first_failing) == dict(verdicts), row.post_type.code
    assert [expected[p.pk]["NURSE"] for p in people] == ["", "", "", ""] and expected[short.pk]["NURSE"] == "medical"


def test_id_ranges_cover_every_id_once():
    ranges = matrix_module._id_ranges(3)
    assert ranges[0][0] == uuid.UUID(int=0) and ranges[-1][1] is None
    assert all(high == next_low for (_l, high), (next_low, _h) in zip(ranges, ranges[1:], strict=False))


@pytest.mark.django_db(transaction=True)
def test_the_matrix_in_parts_on_their_own_connections_equals_the_matrix_in_one_statement(
        reference, actors, settings, monkeypatch):
    """SQLite runs the grouping in id ranges at once (`_parts`): the rows must add up to the one-statement
    answer. (PostgreSQL runs one part: there it checks the one-statement path against itself.)"""
    random_people(90, seed=11)
    actor = actors["admin"]
    settings.READINESS_MATRIX_PARTS = 3
    if connection.vendor == "sqlite":
        assert matrix_module._parts() == 3
    in_parts = eligibility_matrix(actor=actor, tour=TOUR, by_gender=True)
    monkeypatch.setattr(matrix_module, "_parts", lambda: 1)
    whole = eligibility_matrix(actor=actor, tour=TOUR, by_gender=True)

    def summary(matrix):
        return matrix.seen, [(r.post_type.code, r.eligible, r.first_failing, r.fails, r.women) for r in matrix.rows]
    assert summary(in_parts) == summary(whole)
    assert whole.seen == 90 and sum(r.eligible for r in whole.rows) > 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_on_a_database_file_the_parts_run_in_processes_of_their_own_and_add_up_the_same(
        reference, actors, settings, monkeypatch, tmp_path):
    """A file database (not the tests' in-memory one) runs the parts in forked processes: the same answer."""
    random_people(60, seed=5)
    actor = actors["admin"]
    settings.READINESS_MATRIX_PARTS = 1
    whole = eligibility_matrix(actor=actor, tour=TOUR, by_gender=True)
    copy = tmp_path / "copy.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(copy)])
    monkeypatch.setitem(connection.settings_dict, "NAME", str(copy))  # new connections (the parts') open the file
    settings.READINESS_MATRIX_PARTS = 2
    assert matrix_module._can_fork()

    def no_threads(*args, **kwargs):
        raise AssertionError("the parts ran on threads")
    monkeypatch.setattr(matrix_module, "ThreadPoolExecutor", no_threads)
    forked = eligibility_matrix(actor=actor, tour=TOUR, by_gender=True)

    def summary(matrix):
        return matrix.seen, [(r.post_type.code, r.eligible, r.first_failing, r.fails, r.women) for r in matrix.rows]
    assert summary(forked) == summary(whole) and whole.seen == 60
