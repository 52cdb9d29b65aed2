"""`peaceops welfare deadlines --as USER [--json] [--all] [--on DATE]`: claim deadlines near or overdue
(or every open one with --all), over the claims that user may see."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from peaceops.access.actor import actor_for_user
from peaceops.access.context import acting_as

from ... import deadlines as pure
from ... import selectors


class Command(BaseCommand):
    help = "Welfare: claim deadlines near or overdue, as a user (their clearance applies)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        found = sub.add_parser("deadlines", help="claim deadlines near or overdue (most urgent first)")
        found.add_argument("--all", action="store_true", help="every open deadline, not only near or overdue")
        found.add_argument("--on", dest="on", help="count as if today were this date, YYYY-MM-DD")
        found.add_argument("--json", action="store_true", help="print JSON (default: a table)")
        found.add_argument("--as", dest="as_user", required=True, metavar="USER",
                           help="the user this command acts as (their clearance applies)")

    def handle(self, *args, action, as_user, **options):
        from peaceops.accounts.models import User

        user = User.objects.filter(username=as_user, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {as_user!r}")
        actor = actor_for_user(user)
        today = None
        if options.get("on"):
            try:
                today = dt.date.fromisoformat(options["on"])
            except ValueError as error:
                raise CommandError(f"--on: not a date ({error})") from error
        states = (pure.NEAR, pure.OVERDUE, pure.OPEN, pure.UNKNOWN) if options.get("all") else (pure.NEAR,
                                                                                                 pure.OVERDUE)
        with acting_as(actor):
            rows = selectors.deadline_rows(actor=actor, states=states, today=today)
            items = [{
                "claim": row.claim.reference, "claim_id": str(row.claim.pk), "kind": row.claim.kind,
                "status": row.claim.status, "incident": row.claim.casualty.incident.reference,
                "deadline": row.deadline.code, "due": row.deadline.due.isoformat() if row.deadline.due else None,
                "state": row.deadline.state, "days_left": row.deadline.days_left,
                "period_source": row.deadline.period.source if row.deadline.period else None,
                "period_verified": row.deadline.period.verified if row.deadline.period else None,
                "marking": row.claim.marking,
            } for row in rows]
        if options.get("json"):
            self.stdout.write(json.dumps({"count": len(items), "deadlines": items}, ensure_ascii=False, indent=1))
            return
        if not items:
            self.stdout.write("no claim deadline near or overdue")
            return
        for item in items:
            verified = "" if item["period_verified"] else " (period entered, not verified)"
            self.stdout.write(f"{item['state']:<8} {item['due'] or '—':<10} {item['claim']:<14} {item['deadline']:<17}"
                              f" {item['marking']}{verified}")
