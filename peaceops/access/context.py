"""The current actor: who is acting, carried through a request, a command or a task.

Managers of classified models read it and refuse to run without one, so a forgotten
actor is an error at once, never an unfiltered query.
"""

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .actor import Actor

_current: ContextVar["Actor | None"] = ContextVar("peaceops_actor", default=None)


class NoActorError(RuntimeError):
    """Raised when classified data is read with no actor set (fail closed)."""


def current_actor() -> "Actor | None":
    return _current.get()


def require_actor() -> "Actor":
    actor = _current.get()
    if actor is None:
        raise NoActorError(
            "No actor is set: classified records are read through a request, an ActorCommand "
            "(--as USER), a task that carries its actor, or system_scope(reason)."
        )
    return actor


@contextlib.contextmanager
def acting_as(actor: "Actor") -> Iterator["Actor"]:
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def set_actor(actor: "Actor | None"):
    """Set the actor for the rest of this context; returns a token for `reset_actor`."""
    return _current.set(actor)


def reset_actor(token) -> None:
    _current.reset(token)


@contextlib.contextmanager
def system_scope(reason: str) -> Iterator["Actor"]:
    """Maintenance access to everything, for a stated reason; opening it is itself audited."""
    from peaceops.audit.recorder import record

    from .actor import Actor

    if not reason.strip():
        raise ValueError("system_scope needs a reason")
    actor = Actor.system(reason)
    from django.db import transaction

    with acting_as(actor), transaction.atomic():
        record(actor=actor, action="access.system_scope.open", reason=reason)
    with acting_as(actor):
        yield actor
