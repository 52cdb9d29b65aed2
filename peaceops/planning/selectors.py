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
    """Plans the reader may see. The solver instance stays in the database until a caller reads it (it
    holds every candidate pair: about 1 MB of JSON for a rotation at 200,000 people, and decoding it
    cost the plan page 180 ms); `plan_posts` reads just its posts."""
    queryset = (policy_for(PlanRun).scope(actor, "view").select_related("rotation", "rotation__mission",
                                                                       "rotation__unit", "job")
                .defer("instance"))
    if rotation is not None:
        queryset = queryset.filter(rotation=rotation)
    return queryset


def plan_posts(plan: PlanRun) -> list:
    """The plan's posts in order, as [post id, group] pairs, without reading the rest of its instance."""
    if "instance" not in plan.get_deferred_fields():
        return (plan.instance or {}).get("posts", [])
    posts = PlanRun.objects.filter(pk=plan.pk).values_list("instance__posts", flat=True).first()
    return posts or []


def plan_get(*, actor: Actor, pk, with_instance: bool = False) -> PlanRun:
    """One plan; `with_instance` for the pages that read its candidate pairs (nominating by hand)."""
    queryset = plan_list(actor=actor)
    return get_object_or_404(queryset.defer(None) if with_instance else queryset, pk=pk)


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
                .select_related("person", "person__unit", "requirement", "requirement__post_type"))
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
    for pid, _group in plan_posts(plan):
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
    labels = (plan.summary or {}).get("groups") or {}
    if not labels and result.get("targets"):  # plans stored before the summary named its groups
        labels = (plan.instance or {}).get("groups") or {}
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
    order = [pid for pid, _g in plan_posts(left)]
    order += [pid for pid, _g in plan_posts(right) if pid not in set(order)]
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


def slot_candidates(*, actor: Actor, plan: PlanRun, post: str, limit: int = 200) -> dict | None:
    """One post of a plan and the plan's candidates for it, as the reader may see them (others leave no
    trace, not even in the count): score and its parts, the post each holds in the plan, why the run
    passed them over, and whether nominating them to this post keeps every hard rule — else the
    validator's reasons. None when the post is not in the plan (or its requirement is not visible)."""
    from peaceops.people.models import Person

    from .services import _assignment, _locked_pairs, nomination_check

    inst = builder.instance_from_stored(plan.instance or {})
    if post not in inst.post_pos:
        return None
    requirement_id, index = builder.split_post_id(post)
    requirement = _requirements(actor, plan).get(requirement_id)
    if requirement is None:
        return None
    scores = {pr.candidate: int(pr.score) for pr in inst.pairs if pr.post == post}
    people = {str(p.pk): p for p in Person.objects.visible_to(actor).filter(pk__in=list(scores))
              .select_related("unit")}
    choices = {str(c.person_id): c for c in plan_choices(actor=actor, plan=plan)}
    reasons = {str(r.person_id): r for r in plan_reasons(actor=actor, plan=plan, kind=ReasonKind.PASSED_OVER)
               .filter(person_id__in=list(people))}
    parts = builder.stored_parts(plan.instance)
    before, locked = _assignment(plan), _locked_pairs(plan)
    rows = []
    for pid, person in people.items():
        holds = choices.get(pid)
        problems = [] if holds is not None and holds.post_id == post else \
            nomination_check(inst, before, locked, pid, post)[2]
        rows.append({"person": person, "score": scores[pid], "parts": parts.get((pid, requirement_id), {}),
                     "holds": holds, "here": holds is not None and holds.post_id == post,
                     "reason": reasons.get(pid), "problems": problems, "allowed": not problems})
    rows.sort(key=lambda r: (not r["here"], not r["allowed"], -r["score"], r["person"].search_name or "", str(r["person"].pk)))
    holder = next((c for c in choices.values() if c.post_id == post), None)
    return {"post": post, "requirement": requirement, "index": index, "holder": holder, "rows": rows[:limit],
            "total": len(rows)}
