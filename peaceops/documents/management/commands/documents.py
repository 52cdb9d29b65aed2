"""`peaceops documents parse-cable FILE… --json` (saves nothing) and
`peaceops documents import PATH… --as USER [--agency CODE] [--level CODE]` (files or folders)."""

import argparse
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from peaceops.documents.parsers.cli import run as parse_cable_cli

USAGE = ("usage: peaceops documents parse-cable FILE [FILE …] [--json] [--with-status]\n"
         "       peaceops documents import PATH [PATH …] --as USER [--agency CODE] [--level CODE] [--workers N]\n"
         "       peaceops documents declassify [--date YYYY-MM-DD]\n"
         "       peaceops documents reindex [--batch N] [--quiet]\n"
         "       peaceops documents search-segments [--width N]\n")
SUFFIXES = {".txt", ".htm", ".html", ".text", ".pdf", ".docx", ""}


def default_workers() -> int:
    """Two parsing processes keep one writer busy (parsing costs less than writing); never more than
    the CPUs, which they share with the writer."""
    import os

    return min(2, os.cpu_count() or 1)


class Command(BaseCommand):
    help = "Document tools: parse-cable (prints fields, saves nothing) and import (files or folders)."

    def run_from_argv(self, argv):
        args = argv[2:]
        if args and args[0] == "parse-cable":
            sys.exit(parse_cable_cli(args[1:], sys.stdin, sys.stdout))
        if args and args[0] == "import":
            try:
                sys.exit(self.import_paths(args[1:]))
            except CommandError as error:
                sys.stderr.write(f"error: {error}\n")
                sys.exit(2)
        if args and args[0] == "declassify":
            sys.exit(self.declassify(args[1:]))
        if args and args[0] == "reindex":
            from peaceops.documents.search.cli import run as reindex_cli

            sys.exit(reindex_cli(args[1:], self.stdout))
        if args and args[0] == "search-segments":
            from peaceops.documents.search.cli import run_segments

            sys.exit(run_segments(args[1:], self.stdout))
        sys.stderr.write(USAGE)
        sys.exit(2)

    def declassify(self, argv) -> int:
        """`peaceops documents declassify [--date YYYY-MM-DD]`: the daily run, as the system (audited)."""
        import datetime as dt
        import json

        import django

        django.setup()
        from peaceops.documents.scheduled import run_declassification

        parser = argparse.ArgumentParser(prog="peaceops documents declassify")
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None,
                            help="apply the dates due on this day (default: today)")
        args = parser.parse_args(argv)
        summary = run_declassification(args.date)
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
        return 1 if summary["failed"] else 0

    def import_paths(self, argv) -> int:
        import django

        django.setup()
        from peaceops.access.actor import actor_for_user
        from peaceops.access.context import acting_as
        from peaceops.access.models import Level
        from peaceops.accounts.models import User
        from peaceops.documents.ingest import IngestError, check_size
        from peaceops.documents.services import import_files
        from peaceops.documents.services.imports import BULK_BATCH, import_failure
        from peaceops.org.models import Agency

        parser = argparse.ArgumentParser(prog="peaceops documents import")
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--as", dest="as_user", required=True)
        parser.add_argument("--agency", help="owning agency code (default: the user's first agency)")
        parser.add_argument("--level", default="UNCLASSIFIED", help="level of plain texts (cables carry their own)")
        parser.add_argument("--quiet", action="store_true")
        parser.add_argument("--batch", type=int, default=BULK_BATCH,
                            help="files per commit (each file stays all-or-nothing in its own savepoint)")
        parser.add_argument("--workers", type=int, default=default_workers(),
                            help="processes that parse files and store their originals while this one writes "
                                 "the rows (default: min(2, CPU count), here %(default)s; 0 or 1: none, "
                                 "all in this process)")
        args = parser.parse_args(argv)
        user = User.objects.filter(username=args.as_user, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {args.as_user!r}")
        actor = actor_for_user(user)
        agency_code = args.agency or (sorted(actor.agency_codes)[0] if actor.agency_codes else None)
        agency = Agency.objects.filter(code=(agency_code or "").upper()).first()
        if agency is None:
            raise CommandError("give --agency CODE (the user has no agency)")
        level = Level.objects.filter(code=args.level.upper()).first()
        if level is None:
            raise CommandError(f"unknown level {args.level!r}")
        files = []
        for raw in args.paths:
            path = Path(raw)
            if path.is_dir():
                files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            elif path.is_file():
                files.append(path)
            else:
                sys.stderr.write(f"{raw}: no such file or folder\n")
        counts = {"created": 0, "duplicate": 0, "failed": 0}
        failures = []
        def readable():
            """(name, content) of each file that can be read; the others fail here, before any reading."""
            for path in files:
                try:
                    check_size(path.stat().st_size)  # before reading: a 200 MB file is never loaded
                    content = path.read_bytes()
                except IngestError as error:
                    report(path, import_failure(path.name, error))
                except OSError:
                    report(path, import_failure(path.name, IngestError("read_error")))
                else:
                    paths.append(path)
                    yield path.name, content

        def report(path, outcome):
            counts[outcome.status] += 1
            if outcome.status == "failed":
                failures.append(f"{path}: {outcome.error}")
            bar.update(1)

        paths: list[Path] = []
        done = iter(range(len(files)))
        with acting_as(actor), tqdm(total=len(files), unit="file", disable=args.quiet, desc="import") as bar:
            import_files(actor=actor, files=readable(), owning_agency_id=agency.pk, plain_level=level.rank,
                         batch=args.batch, workers=args.workers,
                         on_outcome=lambda outcome: report(paths[next(done)], outcome))
        self.stdout.write(f"imported {counts['created']}, already present {counts['duplicate']}, "
                          f"failed {counts['failed']} (of {len(files)} files)")
        for error in failures:
            self.stderr.write(f"  {error}")
        return 1 if failures else 0

    def handle(self, *args, **options):  # pragma: no cover - run_from_argv handles everything
        raise NotImplementedError
