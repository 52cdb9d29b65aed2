"""Scheduled work of the library: the daily declassification.

Django's task API has no clock of its own: a daily timer (cron or a systemd timer, see docs/deploy.md)
runs `peaceops documents declassify`, or enqueues this task for the workers
(`declassify_daily.enqueue()`); both run the same code as the system, for a stated reason.
"""

import datetime as dt

from django_tasks import task

REASON = "daily declassification"


def run_declassification(today: dt.date | None = None) -> dict:
    from peaceops.access.context import system_scope

    from .services import declassify_due

    with system_scope(REASON) as actor:
        return declassify_due(actor=actor, today=today).as_dict()


@task()
def declassify_daily(today: str | None = None) -> dict:
    """Apply every declassify-on date that has come; `today` (YYYY-MM-DD) defaults to the local date."""
    return run_declassification(dt.date.fromisoformat(today) if today else None)
