"""Reads in partners, always through the actor's visibility (the policies start every query).

Partners and offers are unclassified: every signed-in reader sees them. Requests are marked; an
offer's "requested" figure counts only the requests the reader may see, so a hidden request leaves
no trace in it. Deliveries are seen exactly with their request.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for

from .choices import Acceptance, OfferStatus, RequestStatus
from .models import Delivery, Offer, Partner, Request


def partner_list(*, actor: Actor) -> QuerySet[Partner]:
    today = timezone.localdate()
    return policy_for(Partner).scope(actor, "view").annotate(
        offer_count=Count("offers", distinct=True),
        open_offer_count=Count("offers", filter=Q(offers__status=OfferStatus.OPEN,
                                                  offers__available_until__gte=today), distinct=True))


def partner_get(*, actor: Actor, pk) -> Partner:
    return get_object_or_404(partner_list(actor=actor), pk=pk)


def visible_requests(*, actor: Actor) -> QuerySet[Request]:
    return policy_for(Request).scope(actor, "view")


def _requested_subquery(actor: Actor):
    """Places held on an offer by the open requests the reader may see (one subquery, no query per row)."""
    held = (visible_requests(actor=actor).filter(offer=OuterRef("pk"), status__in=RequestStatus.open())
            .order_by().values("offer").annotate(n=Sum("quantity")).values("n"))
    return Coalesce(Subquery(held, output_field=IntegerField()), Value(0))


def offer_list(*, actor: Actor) -> QuerySet[Offer]:
    return (policy_for(Offer).scope(actor, "view")
            .select_related("partner", "qualification_type", "post_type")
            .annotate(requested=_requested_subquery(actor)))


def requested_marking(*, actor: Actor, offers):
    """The marking of the "requested" figures shown beside these offers: they sum marked requests, so a
    page or export that shows them is marked like the highest of those requests."""
    from peaceops.core.selectors import aggregate_marking

    return aggregate_marking(visible_requests(actor=actor).filter(offer__in=[o.pk for o in offers],
                                                                  status__in=RequestStatus.open()))


def offer_get(*, actor: Actor, pk) -> Offer:
    return get_object_or_404(offer_list(actor=actor), pk=pk)


def open_offers(*, actor: Actor, today: dt.date | None = None) -> QuerySet[Offer]:
    """Offers one may still ask for: status open and not past their last day."""
    today = today or timezone.localdate()
    return offer_list(actor=actor).filter(status=OfferStatus.OPEN, available_until__gte=today)


def request_list(*, actor: Actor) -> QuerySet[Request]:
    return (visible_requests(actor=actor).select_related("partner", "offer", "unit", "owning_agency")
            .annotate(delivered=Coalesce(Sum("deliveries__quantity",
                                             filter=~Q(deliveries__acceptance=Acceptance.REJECTED)), Value(0)),
                      accepted=Coalesce(Sum("deliveries__quantity",
                                            filter=Q(deliveries__acceptance=Acceptance.ACCEPTED)), Value(0))))


def request_get(*, actor: Actor, pk) -> Request:
    return get_object_or_404(request_list(actor=actor), pk=pk)


def delivery_list(*, actor: Actor) -> QuerySet[Delivery]:
    return policy_for(Delivery).scope(actor, "view").select_related("request")


def delivery_get(*, actor: Actor, pk) -> Delivery:
    return get_object_or_404(delivery_list(actor=actor), pk=pk)


def deliveries_of(*, actor: Actor, request: Request) -> list[Delivery]:
    return list(delivery_list(actor=actor).filter(request=request).order_by("delivered_on", "created_at"))


def requests_of_offer(*, actor: Actor, offer: Offer) -> list[Request]:
    return list(request_list(actor=actor).filter(offer=offer).order_by("-created_at"))


def requests_of_partner(*, actor: Actor, partner: Partner) -> list[Request]:
    return list(request_list(actor=actor).filter(partner=partner).order_by("-created_at")[:50])


def figures(*, actor: Actor, today: dt.date | None = None) -> dict:
    """Counts for the partners pages, over what the reader may see only."""
    from peaceops.core.selectors import aggregate_marking

    today = today or timezone.localdate()
    requests = visible_requests(actor=actor)
    return {
        "partners": policy_for(Partner).scope(actor, "view").filter(active=True).count(),
        "open_offers": policy_for(Offer).scope(actor, "view").filter(
            status=OfferStatus.OPEN, available_until__gte=today).count(),
        "open_requests": requests.filter(status__in=RequestStatus.open()).count(),
        "pending_deliveries": delivery_list(actor=actor).filter(acceptance=Acceptance.PENDING).count(),
        "marking": aggregate_marking(requests),
    }


def sessions_funded_by(*, actor: Actor, partner: Partner) -> list:
    """Readiness's course sessions this partner funds (through readiness's own selector)."""
    from peaceops.readiness.training_selectors import session_list

    return list(session_list(actor=actor).filter(funding_partner=partner).order_by("-starts_on")[:20])
