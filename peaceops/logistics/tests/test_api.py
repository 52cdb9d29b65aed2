"""The logistics API: bad input is a 400 with the reason, never a 500; figures are decimal strings."""

import datetime as dt

import pytest
from django.urls import reverse

from peaceops.logistics import services
from peaceops.logistics.models import EquipmentItem, Rate

from .conftest import marking

pytestmark = pytest.mark.django_db
D = dt.date
MARKING = {"level": "CONFIDENTIAL", "owning_agency": "VDPO", "releasable_to": ["MOD"]}


def test_a_rate_with_no_source_is_a_400_with_the_reason(api_for, logistics_user):
    response = api_for("logistics").post(reverse("api:logistics-rate-list"), {
        "kind": "troop_cost", "amount": "1448.00", "effective_from": "2022-07-01"}, format="json")
    assert response.status_code == 400
    assert "needs its source" in response.json()["detail"]
    assert not Rate.objects.exists()


def test_an_overlapping_rate_is_a_400_with_the_reason(api_for, shipped_rates, logistics_user):
    response = api_for("logistics").post(reverse("api:logistics-rate-list"), {
        "kind": "troop_cost", "amount": "1500.00", "effective_from": "2020-01-01", "source": "x"}, format="json")
    assert response.status_code == 400
    assert "overlaps" in response.json()["detail"]


def test_an_entered_rate_comes_back_unverified_with_its_amount_as_a_decimal_string(api_for, logistics_user):
    response = api_for("logistics").post(reverse("api:logistics-rate-list"), {
        "kind": "troop_cost", "amount": "1448.00", "effective_from": "2022-07-01", "source": "casquebleu.org",
        "verified": True}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["amount"] == "1448.00" and body["verified"] is False


def test_a_negative_quantity_is_a_400_with_the_reason(api_for, hospital, logistics_user):
    response = api_for("logistics").post(reverse("api:logistics-equipment-list"), {
        "unit": "L2FH-7", "category": "ambulance", "description": "Ambulance", "lease": "wet", "quantity": -1,
        "marking": MARKING}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "The quantity cannot be negative."
    assert not EquipmentItem.objects.unrestricted().exists()


def test_a_claim_for_equipment_that_failed_verification_is_a_400_with_the_reason(api_for, officer, hospital,
                                                                                 make_item):
    item = make_item(serial="AMB-9")
    services.verification_record(actor=officer, marking=marking(), data=services.VerificationData(
        unit=hospital, kind="periodic", date=D(2025, 1, 20),
        findings=[services.FindingData(item=item, result="missing", quantity_affected=1)]))
    response = api_for("logistics").post(reverse("api:logistics-claim-list"), {
        "unit": "L2FH-7", "kind": "major_equipment", "period_start": "2025-02-01", "period_end": "2025-02-28",
        "submitted_on": "2025-03-05", "lines": [{"equipment_item": str(item.pk), "amount": "100.00"}],
        "marking": MARKING}, format="json")
    assert response.status_code == 400
    assert "failed verification" in response.json()["detail"]


def test_an_estimate_by_api_returns_every_line_with_rate_and_source(api_for, shipped_rates, logistics_user):
    response = api_for("logistics").post(reverse("api:logistics-estimate-list"), {
        "title": "Staff officers", "personnel": 4, "start_date": "2018-01-01", "end_date": "2018-12-31",
        "marking": MARKING}, format="json")
    assert response.status_code == 201, response.content
    result = response.json()["result"]
    assert result["totals"]["reimbursement"] == "68112.00"  # 4 × (6 × 1,410 + 6 × 1,428)
    assert all(line["source"] and line["effective_from"] for line in result["lines"])


def test_the_risk_endpoint_refuses_bad_input_and_says_when_there_is_no_data(api_for, structure):
    api = api_for("planner")
    assert api.get(reverse("api:logistics-risk-list"), {"mission": "UNMISS", "personnel": -3}).status_code == 400
    response = api.get(reverse("api:logistics-risk-list"), {"mission": "NOWHERE", "personnel": 63})
    assert response.status_code == 404 and "No UN strength data" in response.json()["detail"]


def test_the_risk_endpoint_gives_the_expected_fatalities_and_interval(api_for, structure):
    from peaceops.insights.models import Dataset, Fatality, MissionMonth

    dataset = Dataset.objects.create(key="t", title="t", file_name="t", publisher="t", source_repo="t",
                                     source_path="t", source_commit="t", licence_note="t", sha256="0" * 64,
                                     loaded_at="2025-01-01T00:00:00Z")
    for month in range(1, 13):
        MissionMonth.objects.create(dataset=dataset, month=D(2015, month, 1), mission="UNMISS", troops=12000,
                                    police=0, observers=0, total=12000)
    for number, month in enumerate((3, 9)):
        Fatality.objects.create(dataset=dataset, source_id=number + 1, incident_date=D(2015, month, 2),
                                casualty_id=f"c{number}", mission="UNMISS", casualty_type="Fatality",
                                personnel_type="Military", incident_type="Illness")
    response = api_for("planner").get(reverse("api:logistics-risk-list"),
                                      {"mission": "unmiss", "personnel": 63, "months": 12})
    assert response.status_code == 200
    body = response.json()
    assert body["fatalities"] == 2 and body["person_years"] == pytest.approx(12000)
    assert body["expected"] == pytest.approx(63 * 2 / 12000)
    assert body["expected_low"] < body["expected"] < body["expected_high"]
    assert "Garwood" in body["method"]
