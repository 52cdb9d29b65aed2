"""Reads of the personnel registry, always through the actor's visibility."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for

from .models import LanguageSkill, NextOfKin, Passport, Person


def person_list(*, actor: Actor, filters: dict | None = None) -> QuerySet[Person]:
    from .filters import PersonFilter

    queryset = policy_for(Person).scope(actor, "view").select_related("unit", "owning_agency")
    if filters is None:
        return queryset
    return PersonFilter(filters, queryset=queryset).qs


def person_get(*, actor: Actor, pk) -> Person:
    """The person, or Http404 when missing or not visible (the two look the same)."""
    return get_object_or_404(policy_for(Person).scope(actor, "view").select_related("unit", "owning_agency"), pk=pk)


def person_passports(*, actor: Actor, person: Person) -> QuerySet[Passport]:
    return Passport.objects.visible_to(actor).filter(person=person)


def person_next_of_kin(*, actor: Actor, person: Person) -> QuerySet[NextOfKin]:
    return NextOfKin.objects.visible_to(actor).filter(person=person)


def person_languages(*, person: Person) -> QuerySet[LanguageSkill]:
    # The caller already holds a visible person; languages carry no marking of their own.
    return LanguageSkill.objects.filter(person=person)
