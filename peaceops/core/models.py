"""Base model shared by every domain record (UUID key, timestamps, optimistic-lock version), and Job."""

import uuid

from django.conf import settings
from django.db import models

from .choices import JobStatus


class BaseModel(models.Model):
    """A record with a UUID primary key, creation / update times and an edit version.

    `version` increases on every service update; an update that names an older version is
    refused (see `core.services.update_fields_checked`), so concurrent edits never silently
    overwrite each other.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class Job(BaseModel):
    """A piece of background work (an import, a planner run, a brief) and how far it has got.

    The task that does the work is a django-tasks task (`task_result_id`); this record is what
    the user sees: status, progress (`done` of `total`), a message, the result or report, and
    the reason it failed. It runs as the user who started it (`created_by`, re-resolved to an
    actor inside the task), or as the system only when `system_reason` says so. Only the
    creator, auditors and administrators see it (see `core.jobs.JobPolicy`).
    """

    kind = models.CharField(max_length=60)
    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="jobs")
    actor_username = models.CharField(max_length=150)
    system_reason = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=10, blank=True)
    params = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_by", "-created_at"], name="core_job_creator_idx"),
            models.Index(fields=["status", "heartbeat_at"], name="core_job_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(done__lte=models.F("total")) | models.Q(total=0),
                                   name="core_job_done_within_total"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status not in JobStatus.unfinished()

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return min(100, (100 * self.done) // self.total) if self.total else 0
