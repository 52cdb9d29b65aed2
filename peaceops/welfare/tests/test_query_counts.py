"""The welfare lists and the incident page cost the same number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peaceops.people.tests.factories import PersonFactory
from peaceops.welfare import services

from .conftest import casualty_marking

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_casualty_with_claim(incident, admin):
    person = PersonFactory(level_id=0, owner="VDPO")
    casualty = services.casualty_create(actor=admin, incident=incident, person=person, status="deceased",
                                        marking=casualty_marking())
    services.claim_create(actor=admin, casualty=casualty, data=services.ClaimData(
        kind="death", currency="USD", claimed_amount="1"), marking=casualty_marking())
    return casualty


def test_the_lists_the_incident_page_and_the_api_do_not_grow_with_rows(incident, admin, client_for, api_for, periods):
    web, api = client_for("admin"), api_for("admin")
    add_casualty_with_claim(incident, admin)
    urls = [(web, reverse("welfare:index")), (web, reverse("welfare:claims")),
            (web, reverse("welfare:incident", args=[incident.pk])), (api, reverse("api:welfare-claim-list")),
            (api, reverse("api:welfare-casualty-list")), (web, reverse("welfare:claim-export"))]
    for client, url in urls:
        queries(client, url)  # warm: session, content types
    small = [queries(client, url) for client, url in urls]
    for _n in range(4):
        add_casualty_with_claim(incident, admin)
    large = [queries(client, url) for client, url in urls]
    assert large == small
