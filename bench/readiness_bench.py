"""Eligible pools at scale: each post type's pool for one tour window, as a persona sees it.

    PEACEOPS_HOME=… .venv/bin/python -m peaceops demo --people 200000 --quiet
    PEACEOPS_HOME=… .venv/bin/python bench/readiness_bench.py [--as planner] [--out bench/results/readiness.json]

Reports per post type: the median of 3 runs of `eligible_pool` (SQL prefilter + engine on the
candidates), the number of queries, the candidates the engine ran on, and the pool's figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings.base")


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from peaceops.access.actor import actor_for_user
    from peaceops.access.context import acting_as
    from peaceops.accounts.models import User
    from peaceops.people.models import Person
    from peaceops.readiness import eligibility as engine
    from peaceops.readiness import selectors
    from peaceops.readiness.pool import eligible_pool

    parser = argparse.ArgumentParser()
    parser.add_argument("--as", dest="persona", default="admin")
    parser.add_argument("--from", dest="start", default="2027-03-01")
    parser.add_argument("--to", dest="end", default="2028-02-29")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out")
    args = parser.parse_args()
    import datetime as dt

    tour = engine.Tour(dt.date.fromisoformat(args.start), dt.date.fromisoformat(args.end))
    actor = actor_for_user(User.objects.get(username=args.persona))
    results = []
    with acting_as(actor):
        people = Person.objects.visible_to(actor).count()
        post_types = list(selectors.post_type_list(actor=actor))
        in_force = selectors.rules_in_force(post_types=post_types, on=tour.start)
        for post_type in post_types:
            rules = in_force[post_type.code]
            times = []
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    pool = eligible_pool(actor=actor, rules=rules, tour=tour)
                    times.append(time.perf_counter() - started)
            row = {"post_type": post_type.code, "median_s": round(statistics.median(times), 3),
                   "queries": len(queries), "eligible": pool.eligible_count, "not_eligible": pool.not_eligible_count,
                   "failing": dict(pool.failing)}
            results.append(row)
            print(f"{post_type.code:<10} {row['median_s']:>7.3f} s  {row['queries']} queries  "
                  f"eligible {pool.eligible_count:>6}  not {pool.not_eligible_count:>7}")
    total = round(sum(r["median_s"] for r in results), 3)
    print(f"all {len(results)} post types: {total} s for {people} people visible to {args.persona} "
          f"({connection.vendor})")
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps({"vendor": connection.vendor, "persona": args.persona,
                                              "people_visible": people, "tour": [args.start, args.end],
                                              "total_s": total, "post_types": results}, indent=1))


if __name__ == "__main__":
    main()
