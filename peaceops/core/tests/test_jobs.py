"""The background-job mechanism: queued → running → finished, as the creator's actor, cheap progress,
failure with a reason, stale jobs of dead workers, and who may see a job."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import task

from peaceops.access.actor import Actor
from peaceops.access.context import current_actor
from peaceops.access.policies import policy_for
from peaceops.audit.models import AuditEvent
from peaceops.core import jobs
from peaceops.core.models import Job

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _sample_body(run: jobs.JobRun):
    params = run.params
    actor = current_actor()
    run.result = {"ran_as": actor.label, "level": actor.level, "is_system": actor.is_system, "seen": 0}
    run.set_total(params.get("items", 0))
    for index in range(params.get("items", 0)):
        if params.get("abandon_at") == index:
            Job.objects.filter(pk=run.job.pk).update(status="failed", error="stopped by a test")
        if params.get("fail_at") == index:
            raise jobs.JobFailed(f"Item {index} is unreadable.")
        if params.get("crash_at") == index:
            raise RuntimeError("boom")
        run.result["seen"] = index + 1
        run.advance(item={"n": index})
    return run.result


@task()
def sample_job(job_id: str):
    return jobs.run(job_id, _sample_body, every_items=10, every_seconds=3600)


def start(actor, **params):
    return jobs.job_create(actor=actor, kind="test.sample", task=sample_job, params=params)


def test_a_job_runs_as_the_user_who_started_it_never_as_the_system(structure, actors):
    job = start(actors["personnel"], items=3)
    assert job.status == "succeeded" and job.done == 3 and job.total == 3 and job.percent == 100
    assert job.result["ran_as"] == "personnel" and job.result["level"] == actors["personnel"].level
    assert job.result["is_system"] is False
    assert job.created_by.username == "personnel" and job.actor_username == "personnel"
    assert job.started_at and job.finished_at and job.task_result_id
    actions = list(AuditEvent.objects.filter(target_id=str(job.pk)).values_list("action", "actor_label"))
    assert actions == [("core.job.create", "personnel"), ("core.job.finish", "personnel")]


def test_the_actor_is_resolved_again_when_the_job_runs(structure, actors, users):
    """Clearance is what it is when the task runs: a user deactivated meanwhile gets no work done."""
    user = users["planner"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    job = start(actors["planner"], items=2)
    assert job.status == "failed" and job.error and job.done == 0
    assert job.result == {}


def test_a_system_job_runs_in_an_audited_system_scope(structure):
    job = jobs.job_create(actor=Actor.system("nightly declassification"), kind="test.sample", task=sample_job,
                          params={"items": 1})
    assert job.status == "succeeded" and job.result["is_system"] is True and job.created_by is None
    assert AuditEvent.objects.filter(action="access.system_scope.open", reason="nightly declassification").exists()


def test_only_a_system_actor_may_start_a_job_as_the_system(structure, actors):
    with pytest.raises(ValueError):
        jobs.job_create(actor=actors["admin"], kind="test.sample", task=sample_job, system_reason="because")


def test_progress_is_written_every_n_items_not_every_item(structure, actors):
    with CaptureQueriesContext(connection) as queries:
        job = start(actors["planner"], items=25)
    progress_writes = [q["sql"] for q in queries.captured_queries
                       if q["sql"].startswith("UPDATE") and '"core_job"' in q["sql"] and '"heartbeat_at"' in q["sql"]
                       and '"finished_at"' not in q["sql"]]
    # the claim, set_total, then after items 10 and 20: 25 items cost 4 writes, not 25.
    assert len(progress_writes) == 4, progress_writes
    assert job.done == 25 and len(job.result["items"]) == 25


def test_a_job_that_fails_says_why_and_keeps_what_it_had_done(structure, actors):
    job = start(actors["planner"], items=5, fail_at=3)
    assert job.status == "failed" and job.error == "Item 3 is unreadable."
    assert job.done == 3 and job.result["seen"] == 3
    finish = AuditEvent.objects.get(action="core.job.finish", target_id=str(job.pk))
    assert finish.changes["status"] == "failed" and finish.changes["error"] == "Item 3 is unreadable."


def test_an_unexpected_error_fails_the_job_with_a_plain_reason_not_a_traceback(structure, actors):
    job = start(actors["planner"], items=5, crash_at=1)
    assert job.status == "failed" and job.error and "boom" not in job.error and "Traceback" not in job.error


def test_a_job_finished_elsewhere_stops_its_task_at_the_next_progress_write(structure, actors):
    job = start(actors["planner"], items=40, abandon_at=12)
    assert job.status == "failed" and job.error == "stopped by a test"
    assert job.done < 40  # the body stopped at the next write (after item 20), not at the end


def test_a_job_is_visible_to_its_creator_auditors_and_admins_only(structure, actors):
    job = start(actors["planner"], items=1)
    visible = {name: policy_for(Job).scope(actor, "view").filter(pk=job.pk).exists() for name, actor in actors.items()}
    assert visible == {"planner": True, "auditor": True, "admin": True, "health": False, "mfa": False,
                       "public": False, "personnel": False}
    assert not policy_for(Job).allows(actors["planner"], "change", job)
    with pytest.raises(Job.DoesNotExist):
        jobs.job_get(actor=actors["mfa"], pk=job.pk)


# --- stale jobs: the worker died --------------------------------------------------------------

def _queued_with_db_backend(settings, actor, **params):
    settings.TASKS = DB_TASKS
    job = start(actor, **params)
    assert job.status == "queued"
    return job


def _as_if_a_worker_died_running(job, *, minutes_ago):
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.get(id=job.task_result_id).claim("dead-worker")
    then = timezone.now() - dt.timedelta(minutes=minutes_ago)
    Job.objects.filter(pk=job.pk).update(status="running", started_at=then, heartbeat_at=then)


@pytest.mark.django_db(transaction=True)  # the worker command closes old connections, as in production
def test_a_running_job_whose_worker_died_is_failed_with_a_reason_when_a_worker_starts(structure, actors, settings):
    import signal

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.JOB_STALE_AFTER_SECONDS = 600
    dead = _queued_with_db_backend(settings, actors["planner"], items=2)
    _as_if_a_worker_died_running(dead, minutes_ago=11)
    alive = start(actors["planner"], items=2)
    _as_if_a_worker_died_running(alive, minutes_ago=1)  # still within the heartbeat window
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == "failed" and "10" in dead.error and dead.finished_at
    assert DBTaskResult.objects.get(id=dead.task_result_id).status == "FAILED"
    assert alive.status == "running" and not alive.error
    event = AuditEvent.objects.get(action="core.job.finish", target_id=str(dead.pk))
    assert event.actor_label.startswith("system")


def test_a_stale_job_is_failed_when_it_is_read_and_a_fresh_one_is_not(structure, actors, settings):
    settings.JOB_STALE_AFTER_SECONDS = 60
    job = _queued_with_db_backend(settings, actors["planner"], items=2)
    _as_if_a_worker_died_running(job, minutes_ago=0)
    assert jobs.job_get(actor=actors["planner"], pk=job.pk).status == "running"
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(seconds=61))
    assert jobs.job_get(actor=actors["planner"], pk=job.pk).status == "failed"


def test_a_queued_job_whose_task_result_vanished_is_failed(structure, actors, settings):
    from django_tasks_db.models import DBTaskResult

    job = _queued_with_db_backend(settings, actors["planner"], items=2)
    assert jobs.job_get(actor=actors["planner"], pk=job.pk).status == "queued"  # waiting for a worker is fine
    DBTaskResult.objects.filter(id=job.task_result_id).delete()
    job = jobs.job_get(actor=actors["planner"], pk=job.pk)
    assert job.status == "failed" and job.error


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_queued_job_to_the_end(structure, actors, settings):
    """The real path: enqueue into the database, then django-tasks-db's worker claims and runs it."""
    from django_tasks_db.management.commands.db_worker import Worker

    job = _queued_with_db_backend(settings, actors["personnel"], items=12)
    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="test-worker", excluded_queue_names=[]).run()
    job.refresh_from_db()
    assert job.status == "succeeded" and job.done == 12 and job.result["ran_as"] == "personnel"
    from django_tasks_db.models import DBTaskResult

    result = DBTaskResult.objects.get(id=job.task_result_id)
    assert result.status == "SUCCESSFUL" and result.worker_ids == ["test-worker"]
