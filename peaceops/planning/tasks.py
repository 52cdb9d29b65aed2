"""The planner as a background job with progress: build the instance (one pool per post type and tour),
solve, validate, explain, store. Runs as the planner who started it (core.jobs re-resolves the actor)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from peaceops.access.policies import policy_for
from peaceops.core import jobs

from . import instance as builder
from . import services, wording
from .choices import PlanStatus
from .models import PlanChoice, PlanRun
from .solver import solve


@task()
def run_plan(job_id: str) -> dict | None:
    return jobs.run(job_id, _run)


def _previous(plan: PlanRun):
    """The previous plan's assignment and LP duals (the solver's warm start for a re-plan)."""
    if plan.previous_id is None:
        return None
    previous = PlanRun.objects.unrestricted().filter(pk=plan.previous_id).first()
    if previous is None:
        return None
    assignment = [[str(p), builder.post_id(r, i)] for p, r, i in
                  PlanChoice.objects.filter(plan=previous).values_list("person_id", "requirement_id", "slot_index")]
    out = {"assignment": assignment}
    if (previous.result or {}).get("warm"):
        out["warm"] = previous.result["warm"]
    return out


def _run(run: jobs.JobRun) -> dict:
    plan = PlanRun.objects.unrestricted().select_related("rotation", "rotation__mission").get(pk=run.params["plan"])
    try:
        return _solve_and_store(run, plan)
    except jobs.JobFailed:
        raise
    except Exception:
        services.plan_fail(actor=run.actor, plan=plan, error=_("An unexpected error stopped the planner."))
        raise


def _solve_and_store(run: jobs.JobRun, plan: PlanRun) -> dict:
    from peaceops.missions import selectors as missions

    actor = run.actor
    if not policy_for(PlanRun).allows(actor, "create"):
        services.plan_fail(actor=actor, plan=plan, error=_("You no longer hold the planner role."))
        raise jobs.JobFailed(_("You no longer hold the planner role."))
    services.plan_mark_running(actor=actor, plan=plan)
    slots = missions.rotation_slots(actor=actor, rotation=plan.rotation)
    tours = {(r.post_type_id, r.start_date, r.end_date) for r, _i in slots}
    run.set_total(len(tours) + 2)
    run.advance(0, message=_("Finding the eligible people"))
    if not slots:
        services.plan_fail(actor=actor, plan=plan, error=_("This rotation has no posts to fill."))
        raise jobs.JobFailed(_("This rotation has no posts to fill."))
    built = builder.build(actor=actor, rotation=plan.rotation, slots=slots, parameters=plan.parameters,
                          progress=lambda: run.advance(1))
    run.advance(0, message=_("Solving"))
    run.heartbeat()
    result = solve(built.instance, time_limit=float(plan.parameters.get("time_limit", 10.0)), locked=built.locked,
                   previous=_previous(plan))
    run.advance(1, message=_("Checking and storing the plan"))
    errors = result.stats.get("errors") if result.stats else None
    if errors:
        reason = " ".join(wording.error_text(e) for e in errors)
        services.plan_fail(actor=actor, plan=plan, error=reason)
        raise jobs.JobFailed(reason)
    if result.status == "timeout":
        reason = _("The solver found no plan within the time limit. Give it more time.")
        services.plan_fail(actor=actor, plan=plan, error=reason)
        raise jobs.JobFailed(reason)
    plan = services.plan_store_result(actor=actor, plan=plan, built=built, result=result)
    run.advance(1)
    return {"plan": str(plan.pk), "status": PlanStatus.DONE, "solver_status": result.status,
            "filled": plan.filled, "slots": plan.slots}


def _fail_abandoned_plan(job) -> None:
    """A worker that died mid-run left its plan queued or running with nothing stored (the result is written
    in one transaction at the end): fail the plan with the job's reason, audited, so it can be run again."""
    from django.db import transaction

    from peaceops.access.actor import Actor

    job.refresh_from_db()
    actor = Actor.system("stale planner job")
    for plan in PlanRun.objects.unrestricted().filter(job=job, status__in=(PlanStatus.QUEUED, PlanStatus.RUNNING)):
        with transaction.atomic():
            services.plan_fail(actor=actor, plan=plan, error=job.error or _("The worker running this plan stopped."))


jobs.register_cleanup(services.RUN_KIND, _fail_abandoned_plan)
