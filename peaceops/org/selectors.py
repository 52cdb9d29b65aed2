from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for

from .models import Agency, TablePost, Unit


def agency_list(*, actor: Actor) -> QuerySet[Agency]:
    return policy_for(Agency).scope(actor, "view")


def unit_list(*, actor: Actor) -> QuerySet[Unit]:
    return policy_for(Unit).scope(actor, "view").select_related("agency", "parent")


def unit_get(*, actor: Actor, pk) -> Unit:
    return get_object_or_404(unit_list(actor=actor), pk=pk)


def unit_table(*, actor: Actor, unit: Unit) -> QuerySet[TablePost]:
    return policy_for(TablePost).scope(actor, "view").filter(unit=unit)


def unit_people(*, actor: Actor, unit: Unit):
    from peaceops.people.models import Person

    return Person.objects.visible_to(actor).filter(unit=unit)


def unit_visible_strength(*, actor: Actor, unit: Unit) -> dict:
    """People in the unit that the actor may see, by gender (counts never include the invisible)."""
    rows = unit_people(actor=actor, unit=unit).order_by().values("gender").annotate(n=Count("pk"))
    return {row["gender"]: row["n"] for row in rows}
