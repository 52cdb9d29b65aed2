"""Reads of the missions catalogue, always through the policy's scope."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for

from .models import Mission, MissionStatus


def mission_list(*, actor: Actor, filters: dict | None = None, today: dt.date | None = None) -> QuerySet[Mission]:
    """Visible missions, each annotated with `status_now` (its status today)."""
    from .filters import MissionFilter

    queryset = policy_for(Mission).scope(actor, "view").with_status_on(today or timezone.localdate())
    if filters is None:
        return queryset
    return MissionFilter(filters, queryset=queryset).qs


def mission_get(*, actor: Actor, pk) -> Mission:
    return get_object_or_404(mission_list(actor=actor), pk=pk)


def mission_statuses(*, actor: Actor, mission: Mission) -> QuerySet[MissionStatus]:
    return policy_for(MissionStatus).scope(actor, "view").filter(mission=mission)


def mission_with_history(*, actor: Actor) -> QuerySet[Mission]:
    statuses = policy_for(MissionStatus).scope(actor, "view")
    return mission_list(actor=actor).prefetch_related(Prefetch("statuses", queryset=statuses))


def mission_regions(*, actor: Actor) -> list[str]:
    return list(policy_for(Mission).scope(actor, "view").exclude(region="").order_by("region")
                .values_list("region", flat=True).distinct())


def mission_acronyms(*, actor: Actor) -> dict[str, Mission]:
    return {m.acronym: m for m in policy_for(Mission).scope(actor, "view")}
