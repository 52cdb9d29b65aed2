"""Sign-in attempts in the audit trail: who (or which typed name), from where, and how it ended.

Failures are bounded by the login throttle (5 per name, 30 per address, per window), so a flood of
bad passwords cannot grow the chain without limit.
"""

from __future__ import annotations

from django.db import transaction

from peaceops.access.actor import Actor, actor_for_user
from peaceops.audit.recorder import record

OUTCOMES = frozenset({"succeeded", "password_accepted", "failed", "locked"})


def record_sign_in(*, username: str, user=None, outcome: str, ip: str) -> None:
    if outcome not in OUTCOMES:
        raise ValueError(outcome)
    actor = actor_for_user(user) if user is not None else Actor(user_id=None, username="anonymous", level=-1)
    with transaction.atomic():
        record(actor=actor, action=f"accounts.login.{outcome}", target=user,
               changes={"username": (username or "")[:150], "ip": ip})
