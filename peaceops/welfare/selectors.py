"""Reads in welfare, always through the actor's visibility (the policies start every query)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for

from . import deadlines as pure_deadlines
from . import notification
from .choices import ClaimStatus
from .models import (
    CareEntry,
    Casualty,
    CompensationClaim,
    DeadlineParameter,
    Incident,
    Memorial,
    NotificationStep,
    Repatriation,
)

CLOSED_CLAIMS = (ClaimStatus.REJECTED, ClaimStatus.WITHDRAWN)
SETTLED_CLAIMS = (ClaimStatus.PAID,)


def incident_list(*, actor: Actor) -> QuerySet[Incident]:
    return policy_for(Incident).scope(actor, "view").select_related("mission", "owning_agency")


def incident_get(*, actor: Actor, pk) -> Incident:
    """The incident, or Http404 when missing or not visible (the two look the same)."""
    return get_object_or_404(incident_list(actor=actor), pk=pk)


def casualty_list(*, actor: Actor) -> QuerySet[Casualty]:
    return (policy_for(Casualty).scope(actor, "view")
            .select_related("incident", "incident__mission", "person", "owning_agency"))


def casualty_get(*, actor: Actor, pk) -> Casualty:
    return get_object_or_404(casualty_list(actor=actor), pk=pk)


def claim_list(*, actor: Actor) -> QuerySet[CompensationClaim]:
    return (policy_for(CompensationClaim).scope(actor, "view")
            .select_related("casualty", "casualty__incident", "casualty__incident__mission", "casualty__person",
                            "owning_agency"))


def claim_get(*, actor: Actor, pk) -> CompensationClaim:
    return get_object_or_404(claim_list(actor=actor), pk=pk)


def memorial_list(*, actor: Actor) -> QuerySet[Memorial]:
    return policy_for(Memorial).scope(actor, "view").select_related("mission", "owning_agency")


def memorial_get(*, actor: Actor, pk) -> Memorial:
    return get_object_or_404(memorial_list(actor=actor), pk=pk)


def deadline_parameters() -> list[DeadlineParameter]:
    return list(DeadlineParameter.objects.order_by("code", "-effective_from"))


def periods() -> list[pure_deadlines.Period]:
    return [pure_deadlines.Period(p.code, p.days, p.warn_days, p.effective_from, p.source, p.verified)
            for p in DeadlineParameter.objects.all()]


def visible_person_ids(*, actor: Actor, person_ids) -> set:
    """The people among `person_ids` the actor may see (a casualty names a person only then)."""
    from peaceops.people.models import Person

    ids = {pk for pk in person_ids if pk is not None}
    if not ids:
        return set()
    return set(policy_for(Person).scope(actor, "view").filter(pk__in=ids).values_list("pk", flat=True))


def name_people(*, actor: Actor, casualties) -> None:
    """Set `shown_person` on each casualty: its person when visible to the actor, else None."""
    visible = visible_person_ids(actor=actor, person_ids=[c.person_id for c in casualties])
    for casualty in casualties:
        casualty.shown_person = casualty.person if casualty.person_id in visible else None


# --- deadlines ---------------------------------------------------------------------------------

def claim_deadlines(claim: CompensationClaim, periods: list[pure_deadlines.Period],
                    today: dt.date | None = None) -> list[pure_deadlines.Deadline]:
    today = today or timezone.localdate()
    return pure_deadlines.claim_deadlines(
        incident_on=claim.casualty.incident.occurred_on, submitted_on=claim.submitted_on,
        settled_on=claim.paid_on if claim.status in SETTLED_CLAIMS else None,
        closed=claim.status in CLOSED_CLAIMS, periods=periods, today=today)


def annotate_deadlines(claims, today: dt.date | None = None, found=None) -> None:
    """Set `deadlines` and `urgent` (the most urgent deadline) on each claim; one query for the periods."""
    found = periods() if found is None else found
    for claim in claims:
        claim.deadlines = claim_deadlines(claim, found, today)
        claim.urgent = pure_deadlines.most_urgent(claim.deadlines)


@dataclass
class DeadlineRow:
    claim: CompensationClaim
    deadline: pure_deadlines.Deadline


def deadline_rows(*, actor: Actor, states: tuple[str, ...] = (pure_deadlines.NEAR, pure_deadlines.OVERDUE),
                  today: dt.date | None = None) -> list[DeadlineRow]:
    """Every deadline in `states` of the claims the actor may see, most urgent first."""
    today = today or timezone.localdate()
    claims = list(claim_list(actor=actor).exclude(status__in=CLOSED_CLAIMS + SETTLED_CLAIMS))
    found = periods()
    rows = [DeadlineRow(claim, item) for claim in claims for item in claim_deadlines(claim, found, today)
            if item.state in states]
    rows.sort(key=lambda r: (pure_deadlines.URGENCY[r.deadline.state],
                             r.deadline.days_left if r.deadline.days_left is not None else 10**6,
                             r.claim.reference))
    return rows


# --- one casualty's file ---------------------------------------------------------------------

def casualty_files(*, actor: Actor, casualties: list[Casualty], today: dt.date | None = None) -> list[Casualty]:
    """Load each casualty's checklist, repatriation, care and visible claims (a fixed number of queries)."""
    if not casualties:
        return casualties
    ids = [c.pk for c in casualties]
    steps, repatriations, care, claims = {}, {}, {}, {}
    for step in NotificationStep.objects.filter(casualty_id__in=ids).select_related("owner_agency").order_by("position"):
        steps.setdefault(step.casualty_id, []).append(step)
    for row in Repatriation.objects.filter(casualty_id__in=ids).order_by("departs_on", "id"):
        repatriations.setdefault(row.casualty_id, []).append(row)
    for row in CareEntry.objects.filter(casualty_id__in=ids).order_by("on", "id"):
        care.setdefault(row.casualty_id, []).append(row)
    found = periods()
    visible_claims = list(claim_list(actor=actor).filter(casualty_id__in=ids).order_by("created_at", "id"))
    annotate_deadlines(visible_claims, today, found)
    for claim in visible_claims:
        claims.setdefault(claim.casualty_id, []).append(claim)
    memorials = {m.casualty_id: m for m in memorial_list(actor=actor).filter(casualty_id__in=ids)}
    deployments = visible_deployments(actor=actor, deployment_ids=[c.deployment_id for c in casualties])
    name_people(actor=actor, casualties=casualties)
    for casualty in casualties:
        casualty.steps = steps.get(casualty.pk, [])
        done = {s.kind for s in casualty.steps if s.done_at}
        casualty.next_step = notification.next_step(done)
        for step in casualty.steps:
            step.is_next = step.kind == casualty.next_step
        casualty.steps_done = len(done)
        casualty.repatriation_rows = repatriations.get(casualty.pk, [])
        casualty.care_rows = care.get(casualty.pk, [])
        casualty.claim_rows = claims.get(casualty.pk, [])
        casualty.shown_memorial = memorials.get(casualty.pk)
        casualty.shown_deployment = deployments.get(casualty.deployment_id)
    return casualties


def visible_deployments(*, actor: Actor, deployment_ids) -> dict:
    """{pk: deployment} of the deployments among `deployment_ids` the actor may see (one query, or none)."""
    from peaceops.missions.models import Deployment

    ids = {pk for pk in deployment_ids if pk is not None}
    if not ids:
        return {}
    rows = (policy_for(Deployment).scope(actor, "view").filter(pk__in=ids)
            .select_related("rotation__mission", "rotation__unit", "requirement__post_type"))
    return {d.pk: d for d in rows}


def notification_progress(*, casualties) -> dict:
    """{casualty pk: (done, total)} in one query."""
    from django.db.models import Count, Q

    ids = [c.pk for c in casualties]
    rows = (NotificationStep.objects.filter(casualty_id__in=ids).values("casualty_id")
            .annotate(done=Count("pk", filter=Q(done_at__isnull=False)), total=Count("pk")))
    return {r["casualty_id"]: (r["done"], r["total"]) for r in rows}


def casualty_counts(*, actor: Actor, incidents) -> dict:
    """{incident pk: number of casualties the actor may see} in one query (none without CASUALTY)."""
    from django.db.models import Count

    rows = (casualty_list(actor=actor).filter(incident__in=[i.pk for i in incidents]).order_by()
            .values("incident_id").annotate(n=Count("pk")))
    return {r["incident_id"]: r["n"] for r in rows}


def casualties_of(*, actor: Actor, incident: Incident) -> list[Casualty]:
    return list(casualty_list(actor=actor).filter(incident=incident).order_by("created_at", "id"))


def incident_figures(*, actor: Actor) -> dict:
    """Counts for the welfare index, over what the actor may see only."""
    from peaceops.core.selectors import aggregate_marking

    incidents = incident_list(actor=actor)
    casualties = casualty_list(actor=actor)
    claims = claim_list(actor=actor)
    alerts = deadline_rows(actor=actor)
    marking = aggregate_marking(incidents).merge(aggregate_marking(casualties)).merge(aggregate_marking(claims))
    return {"incidents": incidents.count(), "casualties": casualties.count(), "claims": claims.count(),
            "deadline_alerts": len(alerts), "marking": marking}

