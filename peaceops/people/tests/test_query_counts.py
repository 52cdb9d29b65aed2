"""The people list, detail page and API cost a fixed number of queries, whatever the page size.

The numbers are pinned: a change that adds a query (an N+1 in a template, a serializer field that
follows a relation, a second count) fails here, on SQLite and on PostgreSQL alike. Timing lives in
bench/ (`make bench`), never in the test suite.

Where the queries go, per request:

    session + user (web only) ........................... 2
    actor: clearance, its compartments, its agencies, roles 4
    people: COUNT(*) for the paginator, then the page ..... 2
    unit filter choices (COUNT + rows, web list only) ..... 2
    detail: the person, audited read (savepoint, head,
            insert, update, release), passports, next of
            kin, languages ................................ 9
            + may_change (EXISTS) when the role may edit .. 1
"""

import re

import pytest
from django.urls import reverse

from .factories import NextOfKinFactory, PassportFactory, PersonFactory

pytestmark = pytest.mark.django_db

PEOPLE = 60

WEB_SESSION = 2  # django_session, accounts_user
ACTOR = 4  # clearance, clearance compartments, clearance agencies, role assignments
UNIT_CHOICES = 2  # the unit <select> of the filter form: COUNT(*) then the rows
LIST_QUERIES = WEB_SESSION + ACTOR + 2 + UNIT_CHOICES  # + COUNT(*) and the page of people
AUDITED_READ = 5  # SAVEPOINT, audit head, INSERT event, UPDATE head, RELEASE SAVEPOINT
DETAIL_READS = 3  # passports, next of kin, languages
MAY_CHANGE = 1  # EXISTS on the person, for actors whose role may edit at all (the planner, not health)
DETAIL_QUERIES = {
    "planner": WEB_SESSION + ACTOR + 1 + AUDITED_READ + DETAIL_READS + MAY_CHANGE,
    "health": WEB_SESSION + ACTOR + 1 + AUDITED_READ + DETAIL_READS,
}
API_QUERIES = ACTOR + 2  # force_authenticate: no session; COUNT(*) and the page

ROW = re.compile(r'href="/[^"]*people/[0-9a-f-]{36}/"')


@pytest.fixture
def registry(structure):
    """60 army officers the planner sees (MOD, released to the department), 60 medical staff the
    health persona sees (MOH), and a few records neither may see, so that the filter has work to do."""
    army = [PersonFactory(level_id=1, owner="MOD", released=("VDPO",), service="army") for _ in range(PEOPLE)]
    medical = [PersonFactory(level_id=1, owner="MOH", service="medical", family_name="Lê") for _ in range(PEOPLE)]
    for _ in range(5):
        PersonFactory(level_id=3, owner="MFA", service="army")
        PersonFactory(level_id=1, owner="MOH", compartments=("DISCIPLINE",), service="medical")
    for subject in (army[0], medical[0]):
        PassportFactory(person=subject, level_id=1, owner=subject.owning_agency.code, released=("VDPO",))
        NextOfKinFactory(person=subject, level_id=1, owner=subject.owning_agency.code, released=("VDPO",))
    return {"planner": army, "health": medical}


SERVICE = {"planner": "army", "health": "medical"}


def rows_in(response) -> int:
    return len(ROW.findall(response.content.decode()))


def warm(client, url):
    """One request first: per-process caches (compartment and agency bits) are filled once, not per page."""
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("persona", ["planner", "health"])
@pytest.mark.parametrize("per_page, rows", [(25, 25), (50, 50), (100, PEOPLE)])
def test_the_people_list_costs_the_same_queries_for_every_page_size(
    registry, client_for, django_assert_num_queries, persona, per_page, rows
):
    # The web list offers 25/50/100/200 rows a page (any other value falls back to 50).
    web = client_for(persona)
    url = f"{reverse('people:list')}?service={SERVICE[persona]}&per_page={per_page}"
    warm(web, url)
    with django_assert_num_queries(LIST_QUERIES):
        response = web.get(url)
    assert response.status_code == 200
    assert rows_in(response) == rows


@pytest.mark.parametrize("persona", ["planner", "health"])
def test_a_search_costs_the_same_queries_as_a_filter(registry, client_for, django_assert_num_queries, persona):
    web = client_for(persona)
    family = "nguyen" if persona == "planner" else "le"
    url = f"{reverse('people:list')}?q={family}+van&per_page=25"
    warm(web, url)
    with django_assert_num_queries(LIST_QUERIES):
        response = web.get(url)
    assert rows_in(response) == 25


def test_the_htmx_table_fragment_costs_no_more_than_the_page(registry, client_for, django_assert_num_queries):
    web = client_for("planner")
    url = f"{reverse('people:list')}?service=army&per_page=50"
    warm(web, url)
    # The fragment has no filter form, so no unit choices.
    with django_assert_num_queries(LIST_QUERIES - UNIT_CHOICES):
        response = web.get(url, headers={"HX-Request": "true"})
    assert rows_in(response) == 50


@pytest.mark.parametrize("persona", ["planner", "health"])
def test_the_person_detail_page_costs_a_fixed_number_of_queries(
    registry, client_for, django_assert_num_queries, persona
):
    web = client_for(persona)
    subject = registry[persona][0]
    url = reverse("people:detail", args=[subject.pk])
    warm(web, url)
    with django_assert_num_queries(DETAIL_QUERIES[persona]):
        response = web.get(url)
    assert response.status_code == 200
    assert subject.service_number in response.content.decode()


def test_a_person_outside_the_clearance_is_404_in_fewer_queries(registry, client_for, django_assert_num_queries):
    web = client_for("health")
    hidden = registry["planner"][0]
    url = reverse("people:detail", args=[hidden.pk])
    warm(web, reverse("people:list"))
    # session, user, actor, the (empty) lookup: no audit row, no related reads.
    with django_assert_num_queries(WEB_SESSION + ACTOR + 1):
        assert web.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["planner", "health"])
@pytest.mark.parametrize("page_size", [10, 50])
def test_the_people_api_costs_the_same_queries_for_10_and_50_rows(
    registry, api_for, django_assert_num_queries, persona, page_size
):
    api = api_for(persona)
    url = f"{reverse('api:person-list')}?service={SERVICE[persona]}&page_size={page_size}"
    warm(api, url)
    with django_assert_num_queries(API_QUERIES):
        response = api.get(url)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == PEOPLE
    assert len(body["results"]) == page_size


def test_the_people_api_with_a_session_adds_only_the_session(registry, client_for, django_assert_num_queries):
    # A signed-in browser calling the API: the middleware's actor is reused, not resolved twice.
    web = client_for("planner")
    url = f"{reverse('api:person-list')}?service=army&page_size=50"
    warm(web, url)
    with django_assert_num_queries(WEB_SESSION + API_QUERIES):
        response = web.get(url)
    assert len(response.json()["results"]) == 50
