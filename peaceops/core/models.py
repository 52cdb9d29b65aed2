"""Base model shared by every domain record: UUID key, timestamps, optimistic-lock version."""

import uuid

from django.db import models


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
