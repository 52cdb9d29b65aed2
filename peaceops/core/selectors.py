"""Dashboard figures: real counts over what the actor may see, nothing else."""

import datetime as dt

from django.db.models import Count, Max
from django.utils import timezone

from peaceops.access.actor import Actor
from peaceops.access.banner import PageMarking
from peaceops.access.models import mask_to_compartments
from peaceops.people import selectors as people_selectors
from peaceops.people.models import Passport


def aggregate_marking(queryset) -> PageMarking:
    """The marking of figures drawn from `queryset`: its highest level and every compartment in it.

    A count of SECRET records is shown under a SECRET banner, like the records themselves.
    """
    highest = queryset.order_by().aggregate(top=Max("level_id"))["top"] or 0
    masks = queryset.order_by().exclude(compartment_mask=0).values_list("compartment_mask", flat=True).distinct()
    union = 0
    for mask in masks:
        union |= mask
    return PageMarking(highest, tuple(mask_to_compartments(union)))


def dashboard_figures(*, actor: Actor) -> dict:
    people = people_selectors.person_list(actor=actor)
    by_service = {row["service"]: row["n"] for row in people.order_by().values("service").annotate(n=Count("pk"))}
    by_gender = {row["gender"]: row["n"] for row in people.order_by().values("gender").annotate(n=Count("pk"))}
    total = sum(by_service.values())
    today = timezone.localdate()
    expiring = (
        Passport.objects.visible_to(actor)
        .filter(expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=183))
        .count()
    )
    by_unit = list(
        people.exclude(unit=None).order_by().values("unit__code", "unit__label_vi", "unit__label_en", "unit_id")
        .annotate(n=Count("pk")).order_by("-n")[:6]
    )
    return {
        "marking": aggregate_marking(people),
        "people_total": total,
        "women": by_gender.get("F", 0),
        "women_share": round(100 * by_gender.get("F", 0) / total, 1) if total else 0,
        "by_service": by_service,
        "passports_expiring": expiring,
        "by_unit": by_unit,
    }
