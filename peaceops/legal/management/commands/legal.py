"""`peaceops legal compliance --rotation ID --as USER [--json]`: a rotation's legal checklist as that user sees it."""

from __future__ import annotations

import json
import uuid

from django.core.management.base import BaseCommand, CommandError

from peaceops.access.actor import actor_for_user
from peaceops.access.context import acting_as

from ... import selectors


class Command(BaseCommand):
    help = "Legal: the compliance checklist of a rotation, as a user (their clearance applies)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        found = sub.add_parser("compliance", help="a rotation's legal checklist")
        found.add_argument("--rotation", required=True, help="the rotation's id")
        found.add_argument("--json", action="store_true", help="print JSON (default: a table)")
        found.add_argument("--as", dest="as_user", required=True, metavar="USER",
                           help="the user this command acts as (their clearance applies)")

    def handle(self, *args, action, as_user, rotation, **options):
        from peaceops.accounts.models import User

        user = User.objects.filter(username=as_user, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {as_user!r}")
        try:
            rotation_id = uuid.UUID(rotation)
        except ValueError as error:
            raise CommandError(f"--rotation: not a rotation id ({error})") from error
        actor = actor_for_user(user)
        with acting_as(actor):
            rotations = selectors.rotation_list(actor=actor).filter(pk=rotation_id)
            checklists = selectors.compliance_for(actor=actor, rotations=rotations)
            if not checklists:
                raise CommandError(f"no rotation {rotation}")
            checklist = checklists[0]
            result = {"rotation": str(checklist.rotation.pk), "label": str(checklist.rotation),
                      "ok": checklist.ok, "done": checklist.done, "total": len(checklist.rows),
                      "items": [{"item": r.item, "ok": r.ok, "reason": r.reason, "evidence": r.evidence}
                                for r in checklist.rows]}
        if options.get("json"):
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
            return
        self.stdout.write(f"{result['label']}: {result['done']}/{result['total']} done")
        for item in result["items"]:
            self.stdout.write(f"  {'OK ' if item['ok'] else 'NO '} {item['item']:<18} {item['evidence'] or item['reason']}")
