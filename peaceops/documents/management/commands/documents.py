"""`peaceops documents parse-cable FILE… --json`: print the parsed fields, saving nothing.

The library itself (import, search, portion marking) arrives with the documents issue; parsing
needs no actor because it reads only the files it is given and writes nothing.
"""

import sys

from django.core.management.base import BaseCommand

from peaceops.documents.parsers.cli import run


class Command(BaseCommand):
    help = "Document tools. parse-cable FILE [FILE …] [--json] [--with-status]: parse cables, save nothing."

    def run_from_argv(self, argv):
        # argv = [prog, "documents", action, …]; the parser CLI takes the rest verbatim ('-' = stdin).
        args = argv[2:]
        if not args or args[0] != "parse-cable":
            sys.stderr.write("usage: peaceops documents parse-cable FILE [FILE …] [--json] [--with-status]\n")
            sys.exit(2)
        sys.exit(run(args[1:], sys.stdin, sys.stdout))

    def handle(self, *args, **options):  # pragma: no cover - run_from_argv handles everything
        raise NotImplementedError
