"""The optional second factor for privileged roles: set up, confirm, turn off, reset, check at sign-in.

Every change is audited; so is every code typed at sign-in, right or wrong (a wrong one is a
security event an auditor wants to see).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.actor import Actor, actor_for_user
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service

from . import totp
from .models import TOTPDevice, User


def may_use_second_factor(actor: Actor) -> bool:
    return not actor.is_system and bool(actor.roles & set(settings.TOTP_ROLES))


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


@service
def totp_begin(*, actor: Actor) -> TOTPDevice:
    """A fresh, unconfirmed secret for the actor (replacing an unconfirmed one)."""
    if not may_use_second_factor(actor):
        raise NotPermitted()
    if confirmed_device(actor.user):
        raise ServiceError(_("An authenticator is already set up. Turn it off first."))
    device, _created = TOTPDevice.objects.update_or_create(
        user=actor.user, defaults={"secret": totp.new_secret(), "confirmed_at": None, "last_step": -1})
    record(actor=actor, action="accounts.totp.begin", target=actor.user)
    return device


@service
def totp_confirm(*, actor: Actor, code: str) -> TOTPDevice:
    device = TOTPDevice.objects.select_for_update().filter(user=actor.user, confirmed_at__isnull=True).first()
    if device is None:
        raise ServiceError(_("Start the set-up first."))
    step = totp.matching_step(device.secret, code, after_step=device.last_step)
    if step is None:
        raise ServiceError(_("That code is not right. Check the time on your device and try again."), field="code")
    device.confirmed_at, device.last_step = timezone.now(), step
    device.save(update_fields=["confirmed_at", "last_step"])
    record(actor=actor, action="accounts.totp.confirm", target=actor.user)
    return device


@service
def totp_disable(*, actor: Actor, code: str) -> None:
    """Turning the factor off needs a current code: a stolen session alone cannot do it."""
    device = TOTPDevice.objects.select_for_update().filter(user=actor.user).first()
    if device is None:
        raise ServiceError(_("No authenticator is set up."))
    if device.confirmed and totp.matching_step(device.secret, code, after_step=device.last_step) is None:
        raise ServiceError(_("That code is not right. Check the time on your device and try again."), field="code")
    device.delete()
    record(actor=actor, action="accounts.totp.disable", target=actor.user)


@service
def totp_reset(*, actor: Actor, user: User, reason: str) -> None:
    """An administrator removes a lost authenticator (the user sets up a new one)."""
    if not actor.has_role("admin"):
        raise NotPermitted()
    if not reason.strip():
        raise ServiceError(_("Give a reason."), field="reason")
    TOTPDevice.objects.filter(user=user).delete()
    record(actor=actor, action="accounts.totp.reset", target=user, reason=reason)


def totp_check_sign_in(*, user: User, code: str) -> bool:
    """Check a sign-in code; the attempt is audited whatever its outcome."""
    actor = actor_for_user(user)
    return _check(actor=actor, user=user, code=code)


@service
def _check(*, actor: Actor, user: User, code: str) -> bool:
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    step = None if device is None else totp.matching_step(device.secret, code, after_step=device.last_step)
    if step is not None:
        device.last_step = step
        device.save(update_fields=["last_step"])
    record(actor=actor, action="accounts.login.second_factor", target=user, changes={"accepted": step is not None})
    return step is not None
