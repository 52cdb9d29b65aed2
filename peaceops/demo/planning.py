"""Demo: A rotation planned, compared and left for the planner to publish (planning app).

The planner persona runs the planner over the field hospital's upcoming rotation (L2FH-7, R3), locks two
of its choices and re-runs, so that the demo shows two plans to compare, with their reasons. Neither is
published: publishing nominates real deployments and is the planner's call. Idempotent: a rotation
that already has a plan gets none.
"""

from __future__ import annotations

HOSPITAL_UNIT = "L2FH-7"
ROTATION_NUMBER = 3
PARAMETERS = {"women_scope": "requirement", "max_per_unit": None, "min_rest_months": 24, "time_limit": 10.0}


def _planner_actor(fallback):
    from peaceops.access.actor import actor_for_user
    from peaceops.accounts.models import User

    user = User.objects.filter(username="planner", is_active=True).first()
    return actor_for_user(user) if user is not None else fallback


def _solved(plan):
    """The demo loads before any task worker runs: solve a queued plan here, in this process. (The worker,
    when it starts, finds the job no longer queued and leaves it.)"""
    from peaceops.planning.models import PlanRun
    from peaceops.planning.tasks import run_plan

    if plan.status == "queued" and plan.job_id:
        run_plan.call(str(plan.job_id))
    return PlanRun.objects.unrestricted().get(pk=plan.pk)


def load(actor) -> dict:
    """Load this part of the demo idempotently; returns counts of what was created."""
    from peaceops.access.context import acting_as
    from peaceops.missions.models import Rotation
    from peaceops.planning import services
    from peaceops.planning.models import PlanChoice, PlanRun

    rotation = (Rotation.objects.filter(unit__code=HOSPITAL_UNIT, number=ROTATION_NUMBER)
                .select_related("mission", "unit").first())
    if rotation is None or not rotation.requirements.exists():
        return {"plans": 0}
    if PlanRun.objects.unrestricted().filter(rotation=rotation).exists():
        return {"plans": 0}
    planner = _planner_actor(actor)
    with acting_as(planner):
        first = _solved(services.plan_run_start(actor=planner, rotation=rotation, parameters=PARAMETERS))
        created = 1
        if first.status == "done":
            # the planner keeps the two highest-scoring choices and runs again
            for choice in PlanChoice.objects.filter(plan=first).order_by("-score", "requirement_id", "slot_index")[:2]:
                services.choice_lock(actor=planner, choice=choice, locked=True)
            _solved(services.plan_rerun(actor=planner, plan=first))
            created += 1
    return {"plans": created}
