"""Checks on the identifiers that come in from outside (query strings, form values)."""

from __future__ import annotations

import uuid


def is_uuid(value) -> bool:
    """Whether `value` reads as a UUID (a record's key): a query-string value that does not is never looked
    up, so a stray `?course=abc` is ignored instead of raising a database error."""
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
