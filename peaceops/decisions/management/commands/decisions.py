"""`peaceops decisions load-reference | resurface [--date YYYY-MM-DD]`."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from peaceops.access.context import system_scope
from peaceops.decisions import services


class Command(BaseCommand):
    help = ("Decisions. load-reference: load the review template and the political calendar shipped in the "
            "package (idempotent). resurface: put deferred proposals whose revisit date has come back in review "
            "(run daily).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load-reference", "resurface"])
        parser.add_argument("--date", help="the day to resurface for (default today)")

    def handle(self, *args, action, date=None, **options):
        if action == "load-reference":
            with system_scope("decisions: load the review template and political calendar") as actor:
                report = services.reference_load(actor=actor)
            self.stdout.write(f"decisions reference: {report.created} created, {report.updated} updated, "
                              f"{report.unchanged} unchanged")
            return
        try:
            day = dt.date.fromisoformat(date) if date else None
        except ValueError as error:
            raise CommandError("--date must be YYYY-MM-DD") from error
        with system_scope("decisions: deferred proposals resurface on their revisit date") as actor:
            due = services.proposals_resurface(actor=actor, today=day)
        self.stdout.write(f"resurfaced {len(due)} proposal(s): {', '.join(p.reference for p in due) or '—'}")
