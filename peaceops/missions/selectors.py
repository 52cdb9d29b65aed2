"""Reads of the missions catalogue, always through the policy's scope."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Prefetch, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for

from . import transitions
from .models import (
    Deployment,
    DeploymentStatusChange,
    Mission,
    MissionStatus,
    Pledge,
    PledgeLevel,
    Requirement,
    Rotation,
    StrengthReturn,
)


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


# -- force generation ----------------------------------------------------------------------------


def _scope(model, actor: Actor, action: str = "view"):
    return policy_for(model).scope(actor, action)


def requirement_list(*, actor: Actor, rotation=None, mission=None, filters: dict | None = None) -> QuerySet[Requirement]:
    queryset = _scope(Requirement, actor).select_related("mission", "post_type", "rotation", "rotation__unit",
                                                         "rotation__mission")
    if rotation is not None:
        queryset = queryset.filter(rotation=rotation)
    if mission is not None:
        queryset = queryset.filter(mission=mission)
    if filters is not None:
        from .filters import RequirementFilter

        queryset = RequirementFilter(filters, queryset=queryset).qs
    return queryset


def requirement_get(*, actor: Actor, pk) -> Requirement:
    return get_object_or_404(requirement_list(actor=actor), pk=pk)


def pledge_list(*, actor: Actor, mission=None, unit=None) -> QuerySet[Pledge]:
    queryset = (_scope(Pledge, actor).select_related("unit", "mission")
                .prefetch_related(Prefetch("levels", queryset=_scope(PledgeLevel, actor).order_by("from_date"))))
    if mission is not None:
        queryset = queryset.filter(mission=mission)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    return queryset


def pledge_get(*, actor: Actor, pk) -> Pledge:
    return get_object_or_404(pledge_list(actor=actor), pk=pk)


def rotation_list(*, actor: Actor, mission=None, unit=None, filters: dict | None = None) -> QuerySet[Rotation]:
    queryset = _scope(Rotation, actor).select_related("mission", "unit", "pledge")
    if mission is not None:
        queryset = queryset.filter(mission=mission)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if filters is not None:
        from .filters import RotationFilter

        queryset = RotationFilter(filters, queryset=queryset).qs
    return queryset


def rotation_get(*, actor: Actor, pk) -> Rotation:
    return get_object_or_404(rotation_list(actor=actor), pk=pk)


def deployment_list(*, actor: Actor, rotation=None, person=None, filters: dict | None = None) -> QuerySet[Deployment]:
    """Deployments the actor may see (marking and person both visible), with person, rotation and post."""
    queryset = _scope(Deployment, actor).select_related(
        "person", "rotation", "rotation__mission", "rotation__unit", "requirement", "requirement__post_type")
    if rotation is not None:
        queryset = queryset.filter(rotation=rotation)
    if person is not None:
        queryset = queryset.filter(person=person)
    if filters is not None:
        from .filters import DeploymentFilter

        queryset = DeploymentFilter(filters, queryset=queryset).qs
    return queryset


def deployment_get(*, actor: Actor, pk) -> Deployment:
    return get_object_or_404(deployment_list(actor=actor), pk=pk)


def deployment_history(*, actor: Actor, deployment: Deployment) -> QuerySet[DeploymentStatusChange]:
    return _scope(DeploymentStatusChange, actor).filter(deployment=deployment).order_by("on", "created_at")


def rotation_slots(*, actor: Actor, rotation: Rotation) -> list[tuple[Requirement, int]]:
    """Every post of the rotation: a requirement of count N gives the slots (requirement, 0) … (requirement, N-1)."""
    return [(requirement, index) for requirement in requirement_list(actor=actor, rotation=rotation)
            for index in range(requirement.count)]


def rotation_slot_rows(*, actor: Actor, rotation: Rotation) -> list[dict]:
    """The slots with who holds each (active deployments the actor sees), for the rotation page."""
    held: dict = {}
    for deployment in deployment_list(actor=actor, rotation=rotation).filter(status__in=transitions.ACTIVE):
        held.setdefault(deployment.requirement_id, []).append(deployment)
    rows = []
    for requirement, index in rotation_slots(actor=actor, rotation=rotation):
        holders = held.get(requirement.pk, [])
        rows.append({"requirement": requirement, "index": index + 1,
                     "deployment": holders[index] if index < len(holders) else None})
    return rows


def strength_list(*, actor: Actor, mission=None, filters: dict | None = None) -> QuerySet[StrengthReturn]:
    queryset = _scope(StrengthReturn, actor).select_related("mission")
    if mission is not None:
        queryset = queryset.filter(mission=mission)
    if filters is not None:
        from .filters import StrengthReturnFilter

        queryset = StrengthReturnFilter(filters, queryset=queryset).qs
    return queryset


def strength_series(*, actor: Actor, mission=None) -> dict:
    """{"months": [...], "series": {(category, gender): [count per month]}} for the chart (one query)."""
    rows = list(strength_list(actor=actor, mission=mission).values("month", "category", "gender")
                .annotate(total=Sum("count")).order_by("month"))
    months = sorted({row["month"] for row in rows})
    index = {month: i for i, month in enumerate(months)}
    series: dict = {}
    for row in rows:
        key = (row["category"], row["gender"])
        series.setdefault(key, [0] * len(months))[index[row["month"]]] += row["total"]
    return {"months": months, "series": series}


def last_tour_end(person_ids: list) -> dict:
    """{person_id: end of their last tour} from deployments that reached the mission area (one query).

    Used by readiness's rest-between-tours rule. It answers for the engine, not for a reader: the
    engine already reads people the caller may see, so it looks at every deployment of those people."""
    rows = (Deployment.objects.unrestricted().filter(person_id__in=person_ids, status__in=transitions.TOUR)
            .values("person_id").annotate(last=Max("end_date")).order_by())
    return {row["person_id"]: row["last"] for row in rows}
