"""Eligibility at scale: the full matrix (every post type × everyone a persona sees, one tour window,
readiness/matrix.py) and, in the same run, the old way — each post type's pool one after the other.

    PEACEOPS_HOME=… .venv/bin/python -m peaceops demo --people 200000 --quiet
    PEACEOPS_HOME=… .venv/bin/python bench/readiness_bench.py [--as planner] [--out bench/results/readiness_<engine>.json]

Reports: the median (and every run) of `eligibility_matrix`, its queries, the CPU time of this process
(SQLite's work included) and, on PostgreSQL, of the server backend that ran it (read from /proc: the
server is local); the matrix by gender and the readiness dashboard built on it; per post type the median of
`eligible_pool` (SQL prefilter + engine on the candidates), its queries and figures; the sum of the
pools; the ratio pools / matrix; whether both agree on every count; the load average before and after
(the machine is shared: a load above the CPU count inflates wall times). `--skip-pools` times the
matrix alone.
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
    parser.add_argument("--skip-pools", action="store_true", help="time the matrix only")
    parser.add_argument("--pool-runs", type=int, default=1, help="runs of each pool (the old way; slow)")
    parser.add_argument("--skip-dashboard", action="store_true", help="do not time the dashboard")
    args = parser.parse_args()
    import datetime as dt

    from peaceops.readiness.matrix import eligibility_matrix

    load_before = os.getloadavg()

    tour = engine.Tour(dt.date.fromisoformat(args.start), dt.date.fromisoformat(args.end))
    actor = actor_for_user(User.objects.get(username=args.persona))
    results = []
    with acting_as(actor):
        people = Person.objects.visible_to(actor).count()
        post_types = list(selectors.post_type_list(actor=actor))
        in_force = selectors.rules_in_force(post_types=post_types, on=tour.start)
        matrix_times, matrix_cpu, parts_cpu, server_cpu = [], [], [], []
        for _ in range(args.runs):
            server = _server_cpu(connection)  # outside the captured queries
            with CaptureQueriesContext(connection) as queries:
                started, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
                matrix = eligibility_matrix(actor=actor, tour=tour, post_types=post_types)
                matrix_times.append(time.perf_counter() - started)
                matrix_cpu.append(time.process_time() - cpu)
                parts_cpu.append(_children_cpu() - children)
            if server is not None:
                server_cpu.append(_server_cpu(connection) - server)
        matrix_queries = [q["sql"][:120] for q in queries.captured_queries]
        from peaceops.readiness.matrix import _parts

        parts = _parts()
        matrix_row = {"median_s": round(statistics.median(matrix_times), 3),
                      "runs_s": [round(t, 3) for t in matrix_times], "queries": len(matrix_queries),
                      # SQLite: the grouping statement runs in this many id ranges at once, each on a
                      # connection of its own, in a forked process (not in `statements`, which are this one's)
                      "grouping_parts": parts,
                      # CPU of this process, all threads: SQLite's own work included, PostgreSQL's server not
                      "client_cpu_s": [round(t, 3) for t in matrix_cpu],
                      # CPU of the forked processes that ran the grouping parts (SQLite on a file)
                      "parts_cpu_s": [round(t, 3) for t in parts_cpu],
                      "server_cpu_s": [round(t, 3) for t in server_cpu] or None,
                      "load_during": [round(x, 2) for x in os.getloadavg()],
                      "statements": matrix_queries, "seen": matrix.seen,
                      "post_types": {r.post_type.code: {"eligible": r.eligible, "not_eligible": r.not_eligible,
                                                        "first_failing": dict(r.first_failing),
                                                        "fails": dict(r.fails)} for r in matrix.rows}}
        print(f"matrix     {matrix_row['median_s']:>7.3f} s  {len(matrix_queries)} queries + {parts} grouping part(s)  "
              f"({len(matrix.rows)} post types × {matrix.seen} people; runs {matrix_row['runs_s']}; "
              f"CPU client {matrix_row['client_cpu_s']} parts {matrix_row['parts_cpu_s']} "
              f"server {matrix_row['server_cpu_s']}; load {os.getloadavg()[0]:.2f})")
        extra = {}
        if not args.skip_dashboard:
            from peaceops.readiness.dashboard import dashboard

            for name, call in (("matrix_by_gender", lambda: eligibility_matrix(actor=actor, tour=tour,
                                                                               post_types=post_types, by_gender=True)),
                               ("dashboard", lambda: dashboard(actor=actor, today=tour.start - dt.timedelta(days=80)))):
                server = _server_cpu(connection)
                with CaptureQueriesContext(connection) as queries:
                    started, cpu = time.perf_counter(), time.process_time()
                    call()
                    wall, client = time.perf_counter() - started, time.process_time() - cpu
                extra[name] = {"s": round(wall, 3), "client_cpu_s": round(client, 3),
                               "server_cpu_s": round(_server_cpu(connection) - server, 3) if server is not None else None,
                               "queries": len(queries), "load": round(os.getloadavg()[0], 2)}
                print(f"{name:<18} {extra[name]['s']:>7.3f} s  {extra[name]['queries']} queries  "
                      f"CPU client {extra[name]['client_cpu_s']} server {extra[name]['server_cpu_s']}")
        for post_type in ([] if args.skip_pools else post_types):
            rules = in_force[post_type.code]
            times = []
            for _ in range(args.pool_runs):
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
    load_after = os.getloadavg()
    agree = all(matrix_row["post_types"][r["post_type"]]["eligible"] == r["eligible"]
                and matrix_row["post_types"][r["post_type"]]["first_failing"] == r["failing"] for r in results)
    ratio = round(total / matrix_row["median_s"], 1) if results and matrix_row["median_s"] else None
    if results:
        print(f"pools, one post type after the other: {total} s; matrix {matrix_row['median_s']} s "
              f"(×{ratio} faster); same counts: {agree}")
    print(f"{people} people visible to {args.persona} ({connection.vendor}); load average "
          f"{load_before[0]:.2f} before, {load_after[0]:.2f} after, on {os.cpu_count()} CPUs")
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
            server = cursor.fetchone()[0]
        Path(args.out).write_text(json.dumps({
            "vendor": connection.vendor, "server": server, "persona": args.persona, "people_visible": people,
            "tour": [args.start, args.end], "runs": args.runs,
            "environment": {"cpus": os.cpu_count(), "load_before": [round(x, 2) for x in load_before],
                            "load_after": [round(x, 2) for x in load_after],
                            "commit": _git("rev-parse", "--short", "HEAD"),
                            "uncommitted_files": len(_git("status", "--porcelain").splitlines())},
            "matrix": matrix_row, **extra, "pools_total_s": total if results else None, "ratio_pools_to_matrix": ratio,
            "matrix_agrees_with_pools": agree if results else None, "post_types": results}, indent=1, default=str))


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (the matrix's forked parts)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _server_cpu(connection) -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend (a local server: /proc), else None."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _git(*args) -> str:
    import subprocess

    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, cwd=Path(__file__).parent).stdout.strip()
    except OSError:
        return ""


if __name__ == "__main__":
    main()
