"""Concurrent writers against a real SQLite file, for tests/test_concurrent_writers.py.

Run with PEACEOPS_HOME pointing at a migrated database (`peaceops migrate`, `peaceops demo --people 0`)
and DJANGO_SETTINGS_MODULE=peaceops.settings.base, so that the project's SQLite options apply
(WAL, `transaction_mode=IMMEDIATE`, timeout 30):

    python tests/concurrency_worker.py --writers 20 --writes 10 [--threads]

Each writer is a forked process (or a thread with --threads) with its own database connection. They
wait at a barrier, then each creates `--writes` people through `people.services.person_create` as
the `planner` persona. Prints one JSON object: the writers' figures and every error they met.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import sys
import threading
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings.base")
    import django

    django.setup()


def write_people(writer: int, writes: int, barrier, results) -> None:
    """One writer: its own connection, `writes` people, every error kept with its message."""
    from django.db import connections

    from peaceops.access.actor import actor_for_user
    from peaceops.access.marking import Marking
    from peaceops.accounts.models import User
    from peaceops.org.models import Agency
    from peaceops.people.services import PersonData, person_create

    created, errors, waited = 0, [], 0.0
    try:
        actor = actor_for_user(User.objects.get(username="planner"))
        vdpo = Agency.objects.get(code="VDPO")
        barrier.wait(timeout=120)
        for index in range(writes):
            number = f"CW-{writer:02d}-{index:03d}"
            data = PersonData(service="army", rank="OF-2", service_number=number, family_name="Đồng",
                              middle_name="Thời", given_name=f"Ghi{writer:02d}x{index:03d}", gender="M",
                              date_of_birth=dt.date(1990, 1, 1 + index % 28))
            started = time.monotonic()
            try:
                person_create(actor=actor, data=data, marking=Marking(level=1, owning_agency_id=vdpo.pk))
                created += 1
            except Exception as error:  # noqa: BLE001 - every failure is a finding
                errors.append(f"{number}: {type(error).__name__}: {error}")
            waited = max(waited, time.monotonic() - started)
    except Exception:  # noqa: BLE001
        errors.append(traceback.format_exc())
    finally:
        connections.close_all()
    results.put({"writer": writer, "created": created, "errors": errors, "slowest_write_s": round(waited, 3)})


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--writes", type=int, default=10)
    parser.add_argument("--threads", action="store_true", help="threads instead of forked processes")
    options = parser.parse_args()

    setup()
    from django.db import connection, connections

    settings_dict = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
    connections.close_all()  # no connection may cross a fork

    if options.threads:
        import queue

        results, barrier = queue.Queue(), threading.Barrier(options.writers)
        workers = [threading.Thread(target=write_people, args=(w, options.writes, barrier, results))
                   for w in range(options.writers)]
    else:
        context = multiprocessing.get_context("fork")
        results, barrier = context.Queue(), context.Barrier(options.writers)
        workers = [context.Process(target=write_people, args=(w, options.writes, barrier, results))
                   for w in range(options.writers)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    elapsed = time.monotonic() - started
    print(json.dumps({
        "engine": settings_dict["ENGINE"],
        "options": {k: v for k, v in settings_dict.get("OPTIONS", {}).items() if k != "init_command"},
        "journal_mode": journal_mode,
        "mode": "threads" if options.threads else "processes",
        "writers": options.writers,
        "writes_each": options.writes,
        "created": sum(r["created"] for r in reports),
        "errors": [e for r in sorted(reports, key=lambda r: r["writer"]) for e in r["errors"]],
        "slowest_write_s": max(r["slowest_write_s"] for r in reports),
        "seconds": round(elapsed, 2),
        "exit_codes": [getattr(w, "exitcode", 0) for w in workers],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
