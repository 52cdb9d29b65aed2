"""Partners services: each write audited in its transaction; every status rule tested on both sides."""

import datetime as dt

import pytest

from peaceops.audit.models import AuditEvent
from peaceops.core.errors import NotPermitted, ServiceError, StaleEdit
from peaceops.partners import services
from peaceops.partners.models import Delivery, Offer, Partner, Request

from .conftest import make_offer, make_partner, make_request, marking, today

pytestmark = pytest.mark.django_db


def actions(prefix="partners."):
    return list(AuditEvent.objects.filter(action__startswith=prefix).order_by("seq").values_list("action", flat=True))


# --- partners and offers ---------------------------------------------------------------------------

def test_creating_a_partner_writes_its_audit_row(admin, structure):
    partner = make_partner(admin, code="gpoi-x")
    assert partner.code == "GPOI-X"
    event = AuditEvent.objects.get(action="partners.partner.create")
    assert event.target_id == str(partner.pk) and event.changes["code"] == "GPOI-X"


def test_a_partner_code_is_unique_and_well_formed(admin, structure):
    make_partner(admin, code="ONE")
    with pytest.raises(ServiceError) as refused:
        make_partner(admin, code="ONE")
    assert refused.value.field == "code"
    with pytest.raises(ServiceError):
        make_partner(admin, code="no spaces")
    assert Partner.objects.count() == 1


def test_a_reader_without_a_partners_role_may_not_write(actors, structure):
    with pytest.raises(NotPermitted):
        make_partner(actors["health"])
    assert not Partner.objects.exists() and not actions()


def test_an_edit_on_a_stale_version_is_refused_and_leaves_no_audit_row(admin, partner):
    data = services.PartnerData(code=partner.code, name="Renamed", kind=partner.kind)
    services.partner_update(actor=admin, partner=partner, data=data, expected_version=1)
    assert partner.version == 2
    stale = Partner.objects.get(pk=partner.pk)
    stale.version = 1
    with pytest.raises(StaleEdit):
        services.partner_update(actor=admin, partner=stale, data=services.PartnerData(
            code=partner.code, name="Again", kind=partner.kind), expected_version=1)
    assert actions() == ["partners.partner.create", "partners.partner.update"]


def test_an_offer_ends_on_or_after_its_first_day(admin, partner):
    data = dict(partner=partner, kind="course", title="T", quantity=1, available_from=dt.date(2027, 1, 2))
    services.offer_create(actor=admin, data=services.OfferData(**data, available_until=dt.date(2027, 1, 2)))
    with pytest.raises(ServiceError) as refused:
        services.offer_create(actor=admin, data=services.OfferData(**data, available_until=dt.date(2027, 1, 1)))
    assert refused.value.field == "available_until"


def test_an_offer_quantity_is_at_least_one(admin, partner):
    make_offer(admin, partner, quantity=1)
    with pytest.raises(ServiceError) as refused:
        make_offer(admin, partner, quantity=0)
    assert refused.value.field == "quantity"


def test_an_offer_level_must_be_on_its_qualifications_scale(admin, partner, reference):
    make_offer(admin, partner, qualification="ENGLISH", level="B2")
    with pytest.raises(ServiceError) as refused:
        make_offer(admin, partner, qualification="ENGLISH", level="B9")
    assert refused.value.field == "level"
    with pytest.raises(ServiceError):
        make_offer(admin, partner, level="B2")  # a level with no qualification


def test_offer_status_steps_follow_the_rules(admin, offer):
    services.offer_set_status(actor=admin, offer=offer, status="closed", expected_version=offer.version)
    services.offer_set_status(actor=admin, offer=offer, status="open", expected_version=offer.version)
    services.offer_set_status(actor=admin, offer=offer, status="withdrawn", expected_version=offer.version)
    with pytest.raises(ServiceError):
        services.offer_set_status(actor=admin, offer=offer, status="open", expected_version=offer.version)
    assert Offer.objects.get(pk=offer.pk).status == "withdrawn"
    assert actions("partners.offer.status") == ["partners.offer.status"] * 3


# --- requests --------------------------------------------------------------------------------------

def test_drafting_a_request_marks_it_and_audits_it_at_its_level(admin, offer):
    request = make_request(admin, offer, mark=marking(level=2, owner="MOD", released=()))
    assert request.partner_id == offer.partner_id and request.status == "draft"
    event = AuditEvent.objects.get(action="partners.request.create")
    assert event.level == 2 and event.changes["marking"]["level"] == "SECRET"


def test_no_one_marks_a_request_above_their_own_clearance(actors, offer):
    with pytest.raises(NotPermitted):
        make_request(actors["planner"], offer, mark=marking(level=3, owner="VDPO"))
    assert not Request.objects.unrestricted().exists()


def test_a_request_goes_only_to_an_open_offer_still_available(admin, partner):
    make_request(admin, make_offer(admin, partner, starts=-10, lasts=10))  # last day today: still open
    lapsed = make_offer(admin, partner, starts=-10, lasts=9)  # last day yesterday
    with pytest.raises(ServiceError) as refused:
        make_request(admin, lapsed)
    assert refused.value.field == "offer"
    with pytest.raises(ServiceError):
        make_request(admin, make_offer(admin, partner, status="closed"))


def test_a_request_asks_for_no_more_than_the_offer_holds(admin, partner):
    offer = make_offer(admin, partner, quantity=4)
    make_request(admin, offer, quantity=4)
    with pytest.raises(ServiceError) as refused:
        make_request(admin, offer, quantity=5)
    assert refused.value.field == "quantity"


def test_request_status_steps_follow_the_rules_both_ways(admin, offer):
    request = make_request(admin, offer)
    with pytest.raises(ServiceError):  # a draft is not agreed before it is submitted
        services.request_transition(actor=admin, request=request, status="agreed", expected_version=request.version)
    services.request_transition(actor=admin, request=request, status="submitted", expected_version=request.version)
    services.request_transition(actor=admin, request=request, status="agreed", expected_version=request.version)
    with pytest.raises(ServiceError):  # delivered needs the full quantity accepted
        services.request_transition(actor=admin, request=request, status="delivered",
                                    expected_version=request.version)
    services.request_transition(actor=admin, request=request, status="cancelled", expected_version=request.version)
    with pytest.raises(ServiceError):  # cancelled is final
        services.request_transition(actor=admin, request=request, status="submitted",
                                    expected_version=request.version)
    assert actions("partners.request.status") == ["partners.request.status"] * 3


def test_only_a_draft_request_is_edited(admin, offer):
    request = make_request(admin, offer)
    data = services.RequestData(title="Changed", quantity=3)
    services.request_update(actor=admin, request=request, data=data, expected_version=request.version)
    services.request_transition(actor=admin, request=request, status="submitted", expected_version=request.version)
    with pytest.raises(ServiceError):
        services.request_update(actor=admin, request=request, data=services.RequestData(title="Again", quantity=3),
                                expected_version=request.version)
    assert Request.objects.unrestricted().get(pk=request.pk).title == "Changed"


# --- deliveries --------------------------------------------------------------------------------------

def test_a_delivery_is_recorded_only_against_an_agreed_request(admin, offer):
    request = make_request(admin, offer, status="submitted")
    with pytest.raises(ServiceError):
        services.delivery_record(actor=admin, request=request, delivered_on=today(), quantity=1)
    services.request_transition(actor=admin, request=request, status="agreed", expected_version=request.version)
    services.delivery_record(actor=admin, request=request, delivered_on=today(), quantity=1)
    event = AuditEvent.objects.get(action="partners.delivery.create")
    assert event.target_id == str(request.pk) and event.level == request.level_id  # audited at the request's level


def test_deliveries_never_exceed_the_request_and_are_not_dated_in_the_future(admin, offer):
    request = make_request(admin, offer, quantity=5, status="agreed")
    services.delivery_record(actor=admin, request=request, delivered_on=today(), quantity=3)
    services.delivery_record(actor=admin, request=request, delivered_on=today(), quantity=2)
    with pytest.raises(ServiceError) as refused:
        services.delivery_record(actor=admin, request=request, delivered_on=today(), quantity=1)
    assert refused.value.field == "quantity"
    with pytest.raises(ServiceError) as refused:
        services.delivery_record(actor=admin, request=make_request(admin, offer, status="agreed"),
                                 delivered_on=today() + dt.timedelta(days=1), quantity=1)
    assert refused.value.field == "delivered_on"


def test_accepting_the_full_quantity_delivers_the_request(admin, offer):
    request = make_request(admin, offer, quantity=5, status="agreed")
    first = services.delivery_record(actor=admin, request=request, delivered_on=today(), quantity=3)
    services.delivery_decide(actor=admin, delivery=first, acceptance="accepted", expected_version=first.version)
    request.refresh_from_db()
    assert request.status == "agreed"  # 3 of 5 accepted: not yet
    second = services.delivery_record(actor=admin, request=request, delivered_on=today(), quantity=2)
    services.delivery_decide(actor=admin, delivery=second, acceptance="accepted", expected_version=second.version)
    request = Request.objects.unrestricted().get(pk=request.pk)
    assert request.status == "delivered"
    assert actions("partners.delivery.") == ["partners.delivery.create", "partners.delivery.accepted",
                                             "partners.delivery.create", "partners.delivery.accepted"]


def test_a_rejection_says_why_and_frees_the_quantity(admin, offer):
    request = make_request(admin, offer, quantity=2, status="agreed")
    delivery = services.delivery_record(actor=admin, request=request, delivered_on=today(), quantity=2)
    with pytest.raises(ServiceError) as refused:
        services.delivery_decide(actor=admin, delivery=delivery, acceptance="rejected",
                                 expected_version=delivery.version)
    assert refused.value.field == "notes"
    services.delivery_decide(actor=admin, delivery=delivery, acceptance="rejected", notes="Wrong course level",
                             expected_version=delivery.version)
    services.delivery_record(actor=admin, request=request, delivered_on=today(), quantity=2)  # room again
    with pytest.raises(ServiceError):  # decided once
        services.delivery_decide(actor=admin, delivery=Delivery.objects.get(pk=delivery.pk), acceptance="accepted",
                                 expected_version=delivery.version)


def test_a_delivery_is_not_accepted_before_it_arrived(admin, offer):
    request = make_request(admin, offer, status="agreed")
    delivery = services.delivery_record(actor=admin, request=request, delivered_on=today(), quantity=1)
    with pytest.raises(ServiceError) as refused:
        services.delivery_decide(actor=admin, delivery=delivery, acceptance="accepted",
                                 on=today() - dt.timedelta(days=1), expected_version=delivery.version)
    assert refused.value.field == "on"


def test_a_reader_who_cannot_see_the_request_cannot_record_a_delivery(admin, actors, offer):
    request = make_request(admin, offer, status="agreed", mark=marking(level=1, owner="MOH", released=()))
    with pytest.raises(NotPermitted):
        services.delivery_record(actor=actors["planner"], request=request, delivered_on=today(), quantity=1)
    assert not Delivery.objects.exists()
