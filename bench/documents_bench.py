"""Documents: import throughput, index size and full-text search latency at 250,000 documents.

Run by bench/run.py (`--suite documents`) in a fresh process per engine:

    DJANGO_SETTINGS_MODULE=peaceops.settings.base PEACEOPS_HOME=var/bench-docs \\
        .venv/bin/python bench/documents_bench.py --engine sqlite --docs 250000 --out bench/results/documents_sqlite.json

What it does:

1. Prepares the database once: migrate if needed, the demo structure and personas, then loads
   generated cable-like documents (bench/documents_corpus.py: ~1,000 words, 8-12 portions with mixed
   levels and agencies, English cable language and Vietnamese, Zipf-like frequencies) by a bulk path:
   Document / Portion / SearchEntry rows through bulk_create, the index rows built by the real
   `search.indexing.entries_for`, the full-text structure by the real triggers (PostgreSQL: the GIN
   index is dropped for the load and rebuilt after it, then VACUUM ANALYZE).
2. Import throughput: `--import-sample` generated cables rendered as text go through the REAL
   `peaceops.documents.services.import_file` (parse, draft, service, portions, index, audit), one
   transaction per file, on the loaded database; docs/s; then they are deleted again.
3. Search: 1-, 2- and 3-term queries, terms drawn from three frequency bands, through the API
   (`/api/v1/documents/search/?q=…`, in-process test Client) for the planner (SECRET), personnel
   (CONFIDENTIAL) and the baseline `system` (the admin signed in, acting as the system actor: no
   access filter in the SQL). p50/p95 per persona x term count, and the ratio to the baseline.
4. Index size: the search table + FTS5 shadow tables (SQLite, dbstat) or table + GIN (PostgreSQL).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import hashlib
import io
import json
import os
import pstats
import random
import statistics
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings.base")

from documents_corpus import Corpus  # noqa: E402
from people_bench import baseline_actor, environment, open_system_actor, percentile, schema_drift  # noqa: E402

GOALS = {"p95_ms": 100.0, "filter_ratio": 1.5, "import_docs_per_second_sqlite": 500.0}
PERSONAS = ["planner", "personnel"]  # SECRET·MOD,VDPO and CONFIDENTIAL·VDPO,MOD
BASELINE = "system"
SCHEMA_DRIFT = 3
DRIFT_APPS = ("documents", "access", "accounts", "org", "audit", "core")
BATCH = 500
SEED = 2026


def log_to(engine):
    def log(message):
        print(f"[{engine}] {message}", file=sys.stderr, flush=True)

    return log


# --- preparation ------------------------------------------------------------------------------


def prepare(target: int, log) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from peaceops.accounts.models import User
    from peaceops.documents.models import Document

    built = {"migrated": False, "loaded": 0}
    executor = MigrationExecutor(connection)
    # Only what the documents bench needs (documents and what it depends on): another app's migration in
    # progress in the shared tree must neither stop nor be applied by a documents run.
    leaves = [node for node in executor.loader.graph.leaf_nodes() if node[0] in DRIFT_APPS]
    if not executor.loader.applied_migrations:
        # A new database: every app (the demo structure and personas below need more than the documents apps).
        log("migrate (new database: every app)")
        call_command("migrate", interactive=False, verbosity=0)
        built["migrated"] = True
    elif executor.migration_plan(leaves):
        log("migrate")
        for app in DRIFT_APPS:
            call_command("migrate", app, interactive=False, verbosity=0)
        built["migrated"] = True
    # Only the apps this bench reads and writes: another app's models waiting for their migration
    # (work in progress in the shared tree) must not stop a documents run.
    drift = [problem for problem in schema_drift()
             if any(f" {app}_" in problem for app in DRIFT_APPS)]
    if drift:
        log("the database schema differs from the models: " + "; ".join(drift[:5]))
        raise SystemExit(SCHEMA_DRIFT)
    if not User.objects.filter(username="planner").exists():
        from peaceops.access.context import system_scope
        from peaceops.demo import scenario

        log("loading the demo structure and personas")
        call_command("createcachetable", verbosity=0)
        with system_scope("bench: documents structure") as actor:
            refs = scenario.load_structure(actor)
            scenario.load_personas(actor, refs["agencies"])
    count = Document.objects.unrestricted().filter(source_name__startswith="bench-corpus").count()
    if count < target:
        log(f"loading documents: {count} stored, {target} wanted (once; later runs reuse the database)")
        started = time.perf_counter()
        bulk_load(count, target, log)
        built["loaded"] = target - count
        built["load_seconds"] = round(time.perf_counter() - started, 1)
    if connection.vendor == "sqlite" and body_not_last():
        log("rebuilding documents_searchentry with its body last (0003_search as edited; a database built before)")
        started = time.perf_counter()
        reorder_sqlite_entries()
        built["reordered_seconds"] = round(time.perf_counter() - started, 1)
    if connection.vendor == "postgresql" and (built["loaded"] or never_analyzed()):
        log("VACUUM ANALYZE")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        built["vacuum_analyze"] = True
    return built


def body_not_last() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA table_info(documents_searchentry)")
        columns = [row[1] for row in cursor.fetchall()]
    return bool(columns) and columns[-1] != "body"


def reorder_sqlite_entries() -> None:
    """Copy the index rows into a table with the body last (what migration 0003 now creates); the
    FTS5 index keeps its rowids, so only the table is rewritten, not the full-text index."""
    import importlib

    from django.db import connection

    from peaceops.documents.search.models import SearchEntry

    migration = importlib.import_module("peaceops.documents.migrations.0003_search")
    columns = ", ".join(f.column for f in SearchEntry._meta.local_concrete_fields)
    with connection.schema_editor() as editor:  # one transaction, foreign-key checks off (SQLite)
        for name in ("au", "ad", "ai"):
            editor.execute(f"DROP TRIGGER IF EXISTS documents_searchentry_{name}")
        editor.execute("DROP INDEX IF EXISTS searchentry_document_idx")
        editor.execute("ALTER TABLE documents_searchentry RENAME TO documents_searchentry_old")
        editor.create_model(SearchEntry)
        editor.execute(f"INSERT INTO documents_searchentry ({columns}) SELECT {columns} "
                       "FROM documents_searchentry_old ORDER BY id")
        editor.execute("DROP TABLE documents_searchentry_old")
        for statement in migration.SQLITE_FORWARD[1:]:  # the triggers (the FTS5 table stays)
            editor.execute(statement)


def never_analyzed() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT last_analyze IS NULL AND last_autoanalyze IS NULL FROM pg_stat_user_tables "
                       "WHERE relname = 'documents_searchentry'")
        row = cursor.fetchone()
    return bool(row and row[0])


def agency_refs() -> dict:
    from peaceops.org.models import Agency

    return {a.code: a for a in Agency.objects.all()}


def release_mask(agencies: dict, codes) -> int:
    mask = 0
    for code in codes:
        mask |= 1 << agencies[code].bit
    return mask


def bulk_load(start: int, target: int, log) -> None:
    """Documents start..target-1 through bulk_create; index rows by the real entries_for()."""
    from django.db import connection, transaction

    from peaceops.documents.models import Document, Portion
    from peaceops.documents.search import segments
    from peaceops.documents.search.indexing import entries_for
    from peaceops.documents.search.models import SearchEntry
    from peaceops.documents.services.imports import insert_rows

    corpus = Corpus(seed=SEED)
    agencies = agency_refs()
    rebuild_gin = connection.vendor == "postgresql" and target - start > 10_000
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -262144")
        elif rebuild_gin:  # every full-text index (one, or the segments and tail of search/segments.py)
            catalogue = segments.catalogue()
            for name in [segments.LEGACY_TAIL, *catalogue.invalid, *(n for _low, n in catalogue.tails),
                         *(segments.segment_name(low, high) for low, high in [*catalogue.closed, *catalogue.stray])]:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
    now = dt.datetime.now(dt.UTC)
    began = time.perf_counter()
    for first in range(start, target, BATCH):
        documents, portions, entries = [], [], []
        for index in range(first, min(first + BATCH, target)):
            generated = corpus.document(index)
            marking = {"owning_agency_id": agencies[generated.owner].pk,
                       "releasable_mask": release_mask(agencies, generated.released)}
            document = Document(
                id=uuid.UUID(int=(SEED << 64) | index), created_at=now, updated_at=now,
                kind=generated.kind, title=generated.title, language=generated.language,
                reference=generated.reference, tags=generated.tags, dated=generated.dated,
                content_hash=hashlib.sha256(f"bench-corpus-{SEED}-{index}".encode()).hexdigest(),
                source_name=f"bench-corpus-{index}.txt", level_id=generated.level,
                banner_level_id=generated.banner, **marking,
            )
            mine = [
                Portion(id=uuid.UUID(int=(SEED << 96) | (index << 8) | order), document=document, order=order,
                        created_at=now, updated_at=now,
                        number=p.number, text=p.text, level_id=p.level,
                        owning_agency_id=agencies[p.owner].pk,
                        releasable_mask=release_mask(agencies, p.released))
                for order, p in enumerate(generated.portions, start=1)
            ]
            documents.append(document)
            portions += mine
            entries += entries_for(document, mine)
        with transaction.atomic():  # one INSERT per table (the import's batch writer, which takes values)
            insert_rows(Document, [vars(d) for d in documents])
            insert_rows(Portion, [vars(p) for p in portions])
            insert_rows(SearchEntry, [vars(e) for e in entries], one_statement=True)
        done = min(first + BATCH, target)
        if (done - start) % 10_000 < BATCH or done == target:
            rate = (done - start) / (time.perf_counter() - began)
            log(f"  {done}/{target} documents ({rate:.0f}/s)")
    if rebuild_gin:  # as the daily `peaceops documents search-segments` leaves it (built here in one transaction)
        log("building the GIN index in segments")
        with transaction.atomic():
            segments.split(log=log)


# --- import throughput ------------------------------------------------------------------------


def measure_import(sample: int, log, profile: bool, mode: str = "single", workers: int = 0, batch: int = 200) -> dict:
    from peaceops.access.actor import actor_for_user
    from peaceops.access.context import acting_as, system_scope
    from peaceops.accounts.models import User
    from peaceops.documents.models import Document
    from peaceops.documents.services import import_file, import_files

    if sample <= 0:
        return {}
    corpus = Corpus(seed=SEED + 1)
    nonce = f"run{int(time.time())}"
    base = 50_000_000
    texts = [(f"bench-import-{nonce}-{i}.txt", Corpus.cable_text(corpus.document(base + i, max_level=2),
                                                                 nonce=f"{nonce}-{i}").encode())
             for i in range(sample)]
    planner = actor_for_user(User.objects.get(username="planner"))
    agency = agency_refs()["VDPO"].pk
    through = ("peaceops.documents.services.import_file, one transaction per file, planner actor" if mode == "single"
               else f"peaceops.documents.services.import_files, one INSERT executemany per table per {batch} files "
                    f"(a savepoint per batch, one per file only if the batch write is refused), a commit per batch, "
                    f"{workers or 1} parsing process(es), planner actor")
    log(f"import: {sample} generated cables through {through}")
    statuses: dict[str, int] = {}
    profiler = cProfile.Profile() if profile else None
    load_before = os.getloadavg()
    cpu_started = time.process_time()
    children_started = os.times().children_user + os.times().children_system
    started = time.perf_counter()
    with acting_as(planner):
        if profiler:
            profiler.enable()
        if mode == "single":
            for name, content in texts:
                outcome = import_file(actor=planner, name=name, content=content, owning_agency_id=agency)
                statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
        else:
            for outcome in import_files(actor=planner, files=texts, owning_agency_id=agency, batch=batch,
                                        workers=workers):
                statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
        if profiler:
            profiler.disable()
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    children = os.times().children_user + os.times().children_system - children_started
    result = {
        "mode": mode, "batch": batch if mode != "single" else 1, "workers": workers,
        "sample": sample, "seconds": round(seconds, 2), "docs_per_second": round(sample / seconds, 1),
        "cpu_seconds": round(cpu_seconds, 2), "docs_per_cpu_second": round(sample / cpu_seconds, 1),
        "worker_cpu_seconds": round(children, 2),
        "load_average_before": load_before, "load_average_during": os.getloadavg(),
        "outcomes": statuses, "bytes_per_doc": round(statistics.fmean(len(c) for _n, c in texts)),
        "through": through,
    }
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        result["profile_top_cumulative"] = out.getvalue().splitlines()[:60]
    with system_scope("bench: remove the import sample"):
        Document.objects.unrestricted().filter(source_name__startswith=f"bench-import-{nonce}").delete()
    log(f"import: {result['docs_per_second']} docs/s ({statuses})")
    return result


# --- search -----------------------------------------------------------------------------------


def query_plan(count: int, log) -> list[dict]:
    corpus = Corpus(seed=SEED)
    bands = corpus.terms_by_band()
    rng = random.Random(SEED)
    queries = []
    for terms in (1, 2, 3):
        for _ in range(count):
            chosen = [rng.choice(list(bands)) for _ in range(terms)]
            words = [rng.choice(bands[band]) for band in chosen]
            queries.append({"terms": terms, "bands": chosen, "q": " ".join(words)})
    return queries


def request(client, url):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        cpu = time.thread_time()
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        cpu = (time.thread_time() - cpu) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code} {response.content[:300]!r}")
    return elapsed, cpu, captured.captured_queries, response


def measure_search(queries: list[dict], samples: int, warmup: int, log) -> tuple[list[dict], list[dict]]:
    from django.test import Client

    from peaceops.accounts.models import User

    users = {u.username: u for u in User.objects.filter(username__in=[*PERSONAS, "admin"])}
    clients = {}
    for name in PERSONAS:
        clients[name] = Client()
        clients[name].force_login(users[name])
    clients[BASELINE] = Client()
    clients[BASELINE].force_login(users["admin"])
    system = open_system_actor()
    personas = [*PERSONAS, BASELINE]

    def context(name):
        return baseline_actor(system) if name == BASELINE else contextlib.nullcontext()

    def url(query):
        return "/api/v1/documents/search/?" + urllib.parse.urlencode({"q": query["q"]})

    log(f"search warm-up: {warmup} pass(es) over {len(queries)} queries x {len(personas)} personas")
    for _ in range(warmup):
        for name in personas:
            with context(name):
                for query in queries:
                    request(clients[name], url(query))
    cpu_times: dict[tuple[str, int], list[float]] = {}
    timings: dict[tuple[str, int], list[float]] = {}
    db_times: dict[tuple[str, int], list[float]] = {}
    per_query: dict[tuple[str, str], dict] = {}
    log(f"search: {samples} rounds, round-robin over personas")
    for _ in range(samples):
        for query in queries:
            for name in personas:
                with context(name):
                    ms, cpu, captured, response = request(clients[name], url(query))
                key = (name, query["terms"])
                timings.setdefault(key, []).append(ms)
                cpu_times.setdefault(key, []).append(cpu)
                db_times.setdefault(key, []).append(sum(float(q["time"]) for q in captured) * 1000)
                slot = per_query.setdefault((name, query["q"]), {"ms": [], "queries": len(captured)})
                slot["ms"].append(ms)
                if "count" not in slot:
                    body = response.json()
                    slot.update(count=body["count"], capped=body.get("count_capped", False),
                                results=len(body["results"]))
    rows = []
    for (name, terms), values in sorted(timings.items()):
        rows.append({
            "persona": name, "terms": terms, "samples": len(values),
            "p50_ms": round(percentile(values, 50), 2), "p95_ms": round(percentile(values, 95), 2),
            "mean_ms": round(statistics.fmean(values), 2), "max_ms": round(max(values), 2),
            "db_p50_ms": round(percentile(db_times[(name, terms)], 50), 2),
            "db_p95_ms": round(percentile(db_times[(name, terms)], 95), 2),
            "cpu_p50_ms": round(percentile(cpu_times[(name, terms)], 50), 2),
            "cpu_p95_ms": round(percentile(cpu_times[(name, terms)], 95), 2),
        })
    base = {r["terms"]: r for r in rows if r["persona"] == BASELINE}
    for row in rows:
        row["filter_ratio_p50"] = round(row["p50_ms"] / base[row["terms"]]["p50_ms"], 2)
        row["filter_ratio_p95"] = round(row["p95_ms"] / base[row["terms"]]["p95_ms"], 2)
        row["cpu_filter_ratio_p95"] = round(row["cpu_p95_ms"] / base[row["terms"]]["cpu_p95_ms"], 2)
        row["meets_p95_goal"] = row["p95_ms"] <= GOALS["p95_ms"]
        row["meets_ratio_goal"] = row["filter_ratio_p95"] <= GOALS["filter_ratio"]
    details = []
    for query in queries:
        entry = {"q": query["q"], "terms": query["terms"], "bands": query["bands"]}
        for name in personas:
            slot = per_query[(name, query["q"])]
            entry[name] = {"p50_ms": round(percentile(slot["ms"], 50), 2), "count": slot["count"],
                           "capped": slot["capped"], "results": slot["results"], "queries": slot["queries"]}
        details.append(entry)
    return rows, details


def explain_worst(details: list[dict], log) -> dict:
    """The plan of the main search query for the slowest query of the planner."""
    from django.db import connection

    from peaceops.access.actor import actor_for_user
    from peaceops.accounts.models import User
    from peaceops.documents.search import service

    worst = max(details, key=lambda d: d["planner"]["p50_ms"])
    actor = actor_for_user(User.objects.get(username="planner"))
    sql, params = service.main_sql(actor=actor, query=worst["q"], filters=None, page=1, per_page=20)
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    plan = [f"{r[0]}|{r[1]}| {r[3]}" for r in rows] if connection.vendor == "sqlite" else [r[0] for r in rows]
    return {"q": worst["q"], "planner_p50_ms": worst["planner"]["p50_ms"], "plan": plan}


def index_size() -> dict:
    from django.db import connection

    from peaceops.documents.search import segments

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, SUM(pgsize) FROM dbstat WHERE name LIKE 'documents_searchentry%' "
                           "OR name = 'searchentry_document_idx' GROUP BY name")
            parts = dict(cursor.fetchall())
            cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name IN ('documents_portion', 'documents_document')")
            library = cursor.fetchone()[0]
        else:
            parts = {}
            for name in ("documents_searchentry", "searchentry_document_idx"):
                cursor.execute("SELECT pg_total_relation_size(%s)", [name])
                parts[name] = cursor.fetchone()[0]
            catalogue = segments.catalogue()
            gin = [*(n for _low, n in catalogue.tails), *(segments.segment_name(*r) for r in catalogue.closed)]
            cursor.execute("SELECT COALESCE(SUM(pg_relation_size(c.oid)), 0) FROM pg_class c WHERE c.relname = ANY(%s)",
                           [gin])
            parts[f"full-text GIN ({len(catalogue.closed)} segments + tail)"] = gin_bytes = int(cursor.fetchone()[0])
            # The table's total includes its indexes and TOAST; keep the heap+TOAST apart for reading.
            parts["documents_searchentry (heap + toast only)"] = parts["documents_searchentry"] - gin_bytes - parts[
                "searchentry_document_idx"]
            cursor.execute("SELECT pg_total_relation_size('documents_portion') + "
                           "pg_total_relation_size('documents_document')")
            library = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM documents_searchentry")
        rows = cursor.fetchone()[0]
    if connection.vendor == "sqlite":
        total = sum(parts.values())
    else:
        total = parts["documents_searchentry"]
    return {"bytes": total, "parts": parts, "entries": rows, "library_tables_bytes": library,
            "note": "search table (text kept for snippets) + full-text structure; the library's own tables apart"}


# --- main -------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", required=True, choices=["sqlite", "postgres"])
    parser.add_argument("--docs", type=int, default=250_000)
    parser.add_argument("--queries", type=int, default=30, help="queries per term count (1, 2, 3)")
    parser.add_argument("--samples", type=int, default=3, help="timed rounds over every query and persona")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--import-sample", type=int, default=2000)
    parser.add_argument("--profile-import", action="store_true")
    parser.add_argument("--import-only", action="store_true", help="measure the import only (no search)")
    parser.add_argument("--import-modes", default="single,bulk", help="single (import_file), bulk (import_files)")
    parser.add_argument("--import-workers", type=int, default=2, help="parsing processes of the bulk import")
    parser.add_argument("--import-batch", type=int, default=200, help="files per commit of the bulk import")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--prepare-only", action="store_true")
    args = parser.parse_args(argv)
    log = log_to(args.engine)

    import django

    django.setup()
    from django.conf import settings

    expected = "sqlite" if args.engine == "sqlite" else "postgresql"
    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if not vendor.startswith(expected[:6]):
        raise SystemExit(f"--engine {args.engine} but settings use {vendor}")
    started = time.time()
    built = prepare(args.docs, log)
    if args.prepare_only:
        log(f"database ready: {built}")
        return 0
    if args.out is None:
        parser.error("--out is required")
    from peaceops.documents.models import Document

    env = environment(args.engine)
    env["documents"] = Document.objects.unrestricted().count()
    size = index_size()
    log(f"index: {size['bytes'] / 1e6:.0f} MB, {size['entries']} rows")
    imports = {}
    for mode in [m.strip() for m in args.import_modes.split(",") if m.strip()]:
        imports[mode] = measure_import(args.import_sample, log, args.profile_import, mode=mode,
                                       workers=args.import_workers if mode == "bulk" else 0, batch=args.import_batch)
    imported = imports.get("bulk") or imports.get("single") or {}
    if args.import_only:
        result = {"benchmark": "documents-import", "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                  "goals": GOALS, "environment": env | {"load_average_after": os.getloadavg()},
                  "corpus": {"documents": env["documents"]}, "import": imported, "imports": imports,
                  "import_meets_goal": bool(imported) and args.engine == "sqlite"
                  and imported["docs_per_second"] >= GOALS["import_docs_per_second_sqlite"]}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str) + "\n")
        log(f"wrote {args.out}")
        return 0
    queries = query_plan(args.queries, log)
    rows, details = measure_search(queries, args.samples, args.warmup, log)
    plan = explain_worst(details, log)
    env["load_average_after"] = os.getloadavg()
    import_goal = None
    if args.engine == "sqlite" and imported:
        import_goal = imported["docs_per_second"] >= GOALS["import_docs_per_second_sqlite"]
    result = {
        "benchmark": "documents",
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "method": ("search: in-process django.test.Client (force_login) GET /api/v1/documents/search/?q=…, time "
                   "around client.get(); queries by CaptureQueriesContext; nearest-rank percentiles; round-robin "
                   "over queries and personas after warm-up. import: services.import_file on generated cables"),
        "goals": GOALS,
        "environment": env,
        "prepared": built,
        "corpus": {"documents": env["documents"], "words_per_document": Corpus.WORDS_PER_DOCUMENT,
                   "portions_per_document": "8-12", "seed": SEED},
        "index": size,
        "import": imported,
        "imports": imports,
        "baseline": f"{BASELINE}: admin signed in, acting as the system actor (access filter off)",
        "search": rows,
        "queries": details,
        "slowest_plan": plan,
        "summary": {
            "all_meet_p95_goal": all(r["meets_p95_goal"] for r in rows),
            "all_meet_ratio_goal": all(r["meets_ratio_goal"] for r in rows if r["persona"] != BASELINE),
            "import_meets_goal": import_goal,
            "misses": [f"{r['persona']}/{r['terms']} terms: p95 {r['p95_ms']} ms, x{r['filter_ratio_p95']}"
                       for r in rows if not (r["meets_p95_goal"] and r["meets_ratio_goal"])],
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
