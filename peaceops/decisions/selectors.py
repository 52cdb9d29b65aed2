"""Reads in decisions, always through the actor's visibility (policies start every query)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for

from . import calendar, workflow
from .choices import ActionStatus, ProposalStatus
from .models import (
    ActionItem,
    AgencyPosition,
    Comment,
    CourseOfAction,
    Proposal,
    ReviewItem,
    SensitivePeriod,
    Transition,
)
from .policies import sees_attribution


def proposal_list(*, actor: Actor) -> QuerySet[Proposal]:
    return policy_for(Proposal).scope(actor, "view").select_related("owner_agency", "owning_agency", "mission")


def proposal_get(*, actor: Actor, pk) -> Proposal:
    """The proposal, or Http404 when missing or not visible (the two look the same)."""
    return get_object_or_404(proposal_list(actor=actor), pk=pk)


def due_for_review_q(today: dt.date | None = None) -> Q:
    """Deferred decisions whose revisit date has come (before or after the daily resurfacing ran)."""
    today = today or timezone.localdate()
    return Q(status=ProposalStatus.DECIDED, outcome="deferred", revisit_on__lte=today)


def courses(*, proposal: Proposal) -> list[CourseOfAction]:
    # The caller holds a visible proposal; courses carry no marking of their own.
    return list(CourseOfAction.objects.filter(proposal=proposal).order_by("label"))


def review_items(*, proposal: Proposal) -> list[ReviewItem]:
    return list(ReviewItem.objects.filter(proposal=proposal).select_related("agency").order_by("position"))


def review_evidence(*, actor: Actor, items: list[ReviewItem]) -> dict:
    """{item pk: [documents]} for documents the actor may see, linked to each item."""
    from django.contrib.contenttypes.models import ContentType

    from peaceops.documents.models import Document, Link

    if not items:
        return {}
    content_type = ContentType.objects.get_for_model(ReviewItem)
    visible = policy_for(Document).scope(actor, "view")
    links = (Link.objects.filter(target_type=content_type, target_id__in=[str(i.pk) for i in items],
                                 document__in=visible).select_related("document").order_by("created_at"))
    result: dict = {}
    for link in links:
        result.setdefault(link.target_id, []).append(link.document)
    return result


@dataclass
class PositionRow:
    agency: object
    current: AgencyPosition
    history: list[AgencyPosition]  # earlier positions, newest first


def positions(*, proposal: Proposal) -> list[PositionRow]:
    """Each ministry's current position with every earlier one (nothing is ever overwritten)."""
    rows: dict = {}
    for position in (AgencyPosition.objects.filter(proposal=proposal).select_related("agency")
                     .order_by("agency__code", "-created_at", "-id")):
        rows.setdefault(position.agency_id, []).append(position)
    return [PositionRow(p[0].agency, p[0], p[1:]) for p in rows.values()]


def comment_author(comment: Comment, actor: Actor) -> str | None:
    """The author's name as this actor may see it: None for a non-attributable comment (not an auditor)."""
    if comment.non_attributable and not sees_attribution(actor):
        return None
    if comment.author is None:
        return ""
    return comment.author.full_name or comment.author.username


def comment_time(comment: Comment, actor: Actor) -> dt.datetime | None:
    """When the comment was posted, as this actor may know it: None for a non-attributable comment
    (not an auditor), whose day alone is shown (`comment_day`). Its minute would name its author: the
    audit trail shows who opened the proposal at that minute (their reads before and after posting)."""
    if comment.non_attributable and not sees_attribution(actor):
        return None
    return comment.created_at


def comment_day(comment: Comment) -> dt.date:
    return timezone.localdate(comment.created_at)


def comments(*, actor: Actor, proposal: Proposal) -> list[Comment]:
    """The comments the actor may see, oldest first, with `shown_author`, `shown_at` and `shown_on`.

    For everyone but auditors, a non-attributable comment comes after the signed comments of its day
    (in an order that says nothing about time): between two signed comments, its place would bound
    its minute by theirs."""
    result = list(policy_for(Comment).scope(actor, "view").filter(proposal=proposal)
                  .select_related("author").order_by("created_at", "id"))
    for comment in result:
        comment.shown_author = comment_author(comment, actor)
        comment.shown_at = comment_time(comment, actor)
        comment.shown_on = comment_day(comment)
    if not sees_attribution(actor):
        result.sort(key=lambda c: (c.shown_on, c.non_attributable, str(c.pk) if c.non_attributable else c.created_at))
    return result


def transitions(*, proposal: Proposal) -> list[Transition]:
    return list(Transition.objects.filter(proposal=proposal).order_by("created_at", "id"))


def available_steps(*, actor: Actor, proposal: Proposal) -> list[workflow.Step]:
    if not policy_for(Proposal).allows(actor, "view", proposal):
        return []
    return workflow.available(proposal.status, proposal.outcome, actor.roles, is_system=actor.is_system)


# --- the political calendar ------------------------------------------------------------------

def calendar_periods() -> list[calendar.Period]:
    return [calendar.Period(p.name_en if _english() else p.name_vi, p.kind, p.start, p.end, p.is_example)
            for p in SensitivePeriod.objects.order_by("start")]


def _english() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "vi").startswith("en")


def proposal_flags(proposal: Proposal, periods: list[calendar.Period] | None = None) -> list[calendar.Flag]:
    return calendar.flags_for(proposal.calendar_dates(), calendar_periods() if periods is None else periods)


def annotate_flags(proposals, periods: list[calendar.Period] | None = None) -> None:
    """Set `calendar_flags` on each proposal (one query for the periods, none per row)."""
    periods = calendar_periods() if periods is None else periods
    for proposal in proposals:
        proposal.calendar_flags = proposal_flags(proposal, periods)


# --- roadmap ---------------------------------------------------------------------------------

OPEN_ACTION = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def action_item_list(*, actor: Actor) -> QuerySet[ActionItem]:
    return (policy_for(ActionItem).scope(actor, "view").select_related("owner_agency", "owning_agency", "proposal")
            .prefetch_related("depends_on"))


def overdue_q(today: dt.date | None = None) -> Q:
    return Q(status__in=OPEN_ACTION, due_on__lt=today or timezone.localdate())


def dashboard_figures(*, actor: Actor) -> dict:
    """Overdue roadmap items and proposals due for review, counted through the access layer."""
    from peaceops.core.selectors import aggregate_marking

    today = timezone.localdate()
    overdue = action_item_list(actor=actor).filter(overdue_q(today))
    due = proposal_list(actor=actor).filter(due_for_review_q(today))
    in_review = proposal_list(actor=actor).filter(status=ProposalStatus.IN_REVIEW)
    marking = aggregate_marking(overdue).merge(aggregate_marking(due)).merge(aggregate_marking(in_review))
    return {
        "overdue_count": overdue.count(),
        "overdue_items": list(overdue.order_by("due_on", "pk")[:5]),
        "due_for_review": due.count(),
        "in_review": in_review.count(),
        "marking": marking,
    }
