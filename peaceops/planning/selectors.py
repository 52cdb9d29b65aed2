"""Reads of the planner, through the access layer: a plan the reader may not see is a 404; a choice or a
reason about a person the reader may not see is not there."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for

from . import instance as builder
from .choices import ReasonKind
from .models import PlanChoice, PlanReason, PlanRun


def plan_list(*, actor: Actor, rotation=None) -> QuerySet[PlanRun]:
    queryset = policy_for(PlanRun).scope(actor, "view").select_related("rotation", "rotation__mission",
                                                                      "rotation__unit", "job")
    if rotation is not None:
        queryset = queryset.filter(rotation=rotation)
    return queryset


def plan_get(*, actor: Actor, pk) -> PlanRun:
    return get_object_or_404(plan_list(actor=actor), pk=pk)


def plan_choices(*, actor: Actor, plan: PlanRun) -> QuerySet[PlanChoice]:
    return (policy_for(PlanChoice).scope(actor, "view").filter(plan=plan)
            .select_related("person", "person__unit", "requirement", "requirement__post_type")
            .order_by("requirement__post_type__sort_order", "requirement__start_date", "requirement_id", "slot_index"))


def choice_get(*, actor: Actor, pk, plan: PlanRun | None = None) -> PlanChoice:
    queryset = policy_for(PlanChoice).scope(actor, "view").select_related("plan", "requirement")
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    return get_object_or_404(queryset, pk=pk)


def plan_reasons(*, actor: Actor, plan: PlanRun, kind: str | None = None) -> QuerySet[PlanReason]:
    queryset = (policy_for(PlanReason).scope(actor, "view").filter(plan=plan)
                .select_related("person", "requirement", "requirement__post_type"))
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("kind", "requirement__post_type__sort_order", "requirement_id", "slot_index",
                             "person__search_name", "pk")


def slot_rows(*, actor: Actor, plan: PlanRun) -> list[dict]:
    """Every post of the plan in order, with its visible choice (or None) and the reason it is empty."""
    choices = {c.post_id: c for c in plan_choices(actor=actor, plan=plan)}
    empty = {builder.post_id(r.requirement_id, r.slot_index): r
             for r in plan_reasons(actor=actor, plan=plan, kind=ReasonKind.UNFILLED)}
    requirements = _requirements(actor, plan)
    rows = []
    for pid, _group in (plan.instance or {}).get("posts", []):
        requirement_id, index = builder.split_post_id(pid)
        requirement = requirements.get(requirement_id)
        if requirement is None:
            continue
        rows.append({"post": pid, "requirement": requirement, "index": index, "choice": choices.get(pid),
                     "reason": empty.get(pid)})
    return rows


def _requirements(actor: Actor, plan: PlanRun) -> dict:
    from peaceops.missions import selectors as missions

    return {str(r.pk): r for r in missions.requirement_list(actor=actor, rotation=plan.rotation)}


def target_rows(plan: PlanRun) -> list[dict]:
    """The women's share per group against its target, with the shortfall of an infeasible target."""
    result = plan.result or {}
    infeasible = result.get("infeasible_targets") or {}
    labels = (plan.summary or {}).get("groups") or (plan.instance or {}).get("groups") or {}
    rows = []
    for group, info in sorted((result.get("targets") or {}).items()):
        assigned = int(info.get("assigned") or 0)
        rows.append({"group": group, "label": labels.get(group, group), "target": info.get("target"),
                     "assigned": assigned, "women": info.get("women"), "required": info.get("required"),
                     "share": (info.get("women") or 0) / assigned if assigned else None, "met": info.get("met"),
                     "infeasible": infeasible.get(group)})
    return rows


def compare(*, actor: Actor, left: PlanRun, right: PlanRun) -> dict:
    """Two plans of one rotation side by side, slot by slot: who holds each post in each, and what changed."""
    a = {c.post_id: c for c in plan_choices(actor=actor, plan=left)}
    b = {c.post_id: c for c in plan_choices(actor=actor, plan=right)}
    requirements = _requirements(actor, left)
    order = [pid for pid, _g in (left.instance or {}).get("posts", [])]
    order += [pid for pid, _g in (right.instance or {}).get("posts", []) if pid not in set(order)]
    rows = []
    for pid in order:
        requirement_id, index = builder.split_post_id(pid)
        if requirement_id not in requirements:
            continue
        ca, cb = a.get(pid), b.get(pid)
        changed = (ca.person_id if ca else None) != (cb.person_id if cb else None)
        rows.append({"post": pid, "requirement": requirements[requirement_id], "index": index, "left": ca,
                     "right": cb, "changed": changed})
    return {"rows": rows, "changed": sum(1 for r in rows if r["changed"]),
            "only_left": sorted({c.person_id for c in a.values()} - {c.person_id for c in b.values()}, key=str),
            "only_right": sorted({c.person_id for c in b.values()} - {c.person_id for c in a.values()}, key=str)}
