"""The notification order after a casualty, as data and one rule (pure: no Django).

The family hears first, from the state, in person; then the ministries are informed; only then may
a public statement be made. A step may be ticked only when every earlier step is done, so a public
statement can never precede the family's notification.
"""

from __future__ import annotations

FAMILY, MINISTRIES, PUBLIC_STATEMENT = "family", "ministries", "public_statement"
ORDER: tuple[str, ...] = (FAMILY, MINISTRIES, PUBLIC_STATEMENT)

# Refusal reasons (the services turn them into translated messages).
UNKNOWN_STEP = "unknown_step"
ALREADY_DONE = "already_done"
FAMILY_FIRST = "family_first"
EARLIER_STEP_OPEN = "earlier_step_open"


def position(kind: str) -> int:
    """1-based place of a step in the order."""
    return ORDER.index(kind) + 1


def refusal(kind: str, done: set[str] | frozenset[str]) -> str | None:
    """Why step `kind` may not be ticked now, given the steps already `done`; None when it may."""
    if kind not in ORDER:
        return UNKNOWN_STEP
    if kind in done:
        return ALREADY_DONE
    earlier = ORDER[: ORDER.index(kind)]
    if FAMILY in earlier and FAMILY not in done:
        return FAMILY_FIRST
    if any(step not in done for step in earlier):
        return EARLIER_STEP_OPEN
    return None


def next_step(done: set[str] | frozenset[str]) -> str | None:
    """The step to take next, or None when the notification is complete."""
    return next((step for step in ORDER if step not in done), None)
