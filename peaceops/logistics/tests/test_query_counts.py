"""The logistics lists cost the same number of queries whatever the number of rows (no N+1).

The counts are pinned as "the same for 3 rows as for 30", on SQLite and PostgreSQL alike; timing
lives in bench/, never here."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .test_access_matrix import ClaimFactory, EquipmentFactory, EstimateFactory, VerificationFactory, hospital

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _fill(count, offset):
    unit = hospital()
    for index in range(count):
        n = offset + index
        EquipmentFactory(unit=unit, description=f"Item {n}", serial=f"S-{n}", level_id=1, owner="VDPO")
        VerificationFactory(unit=unit, report_reference=f"VR-{n}", level_id=1, owner="VDPO")
        EstimateFactory(title=f"Estimate {n}", level_id=1, owner="VDPO", result={})
        ClaimFactory(unit=unit, reference=f"CL-Q-{n:05d}", level_id=1, owner="VDPO",
                     amount_claimed=Decimal("10.00"), submitted_on=dt.date(2025, 1, 1))


@pytest.mark.parametrize("name", ["index", "verifications", "estimates", "claims", "rates"])
def test_a_list_page_costs_the_same_queries_for_3_rows_as_for_30(client_for, structure, name):
    client = client_for("planner")
    url = reverse(f"logistics:{name}")
    _fill(3, 0)
    small = _queries(client, url)
    _fill(27, 100)
    assert _queries(client, url) == small


@pytest.mark.parametrize("basename", ["logistics-equipment", "logistics-verification", "logistics-estimate",
                                      "logistics-claim", "logistics-rate"])
def test_an_api_list_costs_the_same_queries_for_3_rows_as_for_30(api_for, structure, basename):
    api = api_for("planner")
    url = reverse(f"api:{basename}-list")
    _fill(3, 0)
    small = _queries(api, url)
    _fill(27, 100)
    assert _queries(api, url) == small


def test_the_unit_register_costs_the_same_queries_for_3_items_as_for_30(client_for, structure):
    client = client_for("planner")
    url = reverse("logistics:unit", args=[hospital().pk])
    _fill(3, 0)
    small = _queries(client, url)
    _fill(27, 100)
    assert _queries(client, url) == small
