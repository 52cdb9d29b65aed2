"""`peaceops readiness matrix --from DATE [--to DATE] [--json] --as USER` (wired in the readiness command)."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from peaceops.access.actor import actor_for_user
from peaceops.access.context import acting_as

from .forms import tour_from
from .matrix import eligibility_matrix, matrix_dict


def add_matrix_parser(sub) -> None:
    parser = sub.add_parser("matrix", help="every post type for one tour: eligible people and failing rules")
    parser.add_argument("--from", dest="start", required=True, help="the tour's first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="end", help="the tour's last day (default: 12 months on)")
    parser.add_argument("--json", action="store_true", help="print JSON (default: a table)")
    parser.add_argument("--as", dest="as_user", required=True, metavar="USER",
                        help="the user this command acts as (their clearance applies)")


def matrix_command(command, *, start, end=None, json: bool = False, as_user, **options) -> None:
    from peaceops.accounts.models import User

    user = User.objects.filter(username=as_user, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {as_user!r}")
    actor = actor_for_user(user)
    form = tour_from({"from": start, "to": end})
    if not form.is_valid():
        raise CommandError("; ".join(f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()))
    with acting_as(actor):
        body = matrix_dict(eligibility_matrix(actor=actor, tour=form.tour))
    if json:
        command.stdout.write(_dumps(body))
        return
    tour = body["tour"]
    command.stdout.write(f"{tour['start'].isoformat()} → {tour['end'].isoformat()}: {body['seen']} people visible")
    for row in body["post_types"]:
        reasons = ", ".join(f"{c['check']} {c['fails']} ({c['fails_first']})" for c in row["checks"] if c["fails"])
        command.stdout.write(f"{row['post_type']:<10} eligible {row['eligible']:>7}  not {row['not_eligible']:>7}  "
                             f"{reasons}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str)
