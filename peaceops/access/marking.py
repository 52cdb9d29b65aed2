"""Marking: the classification a writer gives a record, checked against their clearance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from peaceops.core.errors import NotPermitted, ServiceError

from .actor import Actor
from .models import compartments_to_mask


@dataclass(frozen=True)
class Marking:
    level: int
    owning_agency_id: object
    compartments: tuple[str, ...] = ()
    releasable_to: tuple = ()  # Agency instances or ids with a `bit`
    declassify_on: dt.date | None = None
    downgrade_level: int | None = None
    classified_by: str = ""
    reason: str = ""
    _releasable_mask: int | None = field(default=None, compare=False)

    @property
    def compartment_mask(self) -> int:
        return compartments_to_mask(self.compartments)

    @property
    def releasable_mask(self) -> int:
        if self._releasable_mask is not None:
            return self._releasable_mask
        mask = 0
        for agency in self.releasable_to:
            mask |= 1 << agency.bit
        return mask

    @classmethod
    def of(cls, obj) -> Marking:
        from .models import mask_to_compartments

        return cls(
            level=obj.level_id, owning_agency_id=obj.owning_agency_id,
            compartments=tuple(mask_to_compartments(obj.compartment_mask)),
            declassify_on=obj.declassify_on, downgrade_level=obj.downgrade_level_id,
            classified_by=obj.classified_by, reason=obj.classification_reason,
            _releasable_mask=obj.releasable_mask,
        )


def check_no_write_up(actor: Actor, marking: Marking) -> None:
    """Refuse a marking above the writer's own clearance, compartments or agencies."""
    if actor.is_system:
        return
    if marking.level > actor.level:
        raise NotPermitted(_("You cannot mark a record above your own clearance."), field="level")
    if marking.compartment_mask & ~actor.compartment_mask:
        raise NotPermitted(_("You cannot use a compartment you do not hold."), field="compartments")
    if marking.owning_agency_id not in actor.agency_ids:
        raise NotPermitted(_("You can only create records for your own agency."), field="owning_agency")
    if marking.downgrade_level is not None and marking.downgrade_level > marking.level:
        raise ServiceError(_("The downgrade level must be lower than the current level."), field="downgrade_level")
    if marking.declassify_on and marking.downgrade_level is None:
        raise ServiceError(_("A declassify-on date needs a level to downgrade to."), field="downgrade_level")


def apply_marking(obj, marking: Marking) -> dict:
    """Set the marking fields on `obj`; returns {field: [old, new]} of what changed."""
    new = {
        "level_id": marking.level,
        "owning_agency_id": marking.owning_agency_id,
        "compartment_mask": marking.compartment_mask,
        "releasable_mask": marking.releasable_mask,
        "declassify_on": marking.declassify_on,
        "downgrade_level_id": marking.downgrade_level,
        "classified_by": marking.classified_by,
        "classification_reason": marking.reason,
    }
    changes = {}
    for name, value in new.items():
        old = getattr(obj, name, None)
        if old != value:
            changes[name] = [old, value]
            setattr(obj, name, value)
    return changes


def lowers(old: Marking, new: Marking) -> bool:
    """True when `new` would let more people see the record than `old` (a downgrade)."""
    return (
        new.level < old.level
        or bool(old.compartment_mask & ~new.compartment_mask)
        or bool(new.releasable_mask & ~old.releasable_mask)
        or (new.declassify_on is not None and (old.declassify_on is None or new.declassify_on < old.declassify_on))
    )
