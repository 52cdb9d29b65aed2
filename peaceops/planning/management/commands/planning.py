"""`peaceops planning solve FILE --json` (the pure solver on a plain instance file; no actor) and
`peaceops planning run --rotation ID --as USER [--json] [--women-share S] [--max-per-unit N]
[--min-rest-months M] [--time-limit S]` (a planner run over a rotation, stored like one started on the page).
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from peaceops.planning.solver.cli import run


class Command(BaseCommand):
    help = ("Planning tools. solve FILE --json: solve an instance file; generate: a synthetic instance; "
            "run --rotation ID --as USER: plan a rotation.")

    def run_from_argv(self, argv):
        args = argv[2:]
        if args and args[0] in ("solve", "generate"):
            sys.exit(run(args, sys.stdin, sys.stdout))
        if not args or args[0] != "run":
            sys.stderr.write("usage: peaceops planning solve FILE --json [--time-limit S] | generate … | "
                             "run --rotation ID --as USER [--json]\n")
            sys.exit(2)
        super().run_from_argv(argv[:2] + args[1:])

    def add_arguments(self, parser):
        parser.add_argument("--rotation", required=True, help="the rotation's id (UUID)")
        parser.add_argument("--as", dest="as_user", required=True, metavar="USER",
                            help="the user this command acts as (their clearance and roles apply)")
        parser.add_argument("--json", action="store_true", help="print the plan as JSON")
        parser.add_argument("--women-scope", choices=["mission", "category", "requirement"])
        parser.add_argument("--women-share", type=float, help="a share for every group, 0..1")
        parser.add_argument("--max-per-unit", type=int)
        parser.add_argument("--min-rest-months", type=int)
        parser.add_argument("--time-limit", type=float, default=10.0)

    def handle(self, *args, rotation, as_user, **options):
        import uuid

        from peaceops.access.actor import actor_for_user
        from peaceops.access.context import acting_as
        from peaceops.accounts.models import User
        from peaceops.core.errors import ServiceError
        from peaceops.missions import selectors as missions

        from ... import selectors, services
        from ...api.serializers import PlanRunSerializer

        user = User.objects.filter(username=as_user, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {as_user!r}")
        actor = actor_for_user(user)
        try:
            uuid.UUID(rotation)
        except ValueError:
            raise CommandError(f"{rotation!r} is not a rotation id") from None
        with acting_as(actor):
            found = missions.rotation_list(actor=actor).filter(pk=rotation).first()
            if found is None:
                raise CommandError(f"no rotation {rotation} visible to {as_user}")
            params = {k: options[k] for k in ("women_scope", "women_share", "max_per_unit", "min_rest_months",
                                              "time_limit") if options.get(k) is not None}
            try:
                plan = services.plan_run_start(actor=actor, rotation=found, parameters=params)
            except ServiceError as error:
                raise CommandError(str(error.message)) from error
            plan = selectors.plan_get(actor=actor, pk=plan.pk)
            if options["json"]:
                data = PlanRunSerializer(plan).data
                data["choices"] = [{"person": str(c.person_id), "name": c.person.full_name,
                                    "requirement": str(c.requirement_id), "slot_index": c.slot_index,
                                    "score": c.score, "locked": c.locked}
                                   for c in selectors.plan_choices(actor=actor, plan=plan)]
                self.stdout.write(json.dumps(data, default=str, ensure_ascii=False))
            else:
                self.stdout.write(f"plan {plan.number} {plan.status} ({plan.solver_status}) filled {plan.filled}/"
                                  f"{plan.slots} objective {plan.objective} bound {plan.bound} "
                                  f"seconds {plan.seconds} {plan.error}".rstrip())
        if plan.status == "failed":
            raise CommandError(plan.error or "the plan failed")
