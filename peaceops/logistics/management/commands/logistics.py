"""`peaceops logistics rates load [--file PATH]` and
`peaceops logistics cost --rotation ID [--delay MONTHS] [--json] --as USER`."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peaceops.access.actor import actor_for_user
from peaceops.access.context import acting_as, system_scope
from peaceops.core.errors import ServiceError

from ... import costing, selectors, services


class Command(BaseCommand):
    help = ("Logistics. rates load: load the verified reference rates shipped in the package (idempotent, all or "
            "nothing). cost: a rotation's national cost against the expected UN reimbursement, month by month, "
            "every line with its rate and source.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="area", required=True)
        rates = sub.add_parser("rates", help="reference rates")
        rates_sub = rates.add_subparsers(dest="rates_action", required=True)
        load = rates_sub.add_parser("load", help="load the shipped verified rates (idempotent)")
        load.add_argument("--file", help="a reference file (default: the one shipped in the package)")
        cost = sub.add_parser("cost", help="a rotation's cost and reimbursement")
        cost.add_argument("--rotation", required=True, help="the rotation's id")
        cost.add_argument("--delay", type=int, default=6, help="months the UN pays late (default 6)")
        cost.add_argument("--currency", default="USD", help="the estimate's currency (default USD)")
        cost.add_argument("--json", action="store_true", help="print JSON (default: a summary table)")
        cost.add_argument("--as", dest="as_user", required=True, metavar="USER",
                          help="the user this command acts as (their clearance applies)")

    def handle(self, *args, area, **options):
        if area == "rates":
            return self.load_rates(options.get("file"))
        return self.cost(**options)

    def load_rates(self, file):
        data = None
        if file:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            try:
                data = services.read_reference(path.read_text("utf-8"))
            except (ValueError, UnicodeDecodeError) as error:
                raise CommandError(f"{path}: not a JSON reference file ({error})") from error
        with system_scope("logistics: load the reference rates") as actor:
            try:
                report = services.reference_load(actor=actor, data=data)
            except ServiceError as error:
                raise CommandError(f"{error.message} — nothing was loaded") from error
        self.stdout.write(f"logistics rates (version {report.version}): {report.created} created, "
                          f"{report.updated} updated, {report.unchanged} unchanged")

    def cost(self, *, rotation, delay, currency, json: bool = False, as_user, **options):
        from django.http import Http404

        from peaceops.accounts.models import User

        user = User.objects.filter(username=as_user, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {as_user!r}")
        actor = actor_for_user(user)
        with acting_as(actor):
            found = None
            try:
                found = selectors.rotation_list(actor=actor).filter(pk=rotation).first()
            except (ValueError, Http404):
                found = None
            except Exception as error:  # a malformed id on PostgreSQL
                if "uuid" not in str(error).lower():
                    raise
            if found is None:
                raise CommandError(f"no rotation {rotation!r} that {as_user} may see")
            try:
                estimate, result = services.estimate_for_rotation(actor=actor, rotation=found,
                                                                  payment_delay_months=delay, currency=currency)
            except ServiceError as error:
                raise CommandError(str(error.message)) from error
        data = costing.estimate_dict(result)
        data["rotation"] = {"id": str(found.pk), "label": str(found)}
        if json:
            self.stdout.write(_dumps(data))
            return
        totals = data["totals"]
        self.stdout.write(f"{found}: {data['start']} – {data['end']}, {data['personnel']} personnel, "
                          f"UN pays {delay} months late")
        self.stdout.write(f"{'month':<8} {'national':>14} {'reimbursement':>14} {'received':>14} {'cash gap':>14}")
        for row in data["months"]:
            self.stdout.write(f"{row['month'][:7]:<8} {row['national']:>14} {row['reimbursement']:>14} "
                              f"{row['received']:>14} {row['gap']:>14}")
        self.stdout.write(f"national {totals['national']} · reimbursement {totals['reimbursement']} · "
                          f"net {totals['net']} · peak gap {totals['peak_gap']} {data['currency']}")
        for gap in data["gaps"]:
            self.stdout.write(f"no rate in force: {gap['label']} {gap['period_from']} – {gap['period_to']}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
