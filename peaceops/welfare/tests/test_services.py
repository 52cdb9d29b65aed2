"""Welfare services: the notification order, claims (money, deadlines), memorials, refusals, audit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from peaceops.audit.models import AuditEvent
from peaceops.core.errors import NotPermitted, ServiceError, StaleEdit
from peaceops.welfare import selectors, services
from peaceops.welfare.models import NotificationStep

from .conftest import casualty_marking, open_marking

pytestmark = pytest.mark.django_db


def step(casualty, kind):
    return NotificationStep.objects.get(casualty=casualty, kind=kind)


def test_a_casualty_comes_with_its_checklist_in_the_fixed_order(make_casualty):
    casualty = make_casualty()
    steps = list(NotificationStep.objects.filter(casualty=casualty).order_by("position"))
    assert [s.kind for s in steps] == ["family", "ministries", "public_statement"]
    assert all(s.owner_agency_id and s.owner_name for s in steps)
    assert AuditEvent.objects.filter(action="welfare.casualty.create", target_id=str(casualty.pk)).exists()


def test_the_service_refuses_a_public_statement_before_the_family_is_notified(make_casualty, admin):
    casualty = make_casualty()
    with pytest.raises(ServiceError) as refused:
        services.notification_step_complete(actor=admin, step=step(casualty, "public_statement"))
    assert "No public statement before the family is notified" in str(refused.value.message)
    assert step(casualty, "public_statement").done_at is None


def test_the_ministries_are_refused_before_the_family(make_casualty, admin):
    casualty = make_casualty()
    with pytest.raises(ServiceError, match="family must be notified first"):
        services.notification_step_complete(actor=admin, step=step(casualty, "ministries"))


def test_the_steps_record_their_times_in_order(make_casualty, admin):
    casualty = make_casualty()
    family_at = timezone.now() - dt.timedelta(hours=5)
    services.notification_step_complete(actor=admin, step=step(casualty, "family"), done_at=family_at,
                                        note="Visited by the unit commander")
    with pytest.raises(ServiceError, match="before the previous step"):
        services.notification_step_complete(actor=admin, step=step(casualty, "ministries"),
                                            done_at=family_at - dt.timedelta(hours=1))
    services.notification_step_complete(actor=admin, step=step(casualty, "ministries"))
    services.notification_step_complete(actor=admin, step=step(casualty, "public_statement"))
    done = list(NotificationStep.objects.filter(casualty=casualty).order_by("position"))
    assert done[0].done_at == family_at and done[0].done_by_label == "admin"
    assert done[0].done_at <= done[1].done_at <= done[2].done_at
    assert AuditEvent.objects.filter(action="welfare.notification.complete", target_id=str(casualty.pk)).count() == 3
    with pytest.raises(ServiceError, match="already recorded"):
        services.notification_step_complete(actor=admin, step=step(casualty, "family"))


def test_a_time_in_the_future_or_before_the_incident_is_refused(make_casualty, admin, incident):
    casualty = make_casualty()
    with pytest.raises(ServiceError, match="future"):
        services.notification_step_complete(actor=admin, step=step(casualty, "family"),
                                            done_at=timezone.now() + dt.timedelta(days=1))
    before = timezone.make_aware(dt.datetime.combine(incident.occurred_on - dt.timedelta(days=1), dt.time(12)))
    with pytest.raises(ServiceError, match="before the incident"):
        services.notification_step_complete(actor=admin, step=step(casualty, "family"), done_at=before)


def test_an_officer_without_the_casualty_compartment_cannot_record_or_tick(incident, actors, person, make_casualty):
    with pytest.raises(NotPermitted, match="compartment you do not hold"):
        services.casualty_create(actor=actors["personnel"], incident=incident, person=person, status="injured",
                                 marking=casualty_marking())
    casualty = make_casualty()
    with pytest.raises(NotPermitted):
        services.notification_step_complete(actor=actors["personnel"], step=step(casualty, "family"))


def test_a_casualty_outside_the_compartment_is_refused(incident, admin, person):
    with pytest.raises(ServiceError, match="CASUALTY compartment"):
        services.casualty_create(actor=admin, incident=incident, person=person, status="injured",
                                 marking=open_marking(level=1))


def test_the_same_person_is_recorded_once_per_incident(incident, admin, person, make_casualty):
    make_casualty(person_obj=person)
    with pytest.raises(ServiceError, match="already recorded"):
        make_casualty(person_obj=person)


def claim_data(**extra):
    values = {"kind": "death", "currency": "usd", "claimed_amount": "1000.00"}
    return services.ClaimData(**{**values, **extra})


def test_a_death_claim_keeps_its_amount_as_a_decimal_with_its_currency(make_casualty, admin):
    claim = services.claim_create(actor=admin, casualty=make_casualty(), data=claim_data(), marking=casualty_marking())
    claim.refresh_from_db()
    assert claim.claimed_amount == Decimal("1000.00") and isinstance(claim.claimed_amount, Decimal)
    assert claim.currency == "USD" and claim.reference.startswith("CLM-")


@pytest.mark.parametrize("extra, message", [
    ({"claimed_amount": "-5"}, "cannot be negative"),
    ({"claimed_amount": 12.5}, "not floating-point"),
    ({"claimed_amount": "12.345"}, "two decimals"),
    ({"claimed_amount": "abc"}, "Not an amount"),
    ({"currency": "dollars"}, "ISO 4217"),
    ({"kind": "disability", "disability_percent": "40"}, "needs an injured casualty"),
    ({"disability_percent": "40"}, "no loss-of-function"),
    ({"status": "submitted"}, "date the claim was submitted"),
    ({"status": "paid", "submitted_on": dt.date.today(), "approved_amount": "1000"}, "amount paid and the date"),
])
def test_bad_claims_are_refused_with_a_clear_message(make_casualty, admin, extra, message):
    with pytest.raises(ServiceError, match=message):
        services.claim_create(actor=admin, casualty=make_casualty(), data=claim_data(**extra),
                              marking=casualty_marking())


def test_a_disability_claim_needs_a_percentage_within_range(make_casualty, admin):
    casualty = make_casualty(status="seriously_injured")
    with pytest.raises(ServiceError, match="above 0 and at most 100"):
        services.claim_create(actor=admin, casualty=casualty, data=claim_data(kind="disability",
                                                                                disability_percent="140"),
                              marking=casualty_marking())
    claim = services.claim_create(actor=admin, casualty=casualty,
                                  data=claim_data(kind="disability", disability_percent="35.5"),
                                  marking=casualty_marking())
    assert claim.disability_percent == Decimal("35.50")


def test_a_claim_outside_the_casualty_compartment_is_refused(make_casualty, admin):
    with pytest.raises(ServiceError, match="CASUALTY compartment"):
        services.claim_create(actor=admin, casualty=make_casualty(), data=claim_data(), marking=open_marking(1))


def test_a_stale_claim_edit_is_refused(make_casualty, admin):
    claim = services.claim_create(actor=admin, casualty=make_casualty(), data=claim_data(), marking=casualty_marking())
    services.claim_update(actor=admin, claim=claim, data=claim_data(note="first"), expected_version=1)
    with pytest.raises(StaleEdit):
        services.claim_update(actor=admin, claim=claim, data=claim_data(note="second"), expected_version=1)


def test_deadlines_are_surfaced_when_near_or_overdue(make_casualty, admin, periods, incident):
    # Incident 10 days ago; submission period 60 days, warned 20 days before: open for now.
    claim = services.claim_create(actor=admin, casualty=make_casualty(), data=claim_data(), marking=casualty_marking())
    assert selectors.deadline_rows(actor=admin) == []
    in_45_days = dt.date.today() + dt.timedelta(days=45)
    rows = selectors.deadline_rows(actor=admin, today=in_45_days)
    assert [(r.claim.pk, r.deadline.code, r.deadline.state) for r in rows] == [(claim.pk, "claim_submission", "near")]
    rows = selectors.deadline_rows(actor=admin, today=dt.date.today() + dt.timedelta(days=70))
    assert rows[0].deadline.state == "overdue" and rows[0].deadline.days_left == -20


def test_deadline_periods_need_a_source_and_are_not_verified_by_default(admin):
    with pytest.raises(ServiceError, match="Name the source"):
        services.deadline_parameter_set(actor=admin, code="claim_submission", days=30,
                                        effective_from=dt.date(2025, 1, 1), source="  ")
    with pytest.raises(ServiceError, match="whole number of days"):
        services.deadline_parameter_set(actor=admin, code="claim_submission", days=0,
                                        effective_from=dt.date(2025, 1, 1), source="x")
    entered = services.deadline_parameter_set(actor=admin, code="claim_submission", days=30, warn_days=5,
                                              effective_from=dt.date(2025, 1, 1), source="Officer's note")
    assert entered.verified is False
    with pytest.raises(ServiceError, match="already starts on this date"):
        services.deadline_parameter_set(actor=admin, code="claim_submission", days=40,
                                        effective_from=dt.date(2025, 1, 1), source="again")


def test_a_public_memorial_waits_for_the_public_statement(make_casualty, admin):
    casualty = make_casualty()
    data = services.MemorialData(name="Trần Văn Thử", rank="Major", citation="Gave his life caring for others.")
    with pytest.raises(ServiceError, match="complete the notification"):
        services.memorial_create(actor=admin, casualty=casualty, data=data, marking=open_marking(0))
    for kind in ("family", "ministries", "public_statement"):
        services.notification_step_complete(actor=admin, step=step(casualty, kind))
    memorial = services.memorial_create(actor=admin, casualty=casualty, data=data, marking=open_marking(0))
    assert memorial.level_id == 0 and memorial.compartment_mask == 0
    assert memorial.died_on == casualty.incident.occurred_on


def test_a_memorial_inside_the_casualty_marking_may_be_prepared_early(make_casualty, admin):
    casualty = make_casualty()
    data = services.MemorialData(name="Trần Văn Thử", citation="Draft citation.")
    memorial = services.memorial_create(actor=admin, casualty=casualty, data=data, marking=casualty_marking())
    assert "CASUALTY" in memorial.compartments


def test_a_memorial_is_for_the_dead(make_casualty, admin):
    with pytest.raises(ServiceError, match="who died"):
        services.memorial_create(actor=admin, casualty=make_casualty(status="injured"),
                                 data=services.MemorialData(name="X", citation="Y"), marking=casualty_marking())


def test_repatriation_and_care_are_checked_and_audited(make_casualty, admin):
    casualty = make_casualty()
    with pytest.raises(ServiceError, match="arrival cannot be before"):
        services.repatriation_add(actor=admin, casualty=casualty, data=services.RepatriationData(
            departs_on=dt.date(2026, 3, 5), arrives_on=dt.date(2026, 3, 4), route="Juba – Addis Ababa – Hà Nội"))
    services.repatriation_add(actor=admin, casualty=casualty, data=services.RepatriationData(
        departs_on=dt.date(2026, 3, 5), arrives_on=dt.date(2026, 3, 6), route="Juba – Addis Ababa – Hà Nội",
        escort="Two officers of the unit"))
    services.care_add(actor=admin, casualty=casualty, data=services.CareData(
        on=dt.date(2026, 3, 10), kind="family_support", note="Visit to the family"))
    actions = set(AuditEvent.objects.filter(target_id=str(casualty.pk)).values_list("action", flat=True))
    assert {"welfare.repatriation.add", "welfare.care.add"} <= actions


def test_an_incident_in_the_future_or_without_a_place_is_refused(admin, unmiss):
    with pytest.raises(ServiceError, match="future"):
        services.incident_create(actor=admin, data=services.IncidentData(
            occurred_on=dt.date.today() + dt.timedelta(days=2), place="x", mission=unmiss, incident_type="accident"),
            marking=open_marking())
    with pytest.raises(ServiceError, match="Say where"):
        services.incident_create(actor=admin, data=services.IncidentData(
            occurred_on=dt.date.today(), place=" ", mission=unmiss, incident_type="accident"), marking=open_marking())


def test_an_officer_without_a_welfare_role_cannot_record_an_incident(actors, unmiss):
    with pytest.raises(NotPermitted):
        services.incident_create(actor=actors["mfa"], data=services.IncidentData(
            occurred_on=dt.date.today(), place="x", mission=unmiss, incident_type="illness"), marking=open_marking())
