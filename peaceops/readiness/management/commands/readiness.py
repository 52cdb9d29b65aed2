"""`peaceops readiness load-rules [--file PATH]` and
`peaceops readiness eligible --post-type CODE --from DATE [--to DATE] [--json] --as USER`."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peaceops.access.actor import actor_for_user
from peaceops.access.context import acting_as, system_scope

from ... import selectors, services, training_cli, units_cli, wording
from ...forms import tour_from
from ...pool import eligible_pool


class Command(BaseCommand):
    help = "Load the eligibility reference data, or print a post type's eligible pool for a tour."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load-rules", help="load post types, qualification types and rule sets (idempotent)")
        load.add_argument("--file", help="a reference file (default: the one shipped in the package)")
        eligible = sub.add_parser("eligible", help="the eligible pool of a post type for a tour")
        eligible.add_argument("--post-type", required=True, help="post type code, e.g. MEM")
        eligible.add_argument("--from", dest="start", required=True, help="the tour's first day, YYYY-MM-DD")
        eligible.add_argument("--to", dest="end", help="the tour's last day (default: 12 months on)")
        eligible.add_argument("--json", action="store_true", help="print JSON (default: a table)")
        eligible.add_argument("--as", dest="as_user", required=True, metavar="USER",
                              help="the user this command acts as (their clearance applies)")
        units_cli.add_matrix_parser(sub)
        units_cli.add_unit_parsers(sub)
        training_cli.add_import_parser(sub)

    def handle(self, *args, action, **options):
        if action == "matrix":
            return units_cli.matrix_command(self, **options)
        if action == "unit":
            return units_cli.unit_command(self, **options)
        if action == "unit-evidence":
            return units_cli.unit_evidence_command(self, **options)
        if action == "import":
            return training_cli.import_command(self, **options)
        if action == "load-rules":
            return self.load_rules(options.get("file"))
        return self.eligible(**options)

    def load_rules(self, file):
        data = None
        if file:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            try:
                data = services.read_reference(path)
            except (ValueError, UnicodeDecodeError) as error:
                raise CommandError(f"{path}: not a JSON reference file ({error})") from error
        with system_scope("readiness reference data load") as actor:
            try:
                report = services.reference_load(actor=actor, data=data, source=file or "")
            except services.ReferenceError as error:
                for problem in error.problems:
                    self.stderr.write(problem)
                raise CommandError(f"{len(error.problems)} problems; nothing was loaded") from error
        self.stdout.write(f"post types changed: {report.post_types}, qualification types changed: "
                          f"{report.qualification_types}, rule sets added: {report.rule_sets}, "
                          f"unchanged rule sets: {report.unchanged}")

    def eligible(self, *, post_type, start, end, json: bool = False, as_user, **options):
        from peaceops.accounts.models import User

        user = User.objects.filter(username=as_user, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {as_user!r}")
        actor = actor_for_user(user)
        with acting_as(actor):
            post_types = list(selectors.post_type_list(actor=actor))
            form = tour_from({"post_type": post_type.upper(), "from": start, "to": end}, post_types=post_types)
            if not form.is_valid():
                problems = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in form.errors.items())
                raise CommandError(problems)
            chosen = next(p for p in post_types if p.code == form.cleaned_data["post_type"])
            tour = form.tour
            rules = selectors.rules_in_force(post_types=[chosen], on=tour.start).get(chosen.code)
            if rules is None:
                raise CommandError(f"no rule set of {chosen.code} is in force on {tour.start.isoformat()}")
            pool = eligible_pool(actor=actor, rules=rules, tour=tour)
            failing = [{"check": check, "label": wording.check_label(check, rules.types, rules.rules),
                        "requirement": wording.requirement_text(check, rules.rules, tour, rules.types),
                        "count": count, "hidden": check in pool.hidden} for check, count in pool.failing]
            people = [{"id": str(p.pk), "service_number": p.service_number, "full_name": p.full_name,
                       "rank": p.rank, "service": p.service, "unit": p.unit.code if p.unit_id else None,
                       "marking": p.marking} for p in pool.eligible]
            if json:
                self.stdout.write(_dumps({
                    "post_type": chosen.code, "tour": {"start": tour.start.isoformat(), "end": tour.end.isoformat()},
                    "rule_set": {"version": rules.rule_set.version, "valid_from": rules.rule_set.valid_from.isoformat()},
                    "eligible_count": pool.eligible_count, "not_eligible_count": pool.not_eligible_count,
                    "failing": failing, "eligible": people}))
                return
            self.stdout.write(f"{chosen.code} {tour.start.isoformat()} → {tour.end.isoformat()}: "
                              f"{pool.eligible_count} eligible, {pool.not_eligible_count} not eligible")
            for group in failing:
                self.stdout.write(f"  {group['count']:>7}  {group['label']} ({group['requirement']})")
            for person in people:
                self.stdout.write(f"{person['service_number']:<14} {person['rank']:<6} {person['full_name']}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)
