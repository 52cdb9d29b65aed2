"""Writes in partners. Each checks the policy, writes, and audits in one transaction (@service).

Partners and offers are unclassified reference records; a request is marked (it names our
shortfalls), and a delivery is audited against its request so the audit row carries the request's
marking. Edits carry the version the writer saw (optimistic locking, core.services).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.actor import Actor
from peaceops.access.marking import Marking, apply_marking, check_no_write_up
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service, update_fields_checked

from .choices import (
    OFFER_TRANSITIONS,
    REQUEST_TRANSITIONS,
    Acceptance,
    OfferKind,
    OfferStatus,
    PartnerKind,
    RequestStatus,
)
from .models import Delivery, Offer, Partner, Request

CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{1,31}$")
TEXT_MAX = 4000
QUANTITY_MAX = 100_000


def _require(actor: Actor, action: str, model, obj=None) -> None:
    if not policy_for(model).allows(actor, action, obj):
        raise NotPermitted()


def _text(value, *, field: str, required: bool = False, limit: int = TEXT_MAX, message=None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(message or _("This field is required."), field=field)
    if len(value) > limit:
        raise ServiceError(_("Too long (at most %(n)d characters).") % {"n": limit}, field=field)
    return value


def _quantity(value, *, field: str = "quantity") -> int:
    if value is None or isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= QUANTITY_MAX:
        raise ServiceError(_("Give a whole number from 1 to %(max)d.") % {"max": QUANTITY_MAX}, field=field)
    return value


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def level_rank(qualification_type, level: str) -> int | None:
    """The rank of `level` on the qualification type's scale (None: not on the scale)."""
    from peaceops.readiness.eligibility import SCALES

    return SCALES.get(qualification_type.scale, {}).get(level) if qualification_type else None


# --- partners ----------------------------------------------------------------------------------

@dataclass
class PartnerData:
    code: str
    name: str
    kind: str = PartnerKind.OTHER
    country: str = ""
    description: str = ""
    source: str = ""
    fictional: bool = False
    active: bool = True

    def as_fields(self) -> dict:
        code = (self.code or "").strip().upper()
        if not CODE.match(code):
            raise ServiceError(_("A code is 2 to 32 capital letters, digits, dots, dashes or underscores."),
                               field="code")
        if self.kind not in PartnerKind.values:
            raise ServiceError(_("Choose the kind of partner."), field="kind")
        return {"code": code, "kind": self.kind,
                "name": _text(self.name, field="name", required=True, limit=200, message=_("Give the partner's name.")),
                "country": _text(self.country, field="country", limit=80),
                "description": _text(self.description, field="description"),
                "source": _text(self.source, field="source", limit=300),
                "fictional": bool(self.fictional), "active": bool(self.active)}


def _unique_code(code: str, instance: Partner | None = None) -> None:
    others = Partner.objects.filter(code=code)
    if instance is not None:
        others = others.exclude(pk=instance.pk)
    if others.exists():
        raise ServiceError(_("Another partner already has this code."), field="code")


@service
def partner_create(*, actor: Actor, data: PartnerData) -> Partner:
    _require(actor, "create", Partner)
    fields = data.as_fields()
    _unique_code(fields["code"])
    partner = Partner(**fields)
    partner.save(force_insert=True)
    record(actor=actor, action="partners.partner.create", target=partner,
           changes={"code": partner.code, "name": partner.name, "fictional": partner.fictional})
    return partner


@service
def partner_update(*, actor: Actor, partner: Partner, data: PartnerData, expected_version: int) -> Partner:
    _require(actor, "change", Partner, partner)
    fields = data.as_fields()
    _unique_code(fields["code"], partner)
    changes = update_fields_checked(partner, expected_version=expected_version, fields=fields)
    if changes:
        record(actor=actor, action="partners.partner.update", target=partner, changes=changes)
    return partner


# --- offers ------------------------------------------------------------------------------------

@dataclass
class OfferData:
    partner: Partner | None
    kind: str
    title: str
    quantity: int | None
    available_from: dt.date | None
    available_until: dt.date | None
    description: str = ""
    unit_label: str = ""
    qualification_type: object = None  # readiness.QualificationType or None
    level: str = ""
    post_type: object = None  # readiness.PostType or None

    def as_fields(self) -> dict:
        if self.partner is None:
            raise ServiceError(_("Choose the partner."), field="partner")
        if self.kind not in OfferKind.values:
            raise ServiceError(_("Choose the kind of offer."), field="kind")
        if self.available_from is None:
            raise ServiceError(_("Give the first day of the offer."), field="available_from")
        if self.available_until is None:
            raise ServiceError(_("Give the last day of the offer."), field="available_until")
        if self.available_until < self.available_from:
            raise ServiceError(_("The offer cannot end before it starts."), field="available_until")
        level = (self.level or "").strip()
        if level and self.qualification_type is None:
            raise ServiceError(_("A level needs the qualification it is a level of."), field="level")
        if level and level_rank(self.qualification_type, level) is None:
            raise ServiceError(_("%(level)s is not a level of %(type)s.") % {
                "level": level, "type": self.qualification_type.code}, field="level")
        return {"partner": self.partner, "kind": self.kind,
                "title": _text(self.title, field="title", required=True, limit=200,
                               message=_("Give the offer a title.")),
                "description": _text(self.description, field="description"),
                "quantity": _quantity(self.quantity),
                "unit_label": _text(self.unit_label, field="unit_label", limit=40),
                "available_from": self.available_from, "available_until": self.available_until,
                "qualification_type": self.qualification_type, "level": level, "post_type": self.post_type}


def _offer_changes(fields: dict) -> dict:
    named = {"partner": fields["partner"].code,
             "qualification_type": getattr(fields["qualification_type"], "code", None),
             "post_type": getattr(fields["post_type"], "code", None)}
    return {**{k: v for k, v in fields.items() if k not in named}, **named}


@service
def offer_create(*, actor: Actor, data: OfferData) -> Offer:
    _require(actor, "create", Offer)
    fields = data.as_fields()
    if not fields["partner"].active:
        raise ServiceError(_("This partner is no longer active."), field="partner")
    offer = Offer(**fields, status=OfferStatus.OPEN)
    offer.save(force_insert=True)
    record(actor=actor, action="partners.offer.create", target=offer, changes=_offer_changes(fields))
    return offer


@service
def offer_update(*, actor: Actor, offer: Offer, data: OfferData, expected_version: int) -> Offer:
    _require(actor, "change", Offer, offer)
    fields = data.as_fields()
    if fields["partner"].pk != offer.partner_id and offer.requests.exists():
        raise ServiceError(_("Requests were made against this offer: its partner cannot change."), field="partner")
    changes = update_fields_checked(offer, expected_version=expected_version, fields=fields)
    if changes:
        record(actor=actor, action="partners.offer.update", target=offer,
               changes={k: [str(getattr(a, "code", a)) if a is not None else None,
                            str(getattr(b, "code", b)) if b is not None else None] for k, (a, b) in changes.items()})
    return offer


@service
def offer_set_status(*, actor: Actor, offer: Offer, status: str, expected_version: int) -> Offer:
    """Close, withdraw or reopen an offer (OFFER_TRANSITIONS); any other step is refused."""
    _require(actor, "change", Offer, offer)
    if status not in OfferStatus.values:
        raise ServiceError(_("Unknown offer status."), field="status")
    if status not in OFFER_TRANSITIONS[OfferStatus(offer.status)]:
        raise ServiceError(_("An offer that is %(now)s cannot become %(then)s.") % {
            "now": OfferStatus(offer.status).label, "then": OfferStatus(status).label}, field="status")
    changes = update_fields_checked(offer, expected_version=expected_version, fields={"status": status})
    record(actor=actor, action="partners.offer.status", target=offer, changes=changes)
    return offer


def offer_is_open(offer: Offer, today: dt.date | None = None) -> bool:
    """Open for requests: status open and not yet past its last day."""
    today = today or timezone.localdate()
    return offer.status == OfferStatus.OPEN and offer.available_until >= today


# --- requests ----------------------------------------------------------------------------------

@dataclass
class RequestData:
    title: str
    quantity: int | None
    needed_by: dt.date | None = None
    justification: str = ""
    unit: object = None  # org.Unit or None

    def as_fields(self) -> dict:
        return {"title": _text(self.title, field="title", required=True, limit=200,
                               message=_("Give the request a title.")),
                "quantity": _quantity(self.quantity), "needed_by": self.needed_by,
                "justification": _text(self.justification, field="justification"), "unit": self.unit}


def _check_against_offer(fields: dict, offer: Offer | None) -> None:
    if offer is not None and fields["quantity"] > offer.quantity:
        raise ServiceError(_("The offer holds %(n)d; ask for no more than that.") % {"n": offer.quantity},
                           field="quantity")


def _request_changes(fields: dict) -> dict:
    return {**fields, "unit": getattr(fields.get("unit"), "code", None), "needed_by": _iso(fields.get("needed_by"))}


@service
def request_create(*, actor: Actor, data: RequestData, marking: Marking, offer: Offer | None = None,
                   partner: Partner | None = None) -> Request:
    """Draft a request, usually against an open offer (then its partner is the offer's)."""
    _require(actor, "create", Request)
    if marking is None:
        raise ServiceError(_("A request needs its marking."), field="level")
    check_no_write_up(actor, marking)
    fields = data.as_fields()
    if offer is not None:
        if not offer_is_open(offer):
            raise ServiceError(_("This offer is not open: requests go to open offers only."), field="offer")
        partner = offer.partner
    if partner is None:
        raise ServiceError(_("Choose the partner or the offer."), field="partner")
    if not partner.active:
        raise ServiceError(_("This partner is no longer active."), field="partner")
    _check_against_offer(fields, offer)
    request = Request(**fields, partner=partner, offer=offer, status=RequestStatus.DRAFT)
    apply_marking(request, marking)
    request.save(force_insert=True)
    record(actor=actor, action="partners.request.create", target=request,
           changes={**_request_changes(fields), "partner": partner.code,
                    "offer": str(offer.pk) if offer else None, "marking": request.marking_dict()})
    return request


@service
def request_update(*, actor: Actor, request: Request, data: RequestData, expected_version: int) -> Request:
    """Edit a request while it is a draft (once submitted, it is what the partner received)."""
    _require(actor, "change", Request, request)
    if request.status != RequestStatus.DRAFT:
        raise ServiceError(_("Only a draft request can be edited."), field="status")
    fields = data.as_fields()
    _check_against_offer(fields, request.offer)
    changes = update_fields_checked(request, expected_version=expected_version, fields=fields)
    if changes:
        record(actor=actor, action="partners.request.update", target=request,
               changes={k: [str(getattr(a, "code", a)) if a is not None else None,
                            str(getattr(b, "code", b)) if b is not None else None] for k, (a, b) in changes.items()})
    return request


@service
def request_transition(*, actor: Actor, request: Request, status: str, expected_version: int,
                       note: str = "") -> Request:
    """Move a request one step (REQUEST_TRANSITIONS). "Delivered" needs the full quantity accepted."""
    _require(actor, "change", Request, request)
    if status not in RequestStatus.values:
        raise ServiceError(_("Unknown request status."), field="status")
    if status not in REQUEST_TRANSITIONS[RequestStatus(request.status)]:
        raise ServiceError(_("A request that is “%(now)s” cannot become “%(then)s”.") % {
            "now": RequestStatus(request.status).label, "then": RequestStatus(status).label}, field="status")
    if status == RequestStatus.DELIVERED and accepted_quantity(request) < request.quantity:
        raise ServiceError(_("Accept deliveries for the full quantity first (%(done)d of %(n)d accepted).") % {
            "done": accepted_quantity(request), "n": request.quantity}, field="status")
    changes = update_fields_checked(request, expected_version=expected_version, fields={"status": status})
    record(actor=actor, action="partners.request.status", target=request,
           changes={**changes, "note": _text(note, field="note", limit=500)})
    return request


def accepted_quantity(request: Request) -> int:
    return Delivery.objects.filter(request=request, acceptance=Acceptance.ACCEPTED).aggregate(
        n=Sum("quantity"))["n"] or 0


def _counted_quantity(request: Request) -> int:
    """Delivered and not rejected (pending or accepted)."""
    return Delivery.objects.filter(request=request).exclude(acceptance=Acceptance.REJECTED).aggregate(
        n=Sum("quantity"))["n"] or 0


# --- deliveries ----------------------------------------------------------------------------------

@service
def delivery_record(*, actor: Actor, request: Request, delivered_on: dt.date | None, quantity: int | None,
                    notes: str = "") -> Delivery:
    """Something the partner delivered against an agreed request; it awaits acceptance."""
    _require(actor, "view", Request, request)
    _require(actor, "change", Request, request)
    _require(actor, "create", Delivery)
    if request.status != RequestStatus.AGREED:
        raise ServiceError(_("Deliveries are recorded against a request the partner has agreed."), field="status")
    if delivered_on is None:
        raise ServiceError(_("Give the day of the delivery."), field="delivered_on")
    if delivered_on > timezone.localdate():
        raise ServiceError(_("This date is in the future."), field="delivered_on")
    quantity = _quantity(quantity)
    outstanding = request.quantity - _counted_quantity(request)
    if quantity > outstanding:
        raise ServiceError(_("Only %(n)d remain to be delivered on this request.") % {"n": max(outstanding, 0)},
                           field="quantity")
    delivery = Delivery(request=request, delivered_on=delivered_on, quantity=quantity,
                        notes=_text(notes, field="notes"))
    delivery.save(force_insert=True)
    record(actor=actor, action="partners.delivery.create", target=request,
           changes={"delivery": str(delivery.pk), "delivered_on": _iso(delivered_on), "quantity": quantity})
    return delivery


@service
def delivery_decide(*, actor: Actor, delivery: Delivery, acceptance: str, expected_version: int,
                    on: dt.date | None = None, notes: str = "") -> Delivery:
    """Accept or reject a pending delivery. When the accepted quantity reaches the request's, the
    request becomes delivered (audited too)."""
    request = Request.objects.unrestricted().get(pk=delivery.request_id)
    _require(actor, "view", Request, request)
    _require(actor, "change", Request, request)
    if acceptance not in (Acceptance.ACCEPTED, Acceptance.REJECTED):
        raise ServiceError(_("Accept or reject the delivery."), field="acceptance")
    if delivery.acceptance != Acceptance.PENDING:
        raise ServiceError(_("This delivery was already %(state)s.") % {
            "state": Acceptance(delivery.acceptance).label.lower()}, field="acceptance")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ServiceError(_("This date is in the future."), field="on")
    if on < delivery.delivered_on:
        raise ServiceError(_("A delivery cannot be accepted before it arrived."), field="on")
    notes = _text(notes, field="notes")
    if acceptance == Acceptance.REJECTED and not notes:
        raise ServiceError(_("Say why the delivery is rejected."), field="notes")
    changes = update_fields_checked(delivery, expected_version=expected_version, fields={
        "acceptance": acceptance, "accepted_on": on, "accepted_by": actor.label[:150], "acceptance_notes": notes})
    record(actor=actor, action=f"partners.delivery.{acceptance}", target=request,
           changes={"delivery": str(delivery.pk), **changes})
    if (acceptance == Acceptance.ACCEPTED and request.status == RequestStatus.AGREED
            and accepted_quantity(request) >= request.quantity):
        update_fields_checked(request, expected_version=request.version, fields={"status": RequestStatus.DELIVERED})
        record(actor=actor, action="partners.request.status", target=request,
               changes={"status": [RequestStatus.AGREED, RequestStatus.DELIVERED],
                        "note": "full quantity accepted"})
    return delivery


# --- exports -----------------------------------------------------------------------------------

@service
def export_audit(*, actor: Actor, model, count: int, filters: dict) -> None:
    """An export leaves the system: audited with the number of rows and the filters."""
    _require(actor, "export", model)
    record(actor=actor, action=f"partners.{model._meta.model_name}.export",
           changes={"count": count, "filters": filters})
