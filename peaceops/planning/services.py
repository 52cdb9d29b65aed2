"""Writes of the planner: start a run (a background job), store its result, lock, swap, re-plan after a
drop-out, publish (which creates the missions deployments). Each checks the policy, writes and audits in
one transaction; the solver is the pure module in solver/, the instance comes from instance.py."""

from __future__ import annotations

from collections import Counter

from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service, update_fields_checked
from peaceops.people.models import Person

from . import instance as builder
from . import wording
from .choices import PlanStatus, ReasonKind, SolverStatus
from .models import PlanChoice, PlanReason, PlanRun
from .solver import explain, validate
from .solver.model import required_women
from .solver.validate import recompute_objective

CONFIDENTIAL = 1
RUN_KIND = "planning.run"


def _require(actor: Actor, action: str, obj=None) -> None:
    if not policy_for(PlanRun).allows(actor, action, obj):
        raise NotPermitted()


def planning_agency_id(actor: Actor, rotation):
    """The plan's owning agency: the rotation unit's agency when the planner holds it, else the planner's
    first agency (by code, so that the choice is stable)."""
    unit_agency = rotation.unit.agency_id if rotation.unit_id else None
    if actor.is_system or unit_agency in actor.agency_ids:
        if unit_agency is not None:
            return unit_agency
    if actor.agency_ids:
        from peaceops.org.models import Agency

        return Agency.objects.filter(pk__in=actor.agency_ids).order_by("code").values_list("pk", flat=True).first()
    from peaceops.org.models import Agency

    return Agency.objects.order_by("code").values_list("pk", flat=True).first()


# -- starting a run ------------------------------------------------------------------------------

@service
def plan_create(*, actor: Actor, rotation, parameters: dict | None = None, previous: PlanRun | None = None) -> PlanRun:
    """A queued plan for `rotation` (the job that runs it is started by `plan_run_start`)."""
    _require(actor, "create")
    from peaceops.missions import selectors as missions

    if not missions.rotation_list(actor=actor).filter(pk=rotation.pk).exists():
        raise NotPermitted()
    try:
        params = builder.clean_parameters(parameters)
    except (TypeError, ValueError) as exc:
        raise ServiceError(_("A planning parameter is not valid."), field=str(exc.args[0]) if exc.args else None) \
            from None
    number = (PlanRun.objects.unrestricted().filter(rotation=rotation).order_by("-number")
              .values_list("number", flat=True).first() or 0) + 1
    plan = PlanRun(rotation=rotation, number=number, parameters=params, previous=previous,
                   created_by_id=actor.user_id, created_by_label=actor.label[:150], level_id=CONFIDENTIAL,
                   owning_agency_id=planning_agency_id(actor, rotation), classified_by=actor.label[:150])
    plan.save(force_insert=True)
    record(actor=actor, action="planning.plan.create", target=plan,
           changes={"rotation": str(rotation), "number": number, "parameters": params,
                    "previous": str(previous.pk) if previous else None})
    return plan


def plan_run_start(*, actor: Actor, rotation, parameters: dict | None = None,
                   previous: PlanRun | None = None) -> PlanRun:
    """Record a queued plan and start the background job that solves it; returns the plan as it is now
    (already solved under an immediate task backend)."""
    from peaceops.core import jobs

    from .tasks import run_plan

    plan = plan_create(actor=actor, rotation=rotation, parameters=parameters, previous=previous)
    job = jobs.job_create(actor=actor, kind=RUN_KIND, task=run_plan, total=0, params={"plan": str(plan.pk)},
                          message=_("Planning %(rotation)s") % {"rotation": str(rotation)})
    PlanRun.objects.unrestricted().filter(pk=plan.pk).update(job=job)
    return PlanRun.objects.unrestricted().select_related("job").get(pk=plan.pk)


def plan_rerun(*, actor: Actor, plan: PlanRun, parameters: dict | None = None, drop=None,
               drop_reason: str = "") -> PlanRun:
    """Run again from `plan`: its locked choices stay locked, its assignment is the one to stay close to
    (the solver's warm start changes as few posts as it can), `drop` (a choice) is taken out."""
    _require(actor, "change", plan)
    params = dict(plan.parameters) | dict(parameters or {})
    if parameters is None or "locked" not in parameters:
        params["locked"] = [[str(c.person_id), str(c.requirement_id), c.slot_index]
                            for c in PlanChoice.objects.filter(plan=plan, locked=True)
                            if drop is None or c.pk != drop.pk]
    if drop is not None:
        if drop.plan_id != plan.pk:
            raise ServiceError(_("That choice belongs to another plan."))
        params["excluded"] = [*params.get("excluded", []), [str(drop.person_id), drop_reason[:300]]]
    return plan_run_start(actor=actor, rotation=plan.rotation, parameters=params, previous=plan)


# -- storing a run's result (inside the job) ------------------------------------------------------

@service
def plan_mark_running(*, actor: Actor, plan: PlanRun) -> None:
    PlanRun.objects.unrestricted().filter(pk=plan.pk, status=PlanStatus.QUEUED).update(
        status=PlanStatus.RUNNING, updated_at=timezone.now())


@service
def plan_fail(*, actor: Actor, plan: PlanRun, error: str) -> None:
    PlanRun.objects.unrestricted().filter(pk=plan.pk).update(
        status=PlanStatus.FAILED, error=error[:4000], finished_at=timezone.now(), updated_at=timezone.now())
    record(actor=actor, action="planning.plan.fail", target=plan, changes={"error": error[:500]})


def _safe_params(entry: dict) -> dict:
    """The reason's parameters without the ids of other people (they are named only where visible)."""
    params = dict(entry.get("params") or {})
    out = {}
    for key, value in params.items():
        if key in ("taken", "free", "posts") and isinstance(value, list):
            out[key + "_count"] = len(value)
        elif key in ("holder", "best_post", "units"):
            continue
        else:
            out[key] = value
    return out


def _reason_rows(plan: PlanRun, report: dict, excluded: list) -> list[PlanReason]:
    rows = []
    for entry in report.get("unfilled_posts", []):
        requirement, index = builder.split_post_id(entry["post"])
        params = _safe_params(entry)
        rows.append(PlanReason(plan=plan, kind=ReasonKind.UNFILLED, requirement_id=requirement, slot_index=index,
                               code=entry["code"], params=params, text=wording.reason_text(entry["code"], params)))
    for entry in report.get("passed_over", []):
        params = _safe_params(entry)
        rows.append(PlanReason(plan=plan, kind=ReasonKind.PASSED_OVER, person_id=entry["candidate"],
                               code=entry["code"], params=params, text=wording.reason_text(entry["code"], params)))
    for entry in excluded:
        rows.append(PlanReason(plan=plan, kind=ReasonKind.EXCLUDED, person_id=entry["person"], code=entry["code"],
                               params=entry["params"], text=wording.reason_text(entry["code"], entry["params"])))
    return rows


def _choice_rows(plan: PlanRun, assignment, inst, parts: dict, locked: set) -> list[PlanChoice]:
    score = {(p.candidate, p.post): p.score for p in inst.pairs}
    rows = []
    for c, p in assignment:
        requirement, index = builder.split_post_id(p)
        rows.append(PlanChoice(plan=plan, person_id=c, requirement_id=requirement, slot_index=index,
                               score=score[(c, p)], score_parts=parts.get((c, requirement), {}),
                               locked=(c, p) in locked))
    return rows


def targets_of(inst, assignment) -> dict:
    """{group: {target, assigned, women, required, met}} of an assignment (the solver's report, recomputed)."""
    group = {p.id: p.group for p in inst.posts}
    woman = {c.id: c.woman for c in inst.candidates}
    n, m = Counter(), Counter()
    for c, p in assignment:
        n[group[p]] += 1
        m[group[p]] += int(woman[c])
    out = {}
    for g, s in inst.min_women_share.items():
        need = required_women(float(s), n[g])
        out[g] = {"target": float(s), "assigned": n[g], "women": m[g], "required": need, "met": m[g] >= need}
    return out


@service
def plan_store_result(*, actor: Actor, plan: PlanRun, built, result) -> PlanRun:
    """Store a solved run: choices, reasons, figures, the instance, and the validator's verdict."""
    from .solver import result_to_dict

    inst = built.instance
    locked = set(built.locked)
    violations = validate(inst, result, built.locked)
    report = explain(inst, result, built.locked)
    PlanChoice.objects.bulk_create(_choice_rows(plan, result.assignment, inst, built.parts, locked))
    PlanReason.objects.bulk_create(_reason_rows(plan, report, built.excluded), batch_size=500)
    levels = [p.level_id for p in built.people.values()]
    stored = result_to_dict(result, warm=True)
    stored.pop("assignment", None)  # the choices are the assignment
    now = timezone.now()
    fields = dict(
        status=PlanStatus.DONE, solver_status=result.status, objective=result.objective, bound=result.bound,
        gap=result.gap, seconds=round(float(result.seconds), 4), slots=len(inst.posts),
        filled=len(result.assignment), candidate_count=len(inst.candidates), changed=result.changed,
        instance=built.stored(), result=stored, violations=violations, finished_at=now, updated_at=now,
        level_id=max([CONFIDENTIAL, *levels]),
        summary={"pools": built.pools, "groups": built.groups, "excluded": len(built.excluded),
                 "reasons": {"unfilled": len(report["unfilled_posts"]), "passed_over": len(report["passed_over"])}},
    )
    PlanRun.objects.unrestricted().filter(pk=plan.pk).update(**fields)
    plan.refresh_from_db()
    record(actor=actor, action="planning.plan.run", target=plan,
           changes={"status": result.status, "objective": result.objective, "bound": result.bound,
                    "filled": len(result.assignment), "slots": len(inst.posts), "violations": len(violations),
                    "changed": result.changed})
    return plan


# -- editing a finished plan ----------------------------------------------------------------------

def _editable(plan: PlanRun) -> None:
    if plan.status != PlanStatus.DONE:
        raise ServiceError(_("Only a finished, unpublished plan can be changed."))


@service
def choice_lock(*, actor: Actor, choice: PlanChoice, locked: bool, expected_version: int | None = None) -> PlanChoice:
    """Lock (or unlock) a choice: a re-run keeps locked choices as they are."""
    plan = PlanRun.objects.unrestricted().get(pk=choice.plan_id)
    _require(actor, "change", plan)
    if not policy_for(PlanChoice).allows(actor, "view", choice):
        raise NotPermitted()
    _editable(plan)
    changes = update_fields_checked(choice, expected_version=expected_version, fields={"locked": bool(locked)})
    if changes:
        record(actor=actor, action="planning.choice.lock" if locked else "planning.choice.unlock", target=choice,
               changes={"plan": str(plan.pk), "person": str(choice.person_id), "post": choice.post_id})
    return choice


def _assignment(plan: PlanRun) -> list[tuple[str, str]]:
    return [(str(p), builder.post_id(r, i)) for p, r, i in
            PlanChoice.objects.filter(plan=plan).values_list("person_id", "requirement_id", "slot_index")]


def _locked_pairs(plan: PlanRun) -> list[tuple[str, str]]:
    return [(str(p), builder.post_id(r, i)) for p, r, i in
            PlanChoice.objects.filter(plan=plan, locked=True).values_list("person_id", "requirement_id", "slot_index")]


def swap_violations(inst, before, after, locked) -> list[dict]:
    """Hard-rule violations the change introduces (a share shortfall already reported stays allowed, but it
    may not grow)."""
    old = {(v["code"], v.get("group")): v for v in validate(inst, before, locked)}
    out = []
    for v in validate(inst, after, locked):
        if v["code"] == "women_share_below_target":
            was = old.get((v["code"], v["group"]))
            if was is not None and v["shortfall"] <= was["shortfall"]:
                continue
        out.append(v)
    return out


@service
def plan_swap(*, actor: Actor, plan: PlanRun, choice: PlanChoice, other: PlanChoice | None = None,
              person: Person | None = None, expected_version: int | None = None) -> PlanRun:
    """Swap the posts of two chosen people, or put an unchosen candidate (`person`) on `choice`'s post.

    The new plan is checked by the independent validator against the plan's stored instance; a change
    that breaks a hard rule (eligibility, one post each, locks, the women's share, the home-unit cap) is
    refused with the reason.
    """
    _require(actor, "change", plan)
    _editable(plan)
    choices = policy_for(PlanChoice).scope(actor, "view")
    if not choices.filter(pk=choice.pk, plan=plan).exists() or (
            other is not None and not choices.filter(pk=other.pk, plan=plan).exists()):
        raise NotPermitted()
    if (other is None) == (person is None):
        raise ServiceError(_("Choose one other person to swap with."))
    if person is not None and not policy_for(Person).allows(actor, "view", person):
        raise NotPermitted()
    if choice.locked or (other is not None and other.locked):
        raise ServiceError(_("A locked choice cannot be swapped. Unlock it first."))
    inst = builder.instance_from_stored(plan.instance)
    locked = _locked_pairs(plan)
    before = _assignment(plan)
    a = (str(choice.person_id), choice.post_id)
    if other is not None:
        b = (str(other.person_id), other.post_id)
        if a == b:
            raise ServiceError(_("Choose one other person to swap with."))
        after = [x for x in before if x not in (a, b)] + [(a[0], b[1]), (b[0], a[1])]
    else:
        if any(c == str(person.pk) for c, _p in before):
            raise ServiceError(_("This person already holds a post in the plan: swap the two choices instead."))
        after = [x for x in before if x != a] + [(str(person.pk), a[1])]
    problems = swap_violations(inst, before, after, locked)
    if problems:
        raise ServiceError(_("Refused: %(reasons)s.") % {
            "reasons": "; ".join(dict.fromkeys(wording.violation_text(v) for v in problems))})
    moved = [x for x in after if x not in before]
    _store_edit(actor, plan, inst, before, after, locked, remove=[choice.pk] + ([other.pk] if other is not None else []),
                add=moved, lock_added=False, expected_version=expected_version, action="planning.plan.swap",
                changes={"moved": [list(x) for x in moved]})
    return plan


def _store_edit(actor, plan, inst, before, after, locked, *, remove, add, lock_added, expected_version, action,
                changes) -> None:
    """A hand edit of a finished plan, once checked: its choices, reasons, figures and the audit row."""
    parts = builder.stored_parts(plan.instance)
    PlanChoice.objects.filter(pk__in=remove).delete()
    PlanChoice.objects.bulk_create(_choice_rows(plan, add, inst, parts, set(add) if lock_added else set()))
    report = explain(inst, after, locked)
    PlanReason.objects.filter(plan=plan, kind__in=[ReasonKind.UNFILLED, ReasonKind.PASSED_OVER]).delete()
    PlanReason.objects.bulk_create(_reason_rows(plan, report, []), batch_size=500)
    objective = recompute_objective(inst, after)
    result = dict(plan.result)
    result["targets"] = targets_of(inst, after)
    result.pop("warm", None)  # the duals were for the solver's plan
    violations = validate(inst, {"assignment": after, "objective": objective, "bound": plan.bound,
                                 "infeasible_targets": plan.result.get("infeasible_targets") or {}}, locked)
    status = SolverStatus.OPTIMAL if plan.bound is not None and objective == plan.bound else SolverStatus.EDITED
    summary = dict(plan.summary or {})
    summary["edits"] = int(summary.get("edits", 0)) + 1  # the plan changed even when its figures did not
    updated = update_fields_checked(plan, expected_version=expected_version, fields={
        "summary": summary, "objective": objective, "solver_status": status, "result": result, "violations": violations,
        "filled": len(after),
        "gap": None if plan.bound is None else max(0.0, (plan.bound - objective) / max(1.0, abs(plan.bound)))})
    record(actor=actor, action=action, target=plan, changes={
        **changes, "removed": [list(x) for x in before if x not in after], "objective": updated.get("objective")})


def nomination_check(inst, before, locked, pid: str, post: str):
    """(assignment after, locks after, worded reasons it is refused) for putting `pid` on `post` as a
    locked choice -- the one check behind the nominate page's verdicts and the service."""
    holder = next((c for c, p in before if p == post), None)
    own = next(((c, p) for c, p in before if c == pid), None)
    after = [x for x in before if x[1] != post and x[0] != pid] + [(pid, post)]
    new_locked = [*locked, (pid, post)]
    if holder is not None and holder != pid and (holder, post) in locked:
        return after, new_locked, [_("this post holds a locked choice: unlock it first")]
    if own is not None and own[1] != post and own in locked:
        return after, new_locked, [_("this person holds a locked choice on another post: unlock it first")]
    problems = swap_violations(inst, before, after, new_locked)
    return after, new_locked, list(dict.fromkeys(wording.violation_text(v) for v in problems))


@service
def plan_nominate(*, actor: Actor, plan: PlanRun, requirement_id, slot_index: int, person: Person,
                  expected_version: int | None = None) -> PlanChoice:
    """Put `person` on one post of a finished plan by hand, as a LOCKED choice (the next re-run keeps it).

    The person must be among the plan's candidates for that post (the readiness verdicts and planning rules
    the run used); whoever held the post leaves the plan, and if the person held another post, that post
    becomes empty. The result is checked by the independent validator like a swap: a nomination that
    breaks a hard rule (the women's share, the home-unit cap, a lock) is refused with the reason.
    """
    _require(actor, "change", plan)
    _editable(plan)
    if not policy_for(Person).allows(actor, "view", person):
        raise NotPermitted()
    inst = builder.instance_from_stored(plan.instance)
    post = builder.post_id(requirement_id, int(slot_index))
    if post not in inst.post_pos:
        raise ServiceError(_("This post is not part of the plan."), field="post")
    pid = str(person.pk)
    if not any(pr.candidate == pid and pr.post == post for pr in inst.pairs):
        raise ServiceError(_("This person is not among the plan's eligible candidates for this post (readiness "
                             "verdict or a planning rule): they cannot be nominated to it."), field="person")
    before = _assignment(plan)
    locked = _locked_pairs(plan)
    holder = next((c for c, p in before if p == post), None)
    if holder == pid:
        choice = PlanChoice.objects.get(plan=plan, person_id=person.pk)
        if not choice.locked:
            choice_lock(actor=actor, choice=choice, locked=True, expected_version=None)
        return choice
    after, new_locked, problems = nomination_check(inst, before, locked, pid, post)
    if problems:
        raise ServiceError(_("Refused: %(reasons)s.") % {"reasons": "; ".join(problems)})
    own = next(((c, p) for c, p in before if c == pid), None)
    remove = list(PlanChoice.objects.filter(plan=plan).filter(
        Q(person_id=person.pk) | Q(requirement_id=requirement_id, slot_index=int(slot_index))).values_list("pk", flat=True))
    _store_edit(actor, plan, inst, before, after, new_locked, remove=remove, add=[(pid, post)], lock_added=True,
                expected_version=expected_version, action="planning.plan.nominate",
                changes={"post": post, "person": pid, "replaced": holder, "moved_from": own[1] if own else None})
    return PlanChoice.objects.get(plan=plan, person_id=person.pk)


@service
def plan_publish(*, actor: Actor, plan: PlanRun, expected_version: int | None = None) -> int:
    """Publish a finished plan: every choice becomes a nominated deployment (missions services, audited
    there), the plan becomes `published`. Once only: a published plan cannot be published again, and a
    rotation has at most one published plan. Returns the number of deployments created."""
    from peaceops.missions import services as missions

    _require(actor, "change", plan)
    locked_row = PlanRun.objects.unrestricted().select_for_update().get(pk=plan.pk)
    if locked_row.status == PlanStatus.PUBLISHED:
        raise ServiceError(_("This plan is already published."))
    if locked_row.status != PlanStatus.DONE:
        raise ServiceError(_("Only a finished plan can be published."))
    if expected_version is not None and expected_version != locked_row.version:
        from peaceops.core.errors import StaleEdit

        raise StaleEdit()
    if locked_row.violations:
        raise ServiceError(_("The validator found broken rules in this plan: it cannot be published."))
    if PlanRun.objects.unrestricted().filter(rotation_id=plan.rotation_id, status=PlanStatus.PUBLISHED).exists():
        raise ServiceError(_("Another plan of this rotation is already published."))
    all_choices = list(PlanChoice.objects.filter(plan=plan).select_related("requirement"))
    people = {p.pk: p for p in Person.objects.visible_to(actor).filter(pk__in=[c.person_id for c in all_choices])}
    if len(people) != len(all_choices):
        raise NotPermitted(_("Some people in this plan are not visible to you: ask a planner who sees them all."))
    rotation = plan.rotation
    for choice in all_choices:
        requirement = choice.requirement
        missions.deployment_create(
            actor=actor, person=people[choice.person_id], rotation=rotation, requirement=requirement,
            status="nominated", start_date=requirement.start_date, end_date=requirement.end_date,
            source_plan=plan.pk, reason=_("Published plan #%(number)d") % {"number": plan.number})
    try:
        update_fields_checked(locked_row, expected_version=locked_row.version, fields={
            "status": PlanStatus.PUBLISHED, "published_at": timezone.now(), "published_by_label": actor.label[:150]})
    except IntegrityError:
        raise ServiceError(_("Another plan of this rotation is already published.")) from None
    record(actor=actor, action="planning.plan.publish", target=locked_row,
           changes={"rotation": str(rotation), "deployments": len(all_choices)})
    plan.status, plan.version = locked_row.status, locked_row.version
    return len(all_choices)
