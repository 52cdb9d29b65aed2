"""Logistics pages: what each officer sees, bad input refused with a clear message, traceable figures."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from peaceops.logistics import services
from peaceops.logistics.models import EquipmentItem, Rate

from .conftest import marking

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def worked(officer, hospital, make_item, shipped_rates, entered_rates, unmiss):
    """The hospital's ambulances, a verification that finds one missing, an estimate and a claim."""
    item = make_item(description="Ambulance 4×4", serial="AMB-01", quantity=2)
    services.self_sustainment_set(actor=officer, unit=hospital, categories=["catering"])
    verification = services.verification_record(actor=officer, marking=marking(), data=services.VerificationData(
        unit=hospital, kind="periodic", date=D(2025, 1, 16), report_reference="VR-3",
        findings=[services.FindingData(item=item, result="missing", quantity_affected=1)]))
    estimate = services.estimate_create(actor=officer, marking=marking(), data=services.EstimateData(
        title="L2FH-7 rotation estimate", personnel=63, start_date=D(2024, 10, 1), end_date=D(2025, 3, 31),
        unit=hospital, mission=unmiss, payment_delay_months=3))
    return {"item": item, "verification": verification, "estimate": estimate}


@pytest.mark.parametrize("name", ["index", "verifications", "rates", "estimates", "claims", "rate-add",
                                  "estimate-add", "claim-add", "item-add", "factor-add"])
def test_the_logistics_officer_opens_every_page(client_for, worked, name):
    response = client_for("logistics").get(reverse(f"logistics:{name}"))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["rate-add", "claim-add", "item-add", "factor-add"])
def test_officers_without_the_role_get_404_on_the_forms(client_for, structure, name):
    assert client_for("public").get(reverse(f"logistics:{name}")).status_code == 404


def test_the_rates_table_shows_periods_sources_and_the_verified_badge(client_for, worked):
    html = client_for("public").get(reverse("logistics:rates")).content.decode()
    assert "1428.00 USD" in html and "A/RES/72/285" in html
    assert "01/07/2018" in html and "30/06/2022" in html
    assert "entered, not verified" in html  # the 1,448 rate entered by the officer
    assert "verified" in html


def test_the_estimate_page_shows_each_line_with_its_rate_and_source(client_for, worked):
    estimate = worked["estimate"]
    html = client_for("logistics").get(reverse("logistics:estimate", args=[estimate.pk])).content.decode()
    assert 'data-testid="estimate-line"' in html
    assert "casquebleu.org (amount unverified)" in html
    assert "VR-3" in html  # the deduction names its verification
    assert "estimate-chart-data" in html
    rate = Rate.objects.get(amount="1448.00")
    assert reverse("logistics:rate", args=[rate.pk]) in html
    assert "<script>" not in html.replace('<script src=', '')  # no inline script (CSP)


def test_the_estimate_csv_has_every_line_with_rate_source_and_effective_date(client_for, worked):
    estimate = worked["estimate"]
    response = client_for("logistics").get(reverse("logistics:estimate-csv", args=[estimate.pk]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[1]
    body = [dict(zip(header, row, strict=True)) for row in rows[2:]]
    assert len(body) == len(estimate.result["lines"])
    assert all(row["source"] and row["effective_from"] for row in body)


def test_a_negative_quantity_on_the_form_is_refused_with_a_clear_message(client_for, hospital, structure,
                                                                        logistics_user):
    from peaceops.org.models import Agency

    vdpo = Agency.objects.get(code="VDPO")
    response = client_for("logistics").post(reverse("logistics:item-add"), {
        "unit": hospital.pk, "category": "ambulance", "description": "Ambulance", "lease": "wet", "quantity": "-3",
        "level": 1, "owning_agency": vdpo.pk})
    assert response.status_code == 200
    assert "The quantity cannot be negative." in response.content.decode()
    assert not EquipmentItem.objects.unrestricted().exists()


def test_a_rate_with_no_source_on_the_form_is_refused_with_a_clear_message(client_for, logistics_user):
    response = client_for("logistics").post(reverse("logistics:rate-add"), {
        "kind": "troop_cost", "amount": "1448.00", "currency": "USD", "effective_from": "2022-07-01", "source": ""})
    assert "A rate needs its source" in response.content.decode()
    assert not Rate.objects.exists()


def test_an_overlapping_rate_on_the_form_is_refused_with_a_clear_message(client_for, shipped_rates,
                                                                         logistics_user):
    response = client_for("logistics").post(reverse("logistics:rate-add"), {
        "kind": "troop_cost", "amount": "1500.00", "currency": "USD", "effective_from": "2018-01-01",
        "effective_to": "2018-12-31", "source": "a note"})
    html = response.content.decode()
    assert "This period overlaps the rate of" in html


def test_a_claim_for_failed_equipment_on_the_form_is_refused_with_a_clear_message(client_for, worked, hospital):
    from peaceops.org.models import Agency

    response = client_for("logistics").post(reverse("logistics:claim-add"), {
        "unit": hospital.pk, "kind": "major_equipment", "period_start": "2025-02-01", "period_end": "2025-02-28",
        "submitted_on": "2025-03-10", "currency": "USD", "level": 1, "owning_agency": Agency.objects.get(code="VDPO").pk,
        "line0_item": worked["item"].pk, "line0_amount": "3000.00", "line0_quantity": "1"})
    html = response.content.decode()
    assert "failed verification: the periodic inspection of 2025-01-16 found it missing" in html


def test_the_unit_register_shows_equipment_self_sustainment_and_verification_history(client_for, worked, hospital):
    html = client_for("logistics").get(reverse("logistics:unit", args=[hospital.pk])).content.decode()
    assert "Ambulance 4×4" in html and "Catering" in html and "VR-3" in html


def test_the_proposal_panel_shows_the_cost_next_to_the_risk(client_for, worked, structure, actors):
    from peaceops.access.context import system_scope
    from peaceops.decisions import services as decisions
    from peaceops.org.models import Agency

    with system_scope("test"):
        decisions.reference_load(actor=actors["admin"])
    proposal = decisions.proposal_create(actor=actors["planner"], marking=marking(), data=decisions.ProposalData(
        title="Deploy L2FH", scenario="formed_unit", mission_code="UNMISS", personnel=63,
        owner_agency=Agency.objects.get(code="VDPO")))
    estimate = worked["estimate"]
    services.estimate_update(actor=actors["planner"], estimate=estimate, expected_version=estimate.version,
                             data=services.EstimateData(title=estimate.title, personnel=63,
                                                        start_date=estimate.start_date, end_date=estimate.end_date,
                                                        unit=estimate.unit, mission=estimate.mission,
                                                        proposal=proposal, basis="proposal"))
    client = client_for("planner")
    detail = client.get(reverse("decisions:detail", args=[proposal.pk])).content.decode()
    assert reverse("logistics:proposal-panel", args=[proposal.pk]) in detail
    panel = client.get(reverse("logistics:proposal-panel", args=[proposal.pk]), HTTP_HX_REQUEST="true")
    html = panel.content.decode()
    assert panel.status_code == 200
    assert "L2FH-7 rotation estimate" in html
    assert 'hx-swap-oob="true"' in html
    # No UN strength data is loaded in this test: the panel says so and gives no figure.
    assert "No UN strength data for UNMISS" in html


def test_the_proposal_panel_is_404_for_a_proposal_the_reader_may_not_see(client_for, structure, actors):
    from peaceops.access.context import system_scope
    from peaceops.decisions import services as decisions
    from peaceops.org.models import Agency

    with system_scope("test"):
        decisions.reference_load(actor=actors["admin"])
    proposal = decisions.proposal_create(actor=actors["planner"], marking=marking(level=2, released=()),
                                         data=decisions.ProposalData(title="Secret", scenario="formed_unit",
                                                                     owner_agency=Agency.objects.get(code="VDPO")))
    assert client_for("public").get(reverse("logistics:proposal-panel", args=[proposal.pk])).status_code == 404


def test_the_estimate_api_names_its_proposal_only_to_readers_who_may_see_it(api_for, worked, structure, actors):
    from peaceops.access.context import system_scope
    from peaceops.decisions import services as decisions
    from peaceops.org.models import Agency

    with system_scope("test"):
        decisions.reference_load(actor=actors["admin"])
    secret = decisions.proposal_create(actor=actors["planner"], marking=marking(level=2),
                                       data=decisions.ProposalData(title="Secret option", scenario="formed_unit",
                                                                   owner_agency=Agency.objects.get(code="VDPO")))
    estimate = worked["estimate"]
    services.estimate_update(actor=actors["planner"], estimate=estimate, expected_version=estimate.version,
                             data=services.EstimateData(title=estimate.title, personnel=63,
                                                        start_date=estimate.start_date, end_date=estimate.end_date,
                                                        unit=estimate.unit, mission=estimate.mission,
                                                        proposal=secret, basis="proposal"))
    url = reverse("api:logistics-estimate-detail", args=[estimate.pk])
    assert api_for("planner").get(url).json()["proposal"] == str(secret.pk)
    confidential = api_for("logistics").get(url)
    assert confidential.status_code == 200 and confidential.json()["proposal"] is None
    listed = api_for("logistics").get(reverse("api:logistics-estimate-list")).content.decode()
    assert str(secret.pk) not in listed
