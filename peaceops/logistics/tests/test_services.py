"""Logistics services: rates with sources and periods, equipment, verification, estimates, claims."""

import datetime as dt
from decimal import Decimal

import pytest

from peaceops.access.context import system_scope
from peaceops.audit.models import AuditEvent
from peaceops.core.errors import NotPermitted, ServiceError, StaleEdit
from peaceops.logistics import services
from peaceops.logistics.models import Claim, EquipmentItem, Rate

from .conftest import marking

pytestmark = pytest.mark.django_db
D = dt.date


# --- rates -------------------------------------------------------------------------------------------

def test_the_shipped_rates_load_once_and_a_second_load_changes_nothing(shipped_rates):
    assert shipped_rates.created == 5
    assert list(Rate.objects.filter(kind="troop_cost").values_list("amount", flat=True)) == [
        Decimal("1028.00"), Decimal("1332.00"), Decimal("1365.00"), Decimal("1410.00"), Decimal("1428.00")]
    assert all(Rate.objects.values_list("verified", flat=True))
    with system_scope("test") as system:
        again = services.reference_load(actor=system)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)


def test_an_entered_rate_is_marked_entered_not_verified_and_audited(officer):
    rate = services.rate_create(actor=officer, data=services.RateData(
        kind="troop_cost", amount="1448.00", effective_from=D(2022, 7, 1), source="casquebleu.org"))
    assert rate.verified is False
    assert rate.entered_by
    assert AuditEvent.objects.filter(action="logistics.rate.create", target_id=str(rate.pk)).exists()


def test_a_rate_with_no_source_is_refused_with_a_clear_message(officer):
    with pytest.raises(ServiceError) as error:
        services.rate_create(actor=officer, data=services.RateData(kind="troop_cost", amount="1448", source="  "))
    assert "needs its source" in str(error.value.message)
    assert error.value.field == "source"
    assert not Rate.objects.exists()


def test_an_overlapping_rate_period_is_refused_with_a_clear_message(officer, shipped_rates):
    with pytest.raises(ServiceError) as error:
        services.rate_create(actor=officer, data=services.RateData(
            kind="troop_cost", amount="1500.00", effective_from=D(2022, 1, 1), source="somewhere"))
    assert "overlaps the rate of 1428.00 USD" in str(error.value.message)
    assert Rate.objects.filter(kind="troop_cost").count() == 5


def test_a_rate_starting_the_day_after_the_last_one_ends_is_accepted(officer, shipped_rates):
    rate = services.rate_create(actor=officer, data=services.RateData(
        kind="troop_cost", amount="1448.00", effective_from=D(2022, 7, 1), source="casquebleu.org"))
    assert rate.pk


def test_the_same_period_in_another_category_does_not_overlap(officer):
    for key in ("ambulance", "generator"):
        services.rate_create(actor=officer, data=services.RateData(
            kind="major_equipment", key=key, amount="100", effective_from=D(2023, 7, 1), source="COE 2023"))
    assert Rate.objects.count() == 2


def test_a_negative_rate_and_a_float_amount_are_refused(officer):
    with pytest.raises(ServiceError, match="cannot be negative"):
        services.rate_create(actor=officer, data=services.RateData(kind="troop_cost", amount="-1", source="x"))
    with pytest.raises(ServiceError, match="not floating point"):
        services.rate_create(actor=officer, data=services.RateData(kind="troop_cost", amount=1448.0, source="x"))


def test_closing_an_open_rate_lets_the_next_one_start(officer):
    old = services.rate_create(actor=officer, data=services.RateData(
        kind="national_allowance", amount="700", effective_from=D(2024, 1, 1), source="decision 1"))
    services.rate_close(actor=officer, rate=old, effective_to=D(2024, 12, 31), expected_version=old.version)
    new = services.rate_create(actor=officer, data=services.RateData(
        kind="national_allowance", amount="800", effective_from=D(2025, 1, 1), source="decision 2"))
    assert new.pk
    with pytest.raises(StaleEdit):
        services.rate_close(actor=officer, rate=Rate.objects.get(pk=old.pk), effective_to=D(2024, 6, 30),
                            expected_version=1)


def test_a_planner_cannot_enter_a_rate(actors):
    with pytest.raises(NotPermitted):
        services.rate_create(actor=actors["planner"], data=services.RateData(kind="troop_cost", amount="1",
                                                                             source="x"))


def test_only_an_admin_marks_an_entered_rate_verified_and_says_how(officer, actors):
    rate = services.rate_create(actor=officer, data=services.RateData(
        kind="troop_cost", amount="1448.00", effective_from=D(2022, 7, 1), source="casquebleu.org"))
    with pytest.raises(NotPermitted):
        services.rate_mark_verified(actor=officer, rate=rate, note="checked", expected_version=rate.version)
    with pytest.raises(ServiceError):
        services.rate_mark_verified(actor=actors["admin"], rate=rate, note="", expected_version=rate.version)
    services.rate_mark_verified(actor=actors["admin"], rate=rate, note="Checked against A/RES/76/…",
                                expected_version=rate.version)
    assert Rate.objects.get(pk=rate.pk).verified


# --- equipment and verification ----------------------------------------------------------------------

def test_a_negative_quantity_is_refused_with_a_clear_message(officer, hospital):
    data = services.EquipmentData(unit=hospital, category="ambulance", description="Ambulance", lease="wet",
                                  quantity=-2)
    with pytest.raises(ServiceError) as error:
        services.equipment_create(actor=officer, data=data, marking=marking())
    assert str(error.value.message) == "The quantity cannot be negative."
    assert error.value.field == "quantity"
    with system_scope("test"):
        assert not EquipmentItem.objects.exists()


def test_the_database_refuses_a_negative_quantity_too(make_item):
    from django.db import IntegrityError, transaction

    item = make_item()
    with pytest.raises(IntegrityError), transaction.atomic():
        EquipmentItem.objects.unrestricted().filter(pk=item.pk).update(quantity=-1)


def test_a_verification_marks_items_missing_and_a_later_one_restores_them(officer, hospital, make_item):
    item = make_item(quantity=4)
    services.verification_record(actor=officer, marking=marking(), data=services.VerificationData(
        unit=hospital, kind="periodic", date=D(2025, 1, 15), report_reference="VR-1",
        findings=[services.FindingData(item=item, result="missing", quantity_affected=1)]))
    item.refresh_from_db()
    assert (item.condition, item.affected) == ("missing", 1)
    services.verification_record(actor=officer, marking=marking(), data=services.VerificationData(
        unit=hospital, kind="periodic", date=D(2025, 4, 15), report_reference="VR-2",
        findings=[services.FindingData(item=item, result="serviceable")]))
    item.refresh_from_db()
    assert (item.condition, item.affected) == ("serviceable", 0)


def test_a_finding_of_more_units_than_the_item_has_is_refused(officer, hospital, make_item):
    item = make_item(quantity=2)
    with pytest.raises(ServiceError, match="1 to 2"):
        services.verification_record(actor=officer, marking=marking(), data=services.VerificationData(
            unit=hospital, kind="arrival", date=D(2025, 1, 1),
            findings=[services.FindingData(item=item, result="unserviceable", quantity_affected=3)]))


def test_a_verification_cannot_name_another_units_equipment(officer, hospital, make_item, units):
    item = make_item(unit=units["ENG-4"])
    with pytest.raises(ServiceError, match="not equipment of this unit"):
        services.verification_record(actor=officer, marking=marking(), data=services.VerificationData(
            unit=hospital, kind="arrival", date=D(2025, 1, 1),
            findings=[services.FindingData(item=item, result="missing", quantity_affected=1)]))


# --- claims ------------------------------------------------------------------------------------------

FEBRUARY = (D(2025, 2, 1), D(2025, 2, 28))


def _claim(officer, hospital, item, start=FEBRUARY[0], end=FEBRUARY[1], amount="3000.00"):
    return services.claim_create(actor=officer, marking=marking(), data=services.ClaimData(
        unit=hospital, kind="major_equipment", period_start=start, period_end=end, submitted_on=D(2025, 3, 10),
        lines=[services.ClaimLineData(description="", amount=amount, quantity=1, equipment_item=item)]))


def test_a_claim_for_equipment_that_failed_verification_is_refused_with_a_clear_message(officer, hospital,
                                                                                         make_item):
    item = make_item(description="Ambulance 4×4", serial="AMB-03")
    services.verification_record(actor=officer, marking=marking(), data=services.VerificationData(
        unit=hospital, kind="periodic", date=D(2025, 1, 20), report_reference="VR-7",
        findings=[services.FindingData(item=item, result="unserviceable", quantity_affected=1)]))
    with pytest.raises(ServiceError) as error:
        _claim(officer, hospital, item)
    assert str(error.value.message) == (
        "Ambulance 4×4 (AMB-03) failed verification: the periodic inspection of 2025-01-20 found it unserviceable. "
        "It cannot be claimed for this period until a verification finds it serviceable.")
    with system_scope("test"):
        assert not Claim.objects.exists()


def test_equipment_found_serviceable_again_can_be_claimed_for_a_later_period(officer, hospital, make_item):
    item = make_item()
    for day, result, count in ((D(2025, 1, 20), "unserviceable", 1), (D(2025, 3, 1), "serviceable", 0)):
        services.verification_record(actor=officer, marking=marking(), data=services.VerificationData(
            unit=hospital, kind="periodic", date=day,
            findings=[services.FindingData(item=item, result=result, quantity_affected=count)]))
    with pytest.raises(ServiceError):
        _claim(officer, hospital, item, start=D(2025, 2, 1), end=D(2025, 2, 28))
    claim = _claim(officer, hospital, item, start=D(2025, 3, 1), end=D(2025, 3, 31))
    assert claim.reference.startswith("CL-2025-")


def test_verification_payments_and_outstanding(officer, hospital, make_item):
    claim = _claim(officer, hospital, make_item(), amount="3000.00")
    services.claim_verify(actor=officer, claim=claim, amount_verified="2800.00", verified_on=D(2025, 5, 1),
                          expected_version=claim.version)
    assert claim.status == "verified" and claim.outstanding == Decimal("2800.00")
    services.payment_record(actor=officer, claim=claim, amount="1000.00", received_on=D(2025, 8, 1))
    claim.refresh_from_db()
    assert (claim.status, claim.amount_paid, claim.outstanding) == ("part_paid", Decimal("1000.00"),
                                                                     Decimal("1800.00"))
    with pytest.raises(ServiceError, match="exceed what is due"):
        services.payment_record(actor=officer, claim=claim, amount="1800.01", received_on=D(2025, 9, 1))
    services.payment_record(actor=officer, claim=claim, amount="1800.00", received_on=D(2025, 9, 1))
    claim.refresh_from_db()
    assert claim.status == "paid" and claim.outstanding == 0


def test_ageing_puts_outstanding_amounts_in_buckets_by_days_since_submission(officer, hospital, make_item):
    from peaceops.logistics.selectors import ageing

    claim = _claim(officer, hospital, make_item(), amount="3000.00")
    rows = {row.code: row for row in ageing([claim], today=D(2025, 3, 10) + dt.timedelta(days=200))}
    assert rows["181-365"].count == 1 and rows["181-365"].outstanding == {"USD": Decimal("3000.00")}
    assert rows["0-90"].count == 0


# --- estimates ---------------------------------------------------------------------------------------

def test_an_estimate_keeps_every_line_with_its_rate_source_and_date(officer, hospital, make_item, shipped_rates,
                                                                   entered_rates, unmiss):
    item = make_item(quantity=2)
    services.self_sustainment_set(actor=officer, unit=hospital, categories=["catering"])
    services.verification_record(actor=officer, marking=marking(), data=services.VerificationData(
        unit=hospital, kind="periodic", date=D(2025, 1, 16), report_reference="VR-3",
        findings=[services.FindingData(item=item, result="missing", quantity_affected=1)]))
    services.factor_create(actor=officer, mission=unmiss, kind="extreme_environment", percent="2.0",
                           source="MOU annex (test figure)", effective_from=D(2024, 1, 1))
    estimate = services.estimate_create(actor=officer, marking=marking(), data=services.EstimateData(
        title="L2FH-7 R7", personnel=63, start_date=D(2024, 10, 1), end_date=D(2025, 3, 31), unit=hospital,
        mission=unmiss, payment_delay_months=3))
    lines = estimate.result["lines"]
    assert {ln["category"] for ln in lines} >= {"personnel", "major_equipment", "self_sustainment", "deduction",
                                                "mission_factor", "allowances"}
    assert all(ln["source"] and ln["rate_ref"] and ln["effective_from"] for ln in lines)
    personnel = [ln for ln in lines if ln["category"] == "personnel"]
    assert {ln["rate_amount"] for ln in personnel} == {"1448.00"} and not any(ln["verified"] for ln in personnel)
    assert estimate.reimbursement_total == sum(Decimal(ln["amount"]) for ln in lines
                                               if ln["side"] == "reimbursement")
    assert len(estimate.result["months"]) == 6 + 3


def test_a_planner_may_cost_a_proposal_but_the_public_officer_may_not(actors, structure, shipped_rates):
    data = services.EstimateData(title="x", personnel=4, start_date=D(2018, 1, 1), end_date=D(2018, 12, 31))
    services.estimate_create(actor=actors["planner"], data=data, marking=marking(owner="VDPO"))
    with pytest.raises(NotPermitted):
        services.estimate_create(actor=actors["public"], data=data, marking=marking(level=0))


def test_an_estimate_with_negative_personnel_or_a_reversed_period_is_refused(officer):
    with pytest.raises(ServiceError, match="cannot be negative"):
        services.estimate_create(actor=officer, marking=marking(), data=services.EstimateData(
            title="x", personnel=-1, start_date=D(2025, 1, 1), end_date=D(2025, 2, 1)))
    with pytest.raises(ServiceError, match="end comes before"):
        services.estimate_create(actor=officer, marking=marking(), data=services.EstimateData(
            title="x", personnel=1, start_date=D(2025, 2, 1), end_date=D(2025, 1, 1)))
