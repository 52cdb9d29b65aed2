"""The deployment status machine as one small table (pure: no Django import).

A deployment starts as nominated; the UN accepts it; the person deploys; a tour may be extended;
it ends with repatriation. A nomination or an accepted deployment may be withdrawn before departure.
Repatriated and withdrawn are final.
"""

from __future__ import annotations

NOMINATED = "nominated"
ACCEPTED = "accepted"
DEPLOYED = "deployed"
EXTENDED = "extended"
REPATRIATED = "repatriated"
WITHDRAWN = "withdrawn"

STATUSES = (NOMINATED, ACCEPTED, DEPLOYED, EXTENDED, REPATRIATED, WITHDRAWN)

ALLOWED: dict[str, frozenset[str]] = {
    NOMINATED: frozenset({ACCEPTED, WITHDRAWN}),
    ACCEPTED: frozenset({DEPLOYED, WITHDRAWN}),
    DEPLOYED: frozenset({EXTENDED, REPATRIATED}),
    EXTENDED: frozenset({EXTENDED, REPATRIATED}),  # a second extension is a new row of history
    REPATRIATED: frozenset(),
    WITHDRAWN: frozenset(),
}

# Statuses in which the person holds the slot (one per person per rotation; a requirement's count caps them).
ACTIVE = frozenset({NOMINATED, ACCEPTED, DEPLOYED, EXTENDED})
# Statuses in which the person is (or was) in the mission area: a tour that counts for the rest rule.
TOUR = frozenset({DEPLOYED, EXTENDED, REPATRIATED})
FINAL = frozenset({REPATRIATED, WITHDRAWN})


def allowed(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED.get(from_status, frozenset())


def next_statuses(from_status: str) -> list[str]:
    """The statuses a deployment may move to from `from_status`, in the order of STATUSES."""
    targets = ALLOWED.get(from_status, frozenset())
    return [s for s in STATUSES if s in targets]
