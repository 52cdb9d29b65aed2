"""Writes that belong to the access layer itself: downgrading a marking."""

from django.utils.translation import gettext as _

from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service

from .actor import Actor
from .marking import Marking, apply_marking, check_no_write_up, lowers
from .policies import policy_for


@service
def marking_downgrade(*, actor: Actor, obj, marking: Marking, reason: str):
    """Lower a record's marking: its own audited action, only for the declassification role."""
    if not reason.strip():
        raise ServiceError(_("Give the reason for the downgrade."), field="reason")
    policy = policy_for(type(obj))
    if not policy.allows(actor, "view", obj) or not policy.allows(actor, "downgrade", obj):
        raise NotPermitted(_("Downgrading needs the declassification role."))
    old = Marking.of(obj)
    if not lowers(old, marking):
        raise ServiceError(_("This is not a downgrade; edit the record to raise its marking."))
    check_no_write_up(actor, marking)
    changes = apply_marking(obj, marking)
    obj.version += 1
    obj.save(update_fields=[*changes, "version", "updated_at"])
    record(actor=actor, action=f"{obj._meta.label_lower}.downgrade", target=obj, changes=changes, reason=reason)
    return obj
