"""The conduct and discipline case workflow as a table (pure: no Django).

reported → investigating (who investigates) → concluded (outcome and findings) → closed (the UN has
been notified of the outcome). Each step names what it needs; the services check the roles.
"""

from __future__ import annotations

from dataclasses import dataclass

REPORTED, INVESTIGATING, CONCLUDED, CLOSED = "reported", "investigating", "concluded", "closed"


@dataclass(frozen=True)
class Step:
    name: str
    source: str
    target: str
    needs: tuple[str, ...]


STEPS = (
    Step("open_investigation", REPORTED, INVESTIGATING, ("investigation",)),
    Step("conclude", INVESTIGATING, CONCLUDED, ("outcome", "findings")),
    Step("close", CONCLUDED, CLOSED, ("un_notified_on",)),
)


def step(name: str) -> Step | None:
    return next((s for s in STEPS if s.name == name), None)


def available(status: str) -> list[Step]:
    return [s for s in STEPS if s.source == status]


def missing(name: str, given: dict) -> list[str]:
    """What step `name` needs that `given` lacks (empty values count as missing)."""
    found = step(name)
    if found is None:
        return []
    return [need for need in found.needs if not given.get(need)]
