"""`peaceops planning solve FILE --json`: solve a plain instance file with the pure solver core.

Plan runs against real rotations arrive with the missions and planning issue; this command
reads only the file it is given and writes nothing, so it needs no actor.
"""

import sys

from django.core.management.base import BaseCommand

from peaceops.planning.solver.cli import run


class Command(BaseCommand):
    help = "Planning tools. solve FILE --json: solve an instance file; generate: a synthetic instance."

    def run_from_argv(self, argv):
        args = argv[2:]
        if not args or args[0] not in ("solve", "generate"):
            sys.stderr.write("usage: peaceops planning solve FILE --json [--time-limit S] | generate …\n")
            sys.exit(2)
        sys.exit(run(args, sys.stdin, sys.stdout))

    def handle(self, *args, **options):  # pragma: no cover - run_from_argv handles everything
        raise NotImplementedError
