"""Actor: the resolved, immutable view of who is acting and what they hold today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

ALL_BITS = (1 << 63) - 1


@dataclass(frozen=True)
class Actor:
    """A user's effective clearance on one day, or the system acting for a stated reason."""

    user_id: int | None
    username: str
    level: int
    compartment_mask: int = 0
    compartments: frozenset[str] = frozenset()
    agency_ids: frozenset = frozenset()
    agency_codes: frozenset[str] = frozenset()
    agency_mask: int = 0
    roles: frozenset[str] = frozenset()
    is_system: bool = False
    reason: str = ""
    user: Any = field(default=None, compare=False, repr=False)

    @classmethod
    def system(cls, reason: str) -> Actor:
        return cls(user_id=None, username="system", level=10**6, is_system=True, reason=reason,
                   compartment_mask=ALL_BITS, agency_mask=ALL_BITS)

    @property
    def label(self) -> str:
        return f"system ({self.reason})" if self.is_system else self.username

    @property
    def agencies_sorted(self) -> list[str]:
        return sorted(self.agency_codes)

    @property
    def compartments_sorted(self) -> list[str]:
        return sorted(self.compartments)

    @property
    def level_label(self) -> str:
        from .models import level_label

        if self.is_system:
            return "SYSTEM"
        return level_label(self.level) if self.level >= 0 else "—"

    def has_role(self, *roles: str) -> bool:
        return self.is_system or bool(self.roles.intersection(roles))


def _active(qs, day: dt.date):
    from django.db.models import Q

    return qs.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def actor_for_user(user, *, on: dt.date | None = None) -> Actor:
    """Resolve a user's clearance, compartments, agencies and roles valid on `on` (today)."""
    from peaceops.accounts.models import RoleAssignment

    day = on or timezone.localdate()
    clearance = (
        _active(user.clearances.all(), day).prefetch_related("compartments", "agencies").first()
        if user.is_active
        else None
    )
    roles = frozenset(
        _active(RoleAssignment.objects.filter(user=user), day).values_list("role__code", flat=True)
    ) if user.is_active else frozenset()
    if clearance is None:
        # No valid clearance: the user sees unclassified records of no agency, i.e. nothing marked.
        return Actor(user_id=user.pk, username=user.get_username(), level=-1, roles=roles, user=user)
    compartments = list(clearance.compartments.all())
    agencies = list(clearance.agencies.all())
    mask = 0
    for c in compartments:
        mask |= 1 << c.bit
    agency_mask = 0
    for a in agencies:
        agency_mask |= 1 << a.bit
    return Actor(
        user_id=user.pk,
        username=user.get_username(),
        level=clearance.level_id,
        compartment_mask=mask,
        compartments=frozenset(c.code for c in compartments),
        agency_ids=frozenset(a.pk for a in agencies),
        agency_codes=frozenset(a.code for a in agencies),
        agency_mask=agency_mask,
        roles=roles,
        user=user,
    )
