"""The pool: the SQL prefilter agrees with the engine, the query count does not grow with the page,
exports are audited, the CLI prints JSON."""

import datetime as dt
import json
import random
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from peaceops.audit.models import AuditEvent
from peaceops.people.choices import Rank
from peaceops.people.tests.factories import PassportFactory, PersonFactory
from peaceops.readiness import eligibility as engine
from peaceops.readiness import selectors
from peaceops.readiness.pool import eligible_pool

from .conftest import TOUR_FROM, TOUR_TO, nurse
from .factories import QualificationFactory, service_start

pytestmark = pytest.mark.django_db
TOUR = engine.Tour(TOUR_FROM, TOUR_TO)
RANKS = ["OR-4", "OR-7", "OF-1", "OF-2", "OF-3", "OF-4", "OF-5", "CIV"]
TYPES = [("ENGLISH", ["A1", "A2", "B1", "B2", "C1"]), ("MEDICAL", ["fit", "fit", "unfit"]),
         ("VETTING", ["cleared", "not_cleared"]), ("NURSING", ["completed"]), ("CONTINGENT_PDT", ["completed"]),
         ("DRIVING_4X4", ["passed", "failed"]), ("COMPUTER", ["passed"]), ("UN_CPTM", ["completed"]),
         ("UN_STM_MEM", ["completed"]), ("UN_STM_SO", ["completed"]), ("SURGERY", ["completed"])]
# Boundary days around the test tour: the start, the end, and the day either side of each.
EDGES = [TOUR_FROM - dt.timedelta(days=1), TOUR_FROM, TOUR_TO - dt.timedelta(days=1), TOUR_TO,
         TOUR_TO + dt.timedelta(days=1), dt.date(2028, 8, 28), dt.date(2028, 8, 29), None]


def random_people(count: int, seed: int = 5):
    """People on every side of every boundary: ranks, birthdays, service starts, expiries."""
    rng = random.Random(seed)
    people = []
    for index in range(count):
        born = TOUR_FROM.replace(year=TOUR_FROM.year - rng.choice([21, 22, 25, 28, 45, 50, 51, 56])) + \
            dt.timedelta(days=rng.choice([-1, 0, 1]))
        person = PersonFactory(rank=rng.choice(RANKS), date_of_birth=born, level_id=rng.choice([0, 1]),
                               owner="VDPO", released=("MOD", "MOH"), given_name=f"Pool{index}")
        if rng.random() < 0.85:
            service_start(person, TOUR_FROM.replace(year=TOUR_FROM.year - rng.choice([2, 5, 6])) +
                          dt.timedelta(days=rng.choice([-1, 0, 1])))
        for code, results in TYPES:
            if rng.random() < 0.7:
                compartments = {"MEDICAL": ("MEDICAL",), "VETTING": ("PERSONAL-DATA",)}.get(code, ())
                QualificationFactory(person=person, type_code=code, result=rng.choice(results),
                                     valid_until=rng.choice(EDGES), level_id=rng.choice([0, 1, 2]),
                                     compartments=compartments, owner="VDPO", released=("MOD",))
        if rng.random() < 0.8:
            PassportFactory(person=person, expires_on=rng.choice(EDGES[:-1]), level_id=1,
                            compartments=("PERSONAL-DATA",), owner="VDPO")
        people.append(person)
    return people


def engine_pool(actor, rules, tour):
    """The pool computed person by person by the engine alone: what the SQL must agree with."""
    people = list(selectors.policy_for(selectors.Person).scope(actor, "view"))
    facts = selectors.facts_for(people)
    eligible, failing = set(), Counter()
    for person in people:
        verdict = engine.evaluate(facts[person.pk], rules.rules, tour, rank_order=Rank.values)
        if verdict.eligible:
            eligible.add(person.pk)
        else:
            failing[verdict.first_failing] += 1
    return eligible, failing


@pytest.mark.parametrize("code", ["NURSE", "MEM", "SO", "SURGEON", "IPO"])
@pytest.mark.parametrize("persona", ["planner", "health", "admin"])
def test_the_sql_prefilter_and_the_engine_agree_on_every_person(reference, actors, code, persona):
    random_people(70)
    actor = actors[persona]
    post_type = selectors.post_type_get(actor=actor, code=code)
    rules = selectors.rules_in_force(post_types=[post_type], on=TOUR.start)[code]
    pool = eligible_pool(actor=actor, rules=rules, tour=TOUR)
    eligible, failing = engine_pool(actor, rules, TOUR)
    assert {p.pk for p in pool.eligible} == eligible
    assert dict(pool.failing) == dict(failing)
    assert pool.seen_count == len(eligible) + sum(failing.values())


def test_the_pool_is_the_same_for_the_planner_and_the_health_officer_where_both_see_the_people(reference, actors):
    random_people(40)
    results = {}
    for persona in ("planner", "health"):
        actor = actors[persona]
        post_type = selectors.post_type_get(actor=actor, code="NURSE")
        rules = selectors.rules_in_force(post_types=[post_type], on=TOUR.start)["NURSE"]
        pool = eligible_pool(actor=actor, rules=rules, tour=TOUR)
        results[persona] = ({p.pk for p in pool.eligible}, dict(pool.failing), pool.hidden)
    assert results["planner"][:2] == results["health"][:2]
    assert results["planner"][2] == {"medical", "vetting", "passport"}
    assert results["health"][2] == {"vetting", "passport"}


def test_a_boundary_day_counts_the_same_in_sql_and_in_the_engine(reference, actors):
    on_the_day = nurse(medical_until=TOUR_TO, marker="Edge1")
    a_day_short = nurse(medical_until=TOUR_TO - dt.timedelta(days=1), marker="Edge2")
    post_type = selectors.post_type_get(actor=actors["admin"], code="NURSE")
    rules = selectors.rules_in_force(post_types=[post_type], on=TOUR.start)["NURSE"]
    pool = eligible_pool(actor=actors["admin"], rules=rules, tour=TOUR)
    assert on_the_day in pool.eligible and a_day_short not in pool.eligible
    assert dict(pool.failing) == {"medical": 1}


def pool_url(**extra):
    query = {"post_type": "NURSE", "from": TOUR_FROM.isoformat(), "to": TOUR_TO.isoformat(), **extra}
    return reverse("readiness:pool") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


@pytest.fixture
def many_nurses(reference):
    return [nurse(marker=f"Nq{i:03d}") for i in range(60)] + [nurse(english="A1", marker=f"Nx{i}") for i in range(5)]


POOL_PAGE_QUERIES = {
    # session, user, actor (4), post types, qualification types, rule set, the failing GROUP BY, the
    # candidates, their qualifications, their passports, their last tours (missions' provider)
    "planner": 2 + 4 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1,
}


class reads:
    """The statements a request runs, without transaction bookkeeping (savepoints, SET LOCAL jit = off on
    PostgreSQL), which differs between the engines and between a test and production."""

    BOOKKEEPING = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "SET LOCAL")

    def __init__(self, expected: int):
        self.expected = expected

    def __enter__(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.context = CaptureQueriesContext(connection)
        self.context.__enter__()
        return self

    def __exit__(self, *exc):
        self.context.__exit__(*exc)
        if exc[0] is None:
            statements = [q["sql"] for q in self.context.captured_queries
                          if not q["sql"].lstrip().upper().startswith(self.BOOKKEEPING)]
            assert len(statements) == self.expected, "\n".join(statements)


@pytest.mark.parametrize("per_page", [25, 50, 100])
def test_the_pool_page_costs_the_same_queries_for_every_page_size(many_nurses, client_for, django_assert_num_queries,
                                                                 per_page):
    web = client_for("planner")
    url = pool_url(per_page=per_page)
    assert web.get(url).status_code == 200  # warm the per-process caches
    with reads(POOL_PAGE_QUERIES["planner"]):
        response = web.get(url)
    text = response.content.decode()
    assert text.count('href="/readiness/people/') == min(per_page, 60)
    assert 'data-stat="eligible">60<' in text and 'data-stat="not-eligible">5<' in text


@pytest.mark.parametrize("page_size", [10, 50])
def test_the_pool_api_costs_the_same_queries_for_10_and_50_rows(many_nurses, api_for, django_assert_num_queries,
                                                                page_size):
    api = api_for("planner")
    url = reverse("api:readiness-pool-list")
    query = {"post_type": "NURSE", "from": TOUR_FROM.isoformat(), "page_size": page_size}
    assert api.get(url, query).status_code == 200
    with reads(4 + 8):  # actor (4) + the same eight reads as the page
        body = api.get(url, query).json()
    assert len(body["results"]) == page_size
    assert body["eligible_count"] == 60 and body["failing"][0]["check"] == "english"


def test_the_pool_groups_the_others_by_their_first_failing_requirement(reference, client_for):
    nurse(english="A1", marker="G1")
    nurse(english=None, marker="G2")
    nurse(medical_until=dt.date(2027, 6, 30), marker="G3")
    nurse(marker="G4")
    text = client_for("health").get(pool_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-check="english"' in text and 'data-check="medical"' in text
    assert 'data-stat="eligible">1<' in text and 'data-stat="not-eligible">3<' in text


def test_the_csv_export_is_audited_and_carries_the_marking(many_nurses, client_for):
    before = AuditEvent.objects.filter(action="readiness.pool.export").count()
    response = client_for("planner").get(reverse("readiness:pool-export") + "?" +
                                         f"post_type=NURSE&from={TOUR_FROM}&to={TOUR_TO}")
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("MẬT") or lines[0].startswith("CONFIDENTIAL")
    assert len(lines) == 4 + 60
    assert response["X-PeaceOps-Marking"] == "CONFIDENTIAL"
    event = AuditEvent.objects.filter(action="readiness.pool.export").latest("seq")
    assert AuditEvent.objects.filter(action="readiness.pool.export").count() == before + 1
    assert event.changes["count"] == 60 and event.changes["post_type"] == "NURSE"


def test_a_reader_who_may_not_export_gets_404_for_the_csv(many_nurses, client_for):
    assert client_for("health").get(reverse("readiness:pool-export") + "?post_type=NURSE").status_code == 404


def test_the_cli_prints_the_pool_as_json(many_nurses):
    out = StringIO()
    call_command("readiness", "eligible", "--post-type", "nurse", "--from", TOUR_FROM.isoformat(), "--to",
                 TOUR_TO.isoformat(), "--json", "--as", "planner", stdout=out)
    body = json.loads(out.getvalue())
    assert body["post_type"] == "NURSE" and body["eligible_count"] == 60 and len(body["eligible"]) == 60
    assert body["failing"] == [{"check": "english", "label": body["failing"][0]["label"],
                                "requirement": body["failing"][0]["requirement"], "count": 5, "hidden": False}]


def test_the_cli_refuses_bad_dates_with_a_reason(reference):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="to"):
        call_command("readiness", "eligible", "--post-type", "NURSE", "--from", "2027-03-01", "--to", "2026-01-01",
                     "--json", "--as", "planner")


def test_a_person_the_reader_may_not_see_is_never_counted(reference, client_for):
    nurse(owner="MPS", released=(), marker="Hidden1")
    nurse(marker="Shown1")
    text = client_for("planner").get(pool_url()).content.decode()
    assert "Hidden1" not in text and "Shown1" in text
    assert 'data-stat="seen">1<' in text
