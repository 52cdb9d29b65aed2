"""Welfare pages and API: the checklist ticked with HTMX, refusals shown, CSV export, compartment 404s."""

import datetime as dt

import pytest
from django.urls import reverse

from peaceops.welfare import services
from peaceops.welfare.models import NotificationStep

from .conftest import casualty_marking

pytestmark = pytest.mark.django_db


def test_the_incident_page_shows_casualties_and_the_checklist(make_casualty, person, client_for, incident):
    make_casualty(person_obj=person)
    page = client_for("admin").get(reverse("welfare:incident", args=[incident.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Hoàng Thị Thử nghiệm" in text and 'data-step="public_statement"' in text
    assert "CASUALTY" in text  # the banner


def test_ticking_a_step_with_htmx_records_the_time_and_answers_with_the_checklist(make_casualty, client_for):
    casualty = make_casualty()
    family = NotificationStep.objects.get(casualty=casualty, kind="family")
    response = client_for("admin").post(reverse("welfare:step-complete", args=[family.pk]), {"note": "in person"},
                                        HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="checklist-' in text and 'data-testid="step-time"' in text and "in person" in text
    family.refresh_from_db()
    assert family.done_at is not None


def test_a_public_statement_before_the_family_is_refused_on_the_page(make_casualty, client_for):
    casualty = make_casualty()
    statement = NotificationStep.objects.get(casualty=casualty, kind="public_statement")
    response = client_for("admin").post(reverse("welfare:step-complete", args=[statement.pk]), {},
                                        HTTP_HX_REQUEST="true")
    assert "No public statement before the family is notified" in response.content.decode()
    statement.refresh_from_db()
    assert statement.done_at is None


def test_an_officer_without_casualty_sees_the_incident_but_no_casualty(make_casualty, client_for, incident, person):
    casualty = make_casualty(person_obj=person)
    web = client_for("planner")
    page = web.get(reverse("welfare:incident", args=[incident.pk])).content.decode()
    assert "Hoàng Thị Thử nghiệm" not in page and "CASUALTY compartment" in page
    assert web.get(reverse("welfare:casualty", args=[casualty.pk])).status_code == 404
    step = NotificationStep.objects.get(casualty=casualty, kind="family")
    assert web.post(reverse("welfare:step-complete", args=[step.pk]), {}).status_code == 404
    listing = web.get(reverse("welfare:index")).content.decode()
    assert 'data-stat="casualties">0<' in listing


def test_the_csv_exports_only_visible_rows(make_casualty, admin, client_for, incident):
    claim = services.claim_create(actor=admin, casualty=make_casualty(), data=services.ClaimData(
        kind="death", currency="USD", claimed_amount="5000.00"), marking=casualty_marking())
    body = client_for("admin").get(reverse("welfare:claim-export")).content.decode("utf-8-sig")
    assert claim.reference in body and "5000.00" in body
    assert client_for("auditor").get(reverse("welfare:claim-export")).content.decode("utf-8-sig").count("\n") == 1
    incidents = client_for("auditor").get(reverse("welfare:incident-export")).content.decode("utf-8-sig")
    assert incident.reference in incidents and incidents.splitlines()[1].split(",")[5] == "0"


def test_an_officer_without_the_export_role_gets_404_on_export(client_for):
    assert client_for("mfa").get(reverse("welfare:claim-export")).status_code == 404


def test_the_claims_page_surfaces_deadlines(make_casualty, admin, client_for, periods):
    services.claim_create(actor=admin, casualty=make_casualty(), data=services.ClaimData(
        kind="death", currency="USD", claimed_amount="5000.00"), marking=casualty_marking())
    text = client_for("admin").get(reverse("welfare:claims")).content.decode()
    assert "Submission: due" in text and "entered, not verified" in text


def test_creating_an_incident_and_a_casualty_through_the_pages(client_for, unmiss, person):
    web = client_for("admin")
    from peaceops.org.models import Agency

    vdpo = Agency.objects.get(code="VDPO")
    response = web.post(reverse("welfare:incident-create"), {
        "occurred_on": dt.date.today().isoformat(), "place": "Bentiu camp", "mission": "UNMISS",
        "incident_type": "illness", "level": 0, "owning_agency": str(vdpo.pk)})
    assert response.status_code == 302
    incident_url = response["Location"]
    incident_pk = incident_url.rstrip("/").rsplit("/", 1)[1]
    response = web.post(reverse("welfare:casualty-create", args=[incident_pk]), {
        "service_number": person.service_number, "status": "injured", "level": 1, "compartments": ["CASUALTY"],
        "owning_agency": str(vdpo.pk)})
    assert response.status_code == 302
    response = web.post(reverse("welfare:casualty-create", args=[incident_pk]), {
        "service_number": "NOPE-1", "status": "injured", "level": 1, "compartments": ["CASUALTY"],
        "owning_agency": str(vdpo.pk)})
    assert "No person with this service number" in response.content.decode()


def test_the_api_refuses_a_public_statement_before_the_family_with_400(make_casualty, api_for):
    casualty = make_casualty()
    api = api_for("admin")
    url = reverse("api:welfare-casualty-notification", args=[casualty.pk])
    refused = api.post(url, {"step": "public_statement"}, format="json")
    assert refused.status_code == 400
    assert "No public statement before the family is notified" in refused.json()["detail"]
    assert api.post(url, {"step": "family"}, format="json").status_code == 200


def test_the_api_creates_a_claim_with_decimal_amounts_and_shows_deadlines(make_casualty, api_for, periods):
    casualty = make_casualty()
    api = api_for("admin")
    response = api.post(reverse("api:welfare-claim-list"), {
        "casualty": str(casualty.pk), "kind": "death", "currency": "USD", "claimed_amount": "1234.50",
        "marking": {"level": "CONFIDENTIAL", "owning_agency": "VDPO", "compartments": ["CASUALTY"]}}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["claimed_amount"] == "1234.50" and body["currency"] == "USD"
    assert [d["code"] for d in body["deadlines"]] == ["claim_submission", "un_settlement"]
    assert body["deadlines"][0]["period_verified"] is False
    negative = api.post(reverse("api:welfare-claim-list"), {
        "casualty": str(casualty.pk), "kind": "death", "currency": "USD", "claimed_amount": "-1",
        "marking": {"level": "CONFIDENTIAL", "owning_agency": "VDPO", "compartments": ["CASUALTY"]}}, format="json")
    assert negative.status_code == 400


def test_the_api_hides_casualties_and_claims_from_an_officer_without_the_compartment(make_casualty, admin, api_for):
    casualty = make_casualty()
    claim = services.claim_create(actor=admin, casualty=casualty, data=services.ClaimData(
        kind="death", currency="USD", claimed_amount="10"), marking=casualty_marking())
    api = api_for("planner")
    assert api.get(reverse("api:welfare-casualty-list")).json()["count"] == 0
    assert api.get(reverse("api:welfare-claim-list")).json()["count"] == 0
    assert api.get(reverse("api:welfare-claim-deadlines")).json() == []
    assert api.get(reverse("api:welfare-casualty-detail", args=[casualty.pk])).status_code == 404
    assert api.get(reverse("api:welfare-claim-detail", args=[claim.pk])).status_code == 404
    assert api.post(reverse("api:welfare-casualty-notification", args=[casualty.pk]), {"step": "family"},
                    format="json").status_code == 404
