"""Helpers that every app's services use: the @service decorator and checked updates."""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from peaceops.access.context import acting_as

from .errors import StaleEdit

F = TypeVar("F", bound=Callable[..., Any])


def service(func: F) -> F:
    """Run a write in one transaction with the given actor as the current actor.

    The policy check, the change and the audit row happen inside the same `atomic()` block,
    so they commit or roll back together.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        actor = kwargs.get("actor")
        if actor is None:
            raise TypeError(f"{func.__qualname__} needs actor=…")
        with acting_as(actor), transaction.atomic():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def update_fields_checked(instance: models.Model, *, expected_version: int | None, fields: dict[str, Any]) -> dict:
    """Apply `fields` to `instance` only if nobody saved it since `expected_version`.

    Returns the changes as {field: [old, new]} for the audit row. The version check is a
    single conditional UPDATE, so two officers saving at once cannot both win.
    """
    if expected_version is not None and expected_version != instance.version:
        raise StaleEdit()
    changes = {}
    for name, value in fields.items():
        old = getattr(instance, name)
        if old != value:
            changes[name] = [old, value]
            setattr(instance, name, value)
    if not changes:
        return {}
    model = type(instance)
    current = instance.version
    instance.version = current + 1
    instance.updated_at = timezone.now()
    update = {name: getattr(instance, name) for name in changes}
    update |= {"version": instance.version, "updated_at": instance.updated_at}
    updated = model._base_manager.filter(pk=instance.pk, version=current).update(**update)
    if updated != 1:
        instance.version = current
        raise StaleEdit()
    return changes
