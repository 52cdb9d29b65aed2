"""The lists cost a fixed number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import make_offer, make_partner, make_request

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(admin, n, prefix):
    for index in range(n):
        partner = make_partner(admin, code=f"{prefix}{index}")
        offer = make_offer(admin, partner, title=f"{prefix} offer {index}")
        make_request(admin, offer, title=f"{prefix} request {index}", status="agreed")


@pytest.mark.parametrize("name", ["partners:index", "partners:partners", "partners:requests"])
def test_a_list_page_costs_the_same_for_2_and_8_rows(client_for, admin, structure, name):
    web = client_for("planner")
    _grow(admin, 2, "A")
    two = _count(web, reverse(name))
    _grow(admin, 6, "B")
    assert _count(web, reverse(name)) == two


@pytest.mark.parametrize("name", ["api:partners-offer-list", "api:partners-request-list", "api:partners-partner-list",
                                  "api:partners-delivery-list"])
def test_an_api_list_costs_the_same_for_2_and_8_rows(api_for, admin, structure, name):
    api = api_for("planner")
    _grow(admin, 2, "C")
    two = _count(api, reverse(name))
    _grow(admin, 6, "D")
    assert _count(api, reverse(name)) == two


def test_the_offers_page_stays_within_its_pinned_query_budget(client_for, admin, structure,
                                                              django_assert_max_num_queries):
    web = client_for("planner")
    _grow(admin, 5, "E")
    web.get(reverse("partners:index"))
    with django_assert_max_num_queries(20):
        web.get(reverse("partners:index"))
