"""Writes to accounts and clearances: creating users, granting roles and clearances (all audited)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.actor import Actor
from peaceops.access.models import Clearance, Compartment, Level
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service

from .models import Role, RoleAssignment, User


def _require_admin(actor: Actor) -> None:
    if not actor.has_role("admin"):
        raise NotPermitted()


@service
def user_create(*, actor: Actor, username: str, full_name: str, password: str, email: str = "") -> User:
    _require_admin(actor)
    if User.objects.filter(username=username).exists():
        raise ServiceError(_("This username is taken."), field="username")
    user = User(username=username, full_name=full_name, email=email)
    user.set_password(password)
    user.save()
    record(actor=actor, action="accounts.user.create", target=user, changes={"username": username})
    return user


@service
def role_grant(*, actor: Actor, user: User, role: str, valid_from: dt.date | None = None,
               valid_to: dt.date | None = None) -> RoleAssignment:
    _require_admin(actor)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=Role.objects.get(code=role), valid_from=valid_from or timezone.localdate(),
        defaults={"valid_to": valid_to},
    )
    if created:
        record(actor=actor, action="accounts.role.grant", target=user, changes={"role": role})
    return assignment


@service
def clearance_grant(*, actor: Actor, user: User, level: str, compartments: list[str], agencies: list,
                    valid_from: dt.date | None = None, valid_to: dt.date | None = None) -> Clearance:
    """Give a user a clearance; an admin cannot grant above their own level or compartments."""
    _require_admin(actor)
    level_obj = Level.objects.get(code=level)
    if not actor.is_system and (level_obj.rank > actor.level or not set(compartments) <= actor.compartments):
        raise NotPermitted(_("You cannot grant more than you hold."))
    clearance = Clearance.objects.create(
        user=user, level=level_obj, valid_from=valid_from or timezone.localdate(), valid_to=valid_to,
        granted_by=actor.label,
    )
    clearance.compartments.set(Compartment.objects.filter(code__in=compartments))
    clearance.agencies.set(agencies)
    record(actor=actor, action="access.clearance.grant", target=user, changes={
        "level": level, "compartments": sorted(compartments), "agencies": sorted(a.code for a in agencies),
    })
    return clearance
