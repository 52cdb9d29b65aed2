"""`peaceops documents reindex [--batch N] [--quiet]`: rebuild the search index from the library;
`peaceops documents search-segments [--width N]`: split PostgreSQL's full-text index (search/segments.py)."""

from __future__ import annotations

import argparse
import sys


def run(argv: list[str], stdout=None) -> int:
    import django

    django.setup()
    from django.db import transaction
    from tqdm import tqdm

    from peaceops.access.context import system_scope
    from peaceops.audit.recorder import record
    from peaceops.documents.models import Document

    from .indexing import reindex_all

    stdout = stdout or sys.stdout
    parser = argparse.ArgumentParser(prog="peaceops documents reindex",
                                     description="Rebuild the full-text index of every document (maintenance).")
    parser.add_argument("--batch", type=int, default=500, help="documents per transaction (default 500)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    if args.batch < 1:
        parser.error("--batch must be positive")
    with system_scope("documents: rebuild the search index") as actor:
        total = Document.objects.unrestricted().count()
        with tqdm(total=total, unit="doc", desc="reindex", disable=args.quiet) as bar:
            totals = reindex_all(batch=args.batch, progress=bar.update)
        with transaction.atomic():
            record(actor=actor, action="documents.search.reindex", target=None, changes=totals)
    stdout.write(f"reindexed {totals['documents']} documents into {totals['entries']} index rows\n")
    return 0


def run_segments(argv: list[str], stdout=None) -> int:
    import django

    django.setup()
    from django.db import connection, transaction

    from peaceops.access.context import system_scope
    from peaceops.audit.recorder import record

    from .segments import segment_width, split

    stdout = stdout or sys.stdout
    parser = argparse.ArgumentParser(
        prog="peaceops documents search-segments",
        description="PostgreSQL: close full segments of the full-text index off its tail (maintenance; idempotent; "
                    "the daily task runs it too). Nothing to do on SQLite.")
    parser.add_argument("--width", type=int, default=None, help=f"index rows per segment (default {segment_width()})")
    args = parser.parse_args(argv)
    if args.width is not None and args.width < 1:
        parser.error("--width must be positive")
    if connection.vendor != "postgresql":
        stdout.write("nothing to do: SQLite's full-text index is not split\n")
        return 0
    with system_scope("documents: split the full-text index") as actor:
        done = split(args.width, log=lambda message: stdout.write(message + "\n"))
        with transaction.atomic():
            record(actor=actor, action="documents.search.segments", target=None, changes=done)
    stdout.write(f"{done['segments']} closed segments; created {len(done['created'])}, dropped {len(done['dropped'])}\n")
    return 0
