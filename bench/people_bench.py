"""People list / detail / API at scale: server time and queries per request, measured in-process.

Run by bench/run.py in a fresh process per database engine (Django settings are per process):

    DJANGO_SETTINGS_MODULE=peaceops.settings.base PEACEOPS_HOME=var/bench \\
        .venv/bin/python bench/people_bench.py --engine sqlite --people 200000 --out bench/results/people_sqlite.json

What it does:

1. Prepares the database once: migrate only if migrations are pending, then createcachetable and
   `demo --people N` only if fewer than N people are stored (the demo is idempotent).
2. Signs each persona in with the Django test Client (force_login) and requests every endpoint:
   warm-up requests first, then `--samples` timed requests, round-robin over every persona x endpoint
   so that background load hits all of them alike (the ratios stay fair on a busy machine).
3. Times each request around `client.get()` (the whole in-process request: middleware, actor
   resolution, view, template or serializer; no network, no WSGI server) and captures its queries
   with CaptureQueriesContext.
4. Baseline "system": the admin user signed in, but acting as the system actor opened with
   `system_scope()`, for which ClassifiedQuerySet.visible_to() adds no condition. The actor is still
   resolved from the user first, so the query count differs only by what the access filter costs.
5. Writes JSON: environment, one row per persona x endpoint (p50/p95/mean/max ms, queries, DB ms,
   rows, the slowest query and its plan), the filtered/unfiltered ratio, and the query count at
   several page sizes.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import io
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings.base")

GOAL_P95_MS = 100.0
PERSONAS = ["planner", "health", "admin"]  # cleared, narrow, everything-but-filtered
BASELINE = "system"  # the access filter off
WARMUP = 5
SCHEMA_DRIFT = 3  # exit status: the database must be rebuilt
PERSON_LINK = re.compile(r'href="/people/[0-9a-f-]{36}/"')


@dataclasses.dataclass
class Endpoint:
    key: str
    label: str
    url: str
    # page-size parameter and the sizes at which the query count is compared (None: not a list)
    size_param: str | None = None
    sizes: tuple[int, ...] = ()


def endpoints(subject_pk) -> list[Endpoint]:
    return [
        Endpoint("people_list", "people list, service=army, 50 a page", "/people/?service=army&per_page=50",
                 "per_page", (25, 50, 100, 200)),
        Endpoint("people_search", "people list, search 'nguyen van'", "/people/?q=nguyen+van&per_page=50",
                 "per_page", (25, 50, 100, 200)),
        Endpoint("people_list_medical", "people list, service=medical, 50 a page",
                 "/people/?service=medical&per_page=50", "per_page", (25, 50, 100, 200)),
        Endpoint("person_detail", "person detail (audited read)", f"/people/{subject_pk}/"),
        Endpoint("api_people_list", "API people list, service=army, page_size=50",
                 "/api/v1/people/?service=army&page_size=50", "page_size", (10, 50, 200)),
    ]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation): p95 of 60 samples is the 57th smallest."""
    ordered = sorted(values)
    rank = max(1, int(-(-q * len(ordered) // 100)))  # ceil(q/100 * n)
    return ordered[min(rank, len(ordered)) - 1]


def git_commit() -> dict:
    def run(*args):
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    dirty = [line[3:] for line in run("status", "--porcelain").splitlines()]
    return {
        "commit": run("rev-parse", "HEAD"),
        "dirty_files": len(dirty),
        # Uncommitted application code that this run measured (bench/ and tests excluded).
        "dirty_code": sorted(p for p in dirty if p.startswith("peaceops/") and "/tests/" not in p),
    }


# --- preparation ------------------------------------------------------------------------------


def prepare(target: int, log) -> dict:
    """Build the database once; later runs find it ready and only count."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from peaceops.people.models import Person

    built = {"migrated": False, "loaded": 0, "collectstatic": False}
    plan = MigrationExecutor(connection).migration_plan(MigrationExecutor(connection).loader.graph.leaf_nodes())
    if plan:
        log(f"migrate: {len(plan)} migrations pending")
        call_command("migrate", interactive=False, verbosity=0)
        built["migrated"] = True
    drift = schema_drift()
    if drift:
        # A migration was edited in place (the project squashes them before its first release): the
        # database predates it. run.py rebuilds the database and starts again.
        log("the database schema differs from the models: " + "; ".join(drift[:5]))
        raise SystemExit(SCHEMA_DRIFT)
    count = Person.objects.unrestricted().count()
    if count < target:
        log(f"loading demo people: {count} stored, {target} wanted (once; later runs reuse the database)")
        call_command("createcachetable", verbosity=0)
        started = time.perf_counter()
        call_command("demo", people=target, quiet=True, stdout=io.StringIO())
        built["loaded"] = Person.objects.unrestricted().count() - count
        built["load_seconds"] = round(time.perf_counter() - started, 1)
    if connection.vendor == "postgresql" and (built["loaded"] or never_analyzed()):
        # What autovacuum does after a bulk load (it is off on some servers): planner statistics
        # and the visibility map (index-only scans). Without them PostgreSQL estimates ~100 rows
        # for service='army' instead of ~112,000 and picks nested loops that take a second.
        log("VACUUM ANALYZE (no planner statistics yet)")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        built["vacuum_analyze"] = True
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        call_command("collectstatic", interactive=False, verbosity=0)
        built["collectstatic"] = True
    return built


def schema_drift() -> list[str]:
    """Tables, columns and named indexes the models declare but the database lacks."""
    from django.apps import apps
    from django.db import connection

    problems = []
    introspection = connection.introspection
    with connection.cursor() as cursor:
        tables = set(introspection.table_names(cursor))
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if not meta.managed or meta.proxy:
                continue
            if meta.db_table not in tables:
                problems.append(f"table {meta.db_table} is missing")
                continue
            columns = {column.name for column in introspection.get_table_description(cursor, meta.db_table)}
            problems += [f"column {meta.db_table}.{field.column} is missing"
                         for field in meta.local_concrete_fields if field.column not in columns]
            names = set(introspection.get_constraints(cursor, meta.db_table))
            problems += [f"index {index.name} is missing" for index in meta.indexes if index.name not in names]
    return problems


def never_analyzed() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT last_analyze IS NULL AND last_autoanalyze IS NULL FROM pg_stat_user_tables "
                       "WHERE relname = 'people_person'")
        row = cursor.fetchone()
    return bool(row and row[0])


# --- actors -----------------------------------------------------------------------------------


def open_system_actor():
    """The system actor, opened once through system_scope() (which audits the opening)."""
    from peaceops.access.context import system_scope

    with system_scope("bench: people baseline without the access filter") as system:
        return system


@contextlib.contextmanager
def baseline_actor(system):
    """Make every request act as the system actor (no access filter), while still resolving the
    signed-in user's clearance first so that the query count compares like with like."""
    from peaceops.access import api as access_api
    from peaceops.access import middleware

    real = middleware.actor_for_user

    def as_system(user, **kwargs):
        real(user, **kwargs)
        return dataclasses.replace(system, user_id=user.pk, user=user)

    middleware.actor_for_user = as_system
    access_api.actor_for_user = as_system
    try:
        yield
    finally:
        middleware.actor_for_user = real
        access_api.actor_for_user = real


def detail_subject():
    """One person every persona may see, marked CONFIDENTIAL (so the read is audited: the worst case)."""
    from peaceops.access.actor import actor_for_user
    from peaceops.accounts.models import User
    from peaceops.people.models import Person

    queryset = Person.objects.unrestricted().filter(level_id__gte=1)
    for name in PERSONAS:
        actor = actor_for_user(User.objects.get(username=name))
        queryset = queryset.filter(pk__in=Person.objects.visible_to(actor).values("pk"))
    subject = queryset.order_by("service_number").first()
    if subject is None:
        raise SystemExit("no person is visible to every persona: load the demo with more people")
    return subject


def visible_counts() -> dict:
    from peaceops.access.actor import actor_for_user
    from peaceops.accounts.models import User
    from peaceops.people.models import Person

    total = Person.objects.unrestricted().count()
    counts = {"total": total}
    for name in PERSONAS:
        actor = actor_for_user(User.objects.get(username=name))
        visible = Person.objects.visible_to(actor)
        counts[name] = {
            "visible": visible.count(),
            "visible_army": visible.filter(service="army").count(),
            "visible_medical": visible.filter(service="medical").count(),
            "share": None,
        }
        counts[name]["share"] = round(counts[name]["visible"] / total, 3) if total else None
    return counts


# --- measuring --------------------------------------------------------------------------------


def request(client, url):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    # CaptureQueriesContext keeps request_started from clearing the query log, which holds at most
    # 9000 entries: once full, every capture would come back empty. Clear it before each request.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        cpu = time.thread_time()
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        cpu = (time.thread_time() - cpu) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    if not captured.captured_queries:
        raise SystemExit(f"{url}: no queries captured (the query log is not being recorded)")
    return elapsed, cpu, captured.captured_queries, response


def rows_of(response, is_list: bool) -> int | None:
    if not is_list:
        return None
    if response.get("Content-Type", "").startswith("application/json"):
        return len(response.json().get("results", []))
    return len(PERSON_LINK.findall(response.content.decode()))


def with_size(url: str, param: str, size: int) -> str:
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query[param] = str(size)
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def explain(sql: str) -> list[str]:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":
        return [f"{row[0]}|{row[1]}| {row[3]}" for row in rows]
    return [row[0] for row in rows]


def summarise(samples: list[dict], first_queries: list[dict]) -> dict:
    times = [s["ms"] for s in samples]
    cpu = [s["cpu_ms"] for s in samples]
    db = [s["db_ms"] for s in samples]
    counts = sorted({s["queries"] for s in samples})
    # Per query position: median time, to name the query that costs the most.
    per_position: dict[int, list[float]] = {}
    for s in samples:
        for position, seconds in enumerate(s["query_times"]):
            per_position.setdefault(position, []).append(seconds)
    medians = {p: statistics.median(v) * 1000 for p, v in per_position.items()}
    selects = [p for p in medians if first_queries[p]["sql"].lstrip().upper().startswith("SELECT")]
    slowest = max(selects, key=lambda p: medians[p]) if selects else None
    return {
        "samples": len(times),
        "p50_ms": round(percentile(times, 50), 2),
        "p95_ms": round(percentile(times, 95), 2),
        "mean_ms": round(statistics.fmean(times), 2),
        "min_ms": round(min(times), 2),
        "max_ms": round(max(times), 2),
        "db_p50_ms": round(percentile(db, 50), 2),
        "db_p95_ms": round(percentile(db, 95), 2),
        "cpu_p50_ms": round(percentile(cpu, 50), 2),
        "queries": counts[0] if len(counts) == 1 else counts,
        "query_medians_ms": [round(medians[p], 2) for p in sorted(medians)],
        "slowest_select": None if slowest is None else {
            "position": slowest,
            "median_ms": round(medians[slowest], 2),
            "sql": first_queries[slowest]["sql"],
        },
    }


def measure(samples: int, warmup: int, log) -> tuple[list[dict], dict]:
    from django.test import Client

    from peaceops.accounts.models import User

    subject = detail_subject()
    plan = endpoints(subject.pk)
    users = {u.username: u for u in User.objects.filter(username__in=PERSONAS)}
    clients = {}
    for name in PERSONAS:
        clients[name] = Client()
        clients[name].force_login(users[name])
    clients[BASELINE] = Client()
    clients[BASELINE].force_login(users["admin"])

    system = open_system_actor()

    def persona_context(name):
        return baseline_actor(system) if name == BASELINE else contextlib.nullcontext()

    personas = [*PERSONAS, BASELINE]
    results: dict[tuple[str, str], dict] = {}
    for name in personas:
        for endpoint in plan:
            results[(name, endpoint.key)] = {"samples": [], "first_queries": None, "rows": None}

    log(f"warm-up: {warmup} requests per persona x endpoint")
    for name in personas:
        with persona_context(name):
            for endpoint in plan:
                for _ in range(warmup):
                    request(clients[name], endpoint.url)

    log(f"measuring: {samples} samples x {len(personas)} personas x {len(plan)} endpoints, round-robin")
    for round_number in range(samples):
        for name in personas:
            with persona_context(name):
                for endpoint in plan:
                    ms, cpu, queries, response = request(clients[name], endpoint.url)
                    slot = results[(name, endpoint.key)]
                    slot["samples"].append({
                        "ms": ms,
                        "cpu_ms": cpu,
                        "queries": len(queries),
                        "db_ms": sum(float(q["time"]) for q in queries) * 1000,
                        "query_times": [float(q["time"]) for q in queries],
                    })
                    if slot["first_queries"] is None:
                        slot["first_queries"] = queries
                        slot["rows"] = rows_of(response, endpoint.size_param is not None)
        if (round_number + 1) % 10 == 0:
            log(f"  {round_number + 1}/{samples}")

    log("query count at several page sizes, and plans of the slowest selects")
    rows = []
    for name in personas:
        with persona_context(name):
            for endpoint in plan:
                slot = results[(name, endpoint.key)]
                row = {"persona": name, "endpoint": endpoint.key, "label": endpoint.label, "url": endpoint.url,
                       "rows": slot["rows"], **summarise(slot["samples"], slot["first_queries"])}
                if endpoint.size_param:
                    by_size = {}
                    for size in endpoint.sizes:
                        url = with_size(endpoint.url, endpoint.size_param, size)
                        request(clients[name], url)
                        _ms, _cpu, queries, response = request(clients[name], url)
                        by_size[str(size)] = {"queries": len(queries), "rows": rows_of(response, True)}
                    row["queries_by_page_size"] = by_size
                    row["query_count_constant"] = len({v["queries"] for v in by_size.values()}) == 1
                if row["slowest_select"]:
                    row["slowest_select"]["plan"] = explain(row["slowest_select"]["sql"])
                row["meets_p95_goal"] = row["p95_ms"] <= GOAL_P95_MS
                rows.append(row)

    baseline = {r["endpoint"]: r for r in rows if r["persona"] == BASELINE}
    for row in rows:
        base = baseline[row["endpoint"]]
        row["filter_ratio_p50"] = round(row["p50_ms"] / base["p50_ms"], 2)
        row["filter_ratio_p95"] = round(row["p95_ms"] / base["p95_ms"], 2)
    return rows, {"detail_subject": {"pk": str(subject.pk), "service_number": subject.service_number,
                                     "level": subject.level_id}}


def environment(engine: str) -> dict:
    import django
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        version = sqlite3.sqlite_version
        name = Path(connection.settings_dict["NAME"]).name
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        name = connection.settings_dict["NAME"]
    return {
        "engine": engine,
        "vendor": connection.vendor,
        "database_version": version,
        "database": name,
        "python": platform.python_version(),
        "django": django.get_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "git": git_commit(),
        "settings": os.environ.get("DJANGO_SETTINGS_MODULE"),
        "debug": False,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", required=True, choices=["sqlite", "postgres"])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=WARMUP)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--prepare-only", action="store_true", help="build the database if needed, then stop")
    args = parser.parse_args(argv)

    def log(message):
        print(f"[{args.engine}] {message}", file=sys.stderr, flush=True)

    import django

    django.setup()
    from django.conf import settings

    expected = "sqlite" if args.engine == "sqlite" else "postgresql"
    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if not vendor.startswith(expected[:6]):
        raise SystemExit(f"--engine {args.engine} but settings use {vendor}")

    started = time.time()
    built = prepare(args.people, log)
    if args.prepare_only:
        log(f"database ready: {built}")
        return 0
    if args.out is None:
        parser.error("--out is required")
    env = environment(args.engine)
    counts = visible_counts()
    env["people"] = counts["total"]
    if counts["total"] < args.people:
        raise SystemExit(f"only {counts['total']} people stored, {args.people} wanted")
    rows, extra = measure(args.samples, args.warmup, log)
    env["load_average_after"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    result = {
        "benchmark": "people",
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "method": ("in-process django.test.Client (force_login) per request; time around client.get(); "
                   "queries by CaptureQueriesContext; nearest-rank percentiles; round-robin over personas "
                   "and endpoints after warm-up"),
        "goal": {"p95_ms": GOAL_P95_MS, "query_count": "independent of page size"},
        "environment": env,
        "prepared": built,
        "visible": counts,
        **extra,
        "baseline": f"{BASELINE}: admin signed in, acting as the system actor (access filter off)",
        "results": rows,
        "summary": {
            "all_meet_p95_goal": all(r["meets_p95_goal"] for r in rows),
            "misses": [f"{r['persona']}/{r['endpoint']}: p95 {r['p95_ms']} ms" for r in rows
                       if not r["meets_p95_goal"]],
            "query_counts_constant": all(r.get("query_count_constant", True) for r in rows),
        },
        "seconds": round(time.time() - started, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str) + "\n")
    tmp.replace(args.out)
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
