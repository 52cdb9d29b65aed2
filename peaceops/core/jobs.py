"""Background jobs: a `Job` record the user watches, and a django-tasks task that does the work.

Start one from a view, the API or a command::

    job = jobs.job_create(actor=actor, kind="documents.import", task=import_documents, total=3,
                          params={...})

The task takes the job's id and hands its body to `run`, which claims the job, re-resolves the
actor of the user who started it (never the system, unless the job was created with a
`system_reason`), and finishes or fails the job with a reason::

    @task()
    def import_documents(job_id: str) -> dict | None:
        return jobs.run(job_id, _import)

    def _import(run: jobs.JobRun) -> dict:
        for item in ...:
            ...
            run.advance(item={"name": ..., "status": ...})   # cheap: written at most once a second
        return run.result

A worker killed mid-job leaves the job `running` with a heartbeat that stops moving; once the
heartbeat is older than `JOB_STALE_AFTER_SECONDS` the job is marked failed with a reason (when a
worker starts, and whenever the job is read). A job whose task result ended or vanished without
finishing the job is failed the same way. Failing, not retrying, is the rule: the work of a job is
made of its own transactions (an import commits file by file), so nothing is half-done, and the
user can start it again.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from peaceops.access.actor import Actor, actor_for_user
from peaceops.access.context import acting_as, system_scope
from peaceops.audit.recorder import record

from .choices import JobStatus
from .models import Job
from .services import service

logger = logging.getLogger(__name__)

DEFAULT_STALE_AFTER_SECONDS = 600
ABANDONED_EXCEPTION = "peaceops.core.jobs.JobAbandoned"


class JobFailed(Exception):
    """Raised by a job's body to fail the job with a reason fit to show the user."""

    def __init__(self, reason: str):
        self.reason = str(reason)
        super().__init__(self.reason)


class JobAbandoned(Exception):
    """The job was finished by someone else (marked stale, failed) while its task still ran: stop."""


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "JOB_STALE_AFTER_SECONDS", DEFAULT_STALE_AFTER_SECONDS))


# --- starting a job -----------------------------------------------------------------------------

@service
def _job_insert(*, actor: Actor, kind: str, total: int, params: dict, message: str, system_reason: str,
                pk=None) -> Job:
    job = Job(kind=kind, created_by_id=actor.user_id, actor_username=actor.label[:150],
              system_reason=system_reason[:200], language=translation.get_language() or "",
              params=params, total=total, message=message[:500])
    if pk is not None:
        job.pk = pk
    job.save(force_insert=True)
    record(actor=actor, action="core.job.create", target=job,
           changes={"kind": kind, "total": total, "system_reason": system_reason})
    return job


def job_create(*, actor: Actor, kind: str, task, total: int = 0, params: dict | None = None, message: str = "",
               system_reason: str = "", pk=None) -> Job:
    """Record a queued job (audited) and enqueue `task(job_id)`; returns the job as it is now.

    The job runs as `actor`'s user, re-resolved when it runs. Pass `system_reason` (with a system
    actor) for maintenance jobs that run in an audited system scope. With an immediate backend
    (tests) the task has already run when this returns.
    """
    if system_reason and not actor.is_system:
        raise ValueError("only a system actor starts a job that runs as the system")
    if actor.is_system and not system_reason:
        system_reason = actor.reason or kind
    job = _job_insert(actor=actor, kind=kind, total=total, params=params or {}, message=message,
                      system_reason=system_reason, pk=pk)
    try:
        result = task.enqueue(str(job.pk))
    except Exception:
        logger.exception("job %s could not be queued", job.pk)
        _finish(job.pk, status=JobStatus.FAILED, actor=actor, error=_("The job could not be queued."))
    else:
        # Only this column: with an immediate backend the task has already written the rest.
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))
    job.refresh_from_db()
    return job


# --- running a job (inside the task) -----------------------------------------------------------

class JobRun:
    """What a job's body gets: the job, its actor, and cheap progress reporting.

    `advance()` counts items and writes progress at most once per `every_seconds` (or after
    `every_items` items), so a fast loop does not turn into a write per item. Each write is also
    the job's heartbeat; a body with one long step calls `heartbeat()` now and then.
    """

    def __init__(self, job: Job, actor: Actor, *, every_items: int = 500, every_seconds: float = 1.0):
        self.job = job
        self.actor = actor
        self.every_items = every_items
        self.every_seconds = every_seconds
        self.result: dict[str, Any] = dict(job.result or {})
        self._flushed_done = job.done
        self._flushed_at = time.monotonic()

    @property
    def params(self) -> dict:
        return self.job.params

    def set_total(self, total: int) -> None:
        self.job.total = total
        self.flush()

    def advance(self, count: int = 1, *, item: dict | None = None, message: str | None = None) -> None:
        self.job.done += count
        if item is not None:
            self.result.setdefault("items", []).append(item)
        if message is not None:
            self.job.message = str(message)[:500]
        due = (self.job.done - self._flushed_done >= self.every_items
               or time.monotonic() - self._flushed_at >= self.every_seconds)
        if due:
            self.flush()

    def heartbeat(self) -> None:
        self.flush()

    def flush(self) -> None:
        """Write progress; raises JobAbandoned if the job is no longer running (marked stale)."""
        job = self.job
        if job.total and job.done > job.total:
            job.total = job.done
        now = timezone.now()
        updated = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            done=job.done, total=job.total, message=job.message, result=self.result, heartbeat_at=now,
            updated_at=now)
        self._flushed_done, self._flushed_at = job.done, time.monotonic()
        if not updated:
            raise JobAbandoned(str(job.pk))


def run(job_id: str, body: Callable[[JobRun], dict | None], **progress) -> dict | None:
    """Claim the queued job, run `body(JobRun)` as the job's actor, then finish or fail the job.

    The body's return value (a JSON-able dict, default `run.result`) becomes the job's result.
    `JobFailed(reason)` fails it with that reason; any other error fails it with a generic
    reason (the traceback goes to the log and to the task result) and is raised again.
    Returns a small summary for the task result, or None when there was nothing to run.
    """
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, updated_at=now)
    if not claimed:
        logger.warning("job %s is missing or not queued: not run", job_id)
        return None
    job = Job.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        if job.system_reason:
            with system_scope(job.system_reason) as actor:
                return _run_as(job, actor, body, progress)
        user = job.created_by
        if user is None or not user.is_active:
            actor = Actor(user_id=None, username=job.actor_username, level=-1)
            _finish(job.pk, status=JobStatus.FAILED, actor=actor,
                    error=_("The user who started this job is no longer active."))
            return {"job": str(job.pk), "status": JobStatus.FAILED}
        actor = actor_for_user(user)
        with acting_as(actor):
            return _run_as(job, actor, body, progress)


def _run_as(job: Job, actor: Actor, body, progress: dict) -> dict | None:
    job_run = JobRun(job, actor, **progress)
    try:
        returned = body(job_run)
    except JobAbandoned:
        logger.warning("job %s was finished elsewhere while it ran: stopped", job.pk)
        return None
    except JobFailed as failure:
        _finish(job.pk, status=JobStatus.FAILED, actor=actor, error=failure.reason, run=job_run)
        return {"job": str(job.pk), "status": JobStatus.FAILED}
    except Exception:
        logger.exception("job %s failed", job.pk)
        _finish(job.pk, status=JobStatus.FAILED, actor=actor, run=job_run,
                error=_("An unexpected error stopped the job. The administrators can find the details "
                        "in the worker's log."))
        raise
    except BaseException:
        # The worker is being stopped (SIGTERM twice, Ctrl-C): the current step rolled back.
        _finish(job.pk, status=JobStatus.FAILED, actor=actor, run=job_run,
                error=_("The worker was stopped before the job finished. Start it again."))
        raise
    if returned is not None:
        job_run.result = returned
    _finish(job.pk, status=JobStatus.SUCCEEDED, actor=actor, run=job_run)
    return {"job": str(job.pk), "status": JobStatus.SUCCEEDED}


def _finish(job_id, *, status: str, actor: Actor, error: str = "", run: JobRun | None = None,
            only_if_heartbeat_before: dt.datetime | None = None) -> bool:
    """Finish an unfinished job (audited); False if it had already finished."""
    now = timezone.now()
    fields: dict[str, Any] = {"status": status, "finished_at": now, "updated_at": now, "error": error}
    if run is not None:
        fields |= {"done": run.job.done, "total": max(run.job.total, run.job.done), "result": run.result,
                   "message": run.job.message}
    with transaction.atomic():
        unfinished = Job.objects.filter(pk=job_id, status__in=JobStatus.unfinished())
        if only_if_heartbeat_before is not None:
            unfinished = unfinished.filter(heartbeat_at__lt=only_if_heartbeat_before)
        if not unfinished.update(**fields):
            return False
        job = Job.objects.get(pk=job_id)
        record(actor=actor, action="core.job.finish", target=job,
               changes={"kind": job.kind, "status": status, "done": job.done, "total": job.total, "error": error})
    return True


# --- stale jobs ---------------------------------------------------------------------------------

_cleanups: dict[str, Callable[[Job], None]] = {}


def register_cleanup(kind: str, cleanup: Callable[[Job], None]) -> None:
    """What to tidy (e.g. uploaded files) when a job of this kind is failed because its worker died."""
    _cleanups[kind] = cleanup


def _clean_up(job: Job) -> None:
    cleanup = _cleanups.get(job.kind)
    if cleanup is not None:
        try:
            cleanup(job)
        except Exception:
            logger.exception("cleaning up after job %s failed", job.pk)


def _task_gone(job: Job) -> bool:
    """True when the job's task result says the task ended, or no longer exists."""
    if not job.task_result_id:
        return job.created_at < timezone.now() - stale_after()
    try:
        from django_tasks import default_task_backend
        from django_tasks.exceptions import TaskResultDoesNotExist
    except ImportError:  # pragma: no cover - django-tasks is a dependency
        return False
    if not default_task_backend.supports_get_result:
        return False
    try:
        result = default_task_backend.get_result(job.task_result_id)
    except TaskResultDoesNotExist:
        return True
    except ImportError:
        return True  # the task's code is gone
    return result.is_finished


def _fail_task_result(task_result_id: str, reason: str) -> None:
    """Mark a task result that a dead worker left RUNNING as failed, so the queue tells the truth."""
    if not task_result_id:
        return
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover
        return
    try:
        DBTaskResult.objects.filter(id=task_result_id, status="RUNNING").update(
            status="FAILED", finished_at=timezone.now(), exception_class_path=ABANDONED_EXCEPTION,
            traceback=reason)
    except Exception:  # a malformed id from another backend
        logger.warning("task result %s could not be marked failed", task_result_id)


def refresh_stale(job: Job) -> Job:
    """Fail this job if its worker died or its task is gone; returns the job as it is now."""
    if job.is_finished:
        return job
    limit = timezone.now() - stale_after()
    actor = Actor.system("stale job")
    if job.status == JobStatus.RUNNING and job.heartbeat_at is not None and job.heartbeat_at < limit:
        reason = _("The worker running this job stopped (no progress for %(minutes)d minutes). "
                   "What was already done is kept; start the job again for the rest.") % {
            "minutes": max(1, int(stale_after().total_seconds() // 60))}
        if _finish(job.pk, status=JobStatus.FAILED, actor=actor, error=reason, only_if_heartbeat_before=limit):
            _fail_task_result(job.task_result_id, reason)
            _clean_up(job)
    elif _task_gone(job):
        reason = _("The task behind this job ended without finishing it. Start the job again.")
        if _finish(job.pk, status=JobStatus.FAILED, actor=actor, error=reason):
            _clean_up(job)
    job.refresh_from_db()
    return job


def reap_stale_jobs(*, limit: int = 500) -> int:
    """Fail every job whose worker died or whose task is gone (run when a worker starts); returns how many."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tasks")  # each app's tasks module registers its cleanups
    unfinished = Job.objects.filter(status__in=JobStatus.unfinished()).order_by("created_at")[:limit]
    failed = 0
    for job in unfinished:
        if refresh_stale(job).status == JobStatus.FAILED:
            failed += 1
    if failed:
        logger.warning("%d stale job(s) marked failed", failed)
    return failed


# --- reading ------------------------------------------------------------------------------------

def job_get(*, actor: Actor, pk, kind: str | None = None) -> Job:
    """One job the actor may see (its creator, auditors, admins), stale state refreshed; else DoesNotExist."""
    from peaceops.access.policies import policy_for

    jobs = policy_for(Job).scope(actor, "view")
    if kind is not None:
        jobs = jobs.filter(kind=kind)
    return refresh_stale(jobs.get(pk=pk))
