"""A task worker that dies in the middle of a planner run (SIGKILL, lost host): when a worker starts again
the job is failed with a reason, its plan is failed with the same reason, nothing of a half-stored plan
exists, the audit chain holds, and the planner can run the rotation again."""

import datetime as dt

import pytest
from django.utils import timezone

from peaceops.audit.models import AuditEvent
from peaceops.audit.verify import verify_chain
from peaceops.core import jobs
from peaceops.core.choices import JobStatus
from peaceops.core.models import Job
from peaceops.planning import services
from peaceops.planning.choices import PlanStatus
from peaceops.planning.models import PlanChoice, PlanRun


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even the job's own failure handling."""


@pytest.mark.django_db(transaction=True)
def test_a_planner_run_whose_worker_died_is_failed_with_its_reason_and_can_run_again(
        actors, as_persona, nurses, requirement, rotation, monkeypatch):
    planner = actors["planner"]
    with as_persona("planner"):
        plan = services.plan_create(actor=planner, rotation=rotation, parameters={"time_limit": 5.0})
        job = jobs._job_insert(actor=planner, kind=services.RUN_KIND, total=0, params={"plan": str(plan.pk)},
                               message="", system_reason="", pk=None)
        PlanRun.objects.unrestricted().filter(pk=plan.pk).update(job=job)

        # The worker claims the job, marks the plan running, and dies while the solver works.
        from peaceops.planning import tasks

        def die(*args, **kwargs):
            raise WorkerKilled

        monkeypatch.setattr(tasks, "solve", die)
        monkeypatch.setattr(jobs, "_finish", lambda *a, **k: False)  # a killed process writes nothing more
        with pytest.raises(WorkerKilled):
            jobs.run(str(job.pk), tasks._run)
        monkeypatch.undo()

    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING
    assert PlanRun.objects.unrestricted().get(pk=plan.pk).status == PlanStatus.RUNNING
    assert not PlanChoice.objects.filter(plan=plan).exists()

    # A worker starting again, after the heartbeat has gone stale, reaps the job and its plan.
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=2))
    assert jobs.reap_stale_jobs() == 1
    job.refresh_from_db()
    failed = PlanRun.objects.unrestricted().get(pk=plan.pk)
    assert job.status == JobStatus.FAILED and job.error
    assert failed.status == PlanStatus.FAILED and failed.error == job.error
    assert AuditEvent.objects.filter(action="planning.plan.fail", target_id=str(plan.pk)).exists()
    assert not PlanChoice.objects.filter(plan=plan).exists()
    assert verify_chain().ok

    # The planner runs the rotation again and gets a whole plan.
    with as_persona("planner"):
        again = services.plan_run_start(actor=planner, rotation=rotation, parameters={"time_limit": 5.0})
    assert again.status == PlanStatus.DONE and again.filled == 5
