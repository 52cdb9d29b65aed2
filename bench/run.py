"""`make bench`: the people list / detail / API benchmark on SQLite and PostgreSQL, written as JSON.

    .venv/bin/python bench/run.py                       # 200,000 people, both engines, 60 samples
    .venv/bin/python bench/run.py --engines sqlite --people 20000 --samples 50

Each engine runs in its own process (bench/people_bench.py) against its own, reused database:

    SQLite      PEACEOPS_HOME=var/bench (var/bench-N for another --people N), file peaceops.sqlite3
    PostgreSQL  database peaceops_bench (peaceops_bench_N), created if absent, on
                $PEACEOPS_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/peaceops_bench)

The first run builds each database (migrate, createcachetable, `peaceops demo --people N`), which
takes minutes; later runs find the people there and go straight to measuring. A database whose
schema no longer matches the models (a migration edited in place) is dropped and rebuilt.
`--prepare-only` builds and stops (run one per engine side by side to build both at once).
Results: bench/results/people_<engine>.json (people_<engine>_N.json for another N; see bench/README.md for how to read them).

`--suite documents` runs the documents benchmark instead (bench/documents_bench.py: import throughput,
index size, search p50/p95 at 250,000 generated cables; `--docs N` for a quick run), on its own
databases: PEACEOPS_HOME=var/bench-docs (var/bench-docs-N) and peaceops_bench_docs (_N); results in
bench/results/documents_<engine>.json (documents_<engine>_N.json). `--suite people,documents` runs both.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_PEOPLE = 200_000
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/peaceops_bench"
SCHEMA_DRIFT = 3  # bench/people_bench.py: the database predates a migration edited in place


def sqlite_home(people: int) -> Path:
    return ROOT / "var" / ("bench" if people == DEFAULT_PEOPLE else f"bench-{people}")


def postgres_url(people: int) -> str:
    url = os.environ.get("PEACEOPS_BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    if people == DEFAULT_PEOPLE:
        return url
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{people}"))


def ensure_postgres_database(url: str) -> None:
    """CREATE DATABASE if absent (what `createdb -h … -U … NAME` does), via the maintenance database."""
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            print(f"[postgres] creating database {name}", file=sys.stderr)
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def rebuild(engine: str, args) -> None:
    """Throw the bench database away (its schema predates a migration edited in place)."""
    if engine == "sqlite":
        database = sqlite_home(args.people) / "peaceops.sqlite3"
        print(f"[sqlite] removing {database} to rebuild it", file=sys.stderr)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(postgres_url(args.people))
    name = parts.path.lstrip("/")
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    print(f"[postgres] dropping database {name} to rebuild it", file=sys.stderr)
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    ensure_postgres_database(postgres_url(args.people))


def run_engine(engine: str, args) -> Path | None:
    suffix = "" if args.people == DEFAULT_PEOPLE else f"_{args.people}"
    out = RESULTS / f"people_{engine}{suffix}.json"
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "peaceops.settings.base"
    home = sqlite_home(args.people)
    home.mkdir(parents=True, exist_ok=True)
    env["PEACEOPS_HOME"] = str(home)  # the Makefile exports var/; the bench keeps its own databases
    env.setdefault("PEACEOPS_LOG_LEVEL", "ERROR")
    env.pop("PEACEOPS_DEBUG", None)
    if engine == "postgres":
        url = postgres_url(args.people)
        ensure_postgres_database(url)
        env["PEACEOPS_DATABASE_URL"] = url
    else:
        env.pop("PEACEOPS_DATABASE_URL", None)
    command = [sys.executable, str(ROOT / "bench" / "people_bench.py"), "--engine", engine,
               "--people", str(args.people), "--samples", str(args.samples), "--warmup", str(args.warmup)]
    command += ["--prepare-only"] if args.prepare_only else ["--out", str(out)]
    status = subprocess.run(command, env=env, cwd=ROOT).returncode
    if status == SCHEMA_DRIFT:
        rebuild(engine, args)
        status = subprocess.run(command, env=env, cwd=ROOT).returncode
    if status != 0:
        raise SystemExit(f"[{engine}] bench/people_bench.py failed (exit status {status})")
    return None if args.prepare_only else out


DEFAULT_DOCS = 250_000


def docs_home(docs: int) -> Path:
    return ROOT / "var" / ("bench-docs" if docs == DEFAULT_DOCS else f"bench-docs-{docs}")


def docs_postgres_url(docs: int) -> str:
    parts = urllib.parse.urlsplit(os.environ.get("PEACEOPS_BENCH_POSTGRES_URL", DEFAULT_POSTGRES))
    suffix = "_docs" if docs == DEFAULT_DOCS else f"_docs_{docs}"
    return urllib.parse.urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}{suffix}"))


def run_documents(engine: str, args) -> Path | None:
    """bench/documents_bench.py in its own process, on its own reused database."""
    suffix = "" if args.docs == DEFAULT_DOCS else f"_{args.docs}"
    out = RESULTS / f"documents_{engine}{suffix}.json"
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "peaceops.settings.base"
    home = docs_home(args.docs)
    home.mkdir(parents=True, exist_ok=True)
    env["PEACEOPS_HOME"] = str(home)
    env.setdefault("PEACEOPS_LOG_LEVEL", "ERROR")
    env.pop("PEACEOPS_DEBUG", None)
    if engine == "postgres":
        url = docs_postgres_url(args.docs)
        ensure_postgres_database(url)
        env["PEACEOPS_DATABASE_URL"] = url
    else:
        env.pop("PEACEOPS_DATABASE_URL", None)
    command = [sys.executable, str(ROOT / "bench" / "documents_bench.py"), "--engine", engine,
               "--docs", str(args.docs), "--queries", str(args.queries), "--samples", str(args.doc_samples),
               "--import-sample", str(args.import_sample)]
    command += ["--prepare-only"] if args.prepare_only else ["--out", str(out)]
    status = subprocess.run(command, env=env, cwd=ROOT).returncode
    if status != 0:
        raise SystemExit(f"[{engine}] bench/documents_bench.py failed (exit status {status})"
                         + (" — schema drift: drop the bench database and rerun" if status == SCHEMA_DRIFT else ""))
    return None if args.prepare_only else out


def print_documents_table(paths: list[Path]) -> None:
    print()
    print(f"{'engine':<9}{'persona':<10}{'terms':>6}{'p50 ms':>8}{'p95 ms':>8}{'cpu p50':>8}{'cpu p95':>8}"
          f"{'x p50':>7}{'x p95':>7}  goal")
    for path in paths:
        data = json.loads(path.read_text())
        engine = data["environment"]["engine"]
        for row in data["search"]:
            ok = "ok" if row["meets_p95_goal"] and (row["persona"] == "system" or row["meets_ratio_goal"]) else "MISS"
            print(f"{engine:<9}{row['persona']:<10}{row['terms']:>6}{row['p50_ms']:>8.1f}{row['p95_ms']:>8.1f}"
                  f"{row['cpu_p50_ms']:>8.1f}{row['cpu_p95_ms']:>8.1f}{row['filter_ratio_p50']:>7.2f}"
                  f"{row['filter_ratio_p95']:>7.2f}  {ok}")
        imported, index = data.get("import") or {}, data["index"]
        print(f"  {engine}: {data['environment']['documents']} documents, index {index['bytes'] / 1e6:.0f} MB "
              f"({index['entries']} rows); import {imported.get('docs_per_second')} docs/s "
              f"({imported.get('docs_per_cpu_second')} per CPU second)")
    print()


def print_table(paths: list[Path]) -> None:
    print()
    print(f"{'engine':<9}{'persona':<9}{'endpoint':<21}{'p50 ms':>8}{'p95 ms':>8}{'db p50':>8}{'cpu p50':>8}"
          f"{'queries':>8}{'rows':>6}{'x filter p50':>13}{'x p95':>7}  goal")
    for path in paths:
        data = json.loads(path.read_text())
        engine = data["environment"]["engine"]
        for row in data["results"]:
            ok = "ok" if row["meets_p95_goal"] else "MISS"
            if not row.get("query_count_constant", True):
                ok += " (queries grow with page size)"
            print(f"{engine:<9}{row['persona']:<9}{row['endpoint']:<21}{row['p50_ms']:>8.1f}{row['p95_ms']:>8.1f}"
                  f"{row['db_p50_ms']:>8.1f}{row['cpu_p50_ms']:>8.1f}{str(row['queries']):>8}{str(row['rows']):>6}{row['filter_ratio_p50']:>13.2f}"
                  f"{row['filter_ratio_p95']:>7.2f}  {ok}")
        env = data["environment"]
        print(f"  {engine}: {env['people']} people, {env['vendor']} {env['database_version']}, "
              f"Python {env['python']}, Django {env['django']}, {env['cpu_count']} CPUs, "
              f"load {env['load_average']} -> {env['load_average_after']}, commit {env['git']['commit'][:10]}")
    print()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="People list / detail / API benchmark (JSON in bench/results/)")
    parser.add_argument("--people", type=int, default=DEFAULT_PEOPLE, help="people in the database (default 200000)")
    parser.add_argument("--engines", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--samples", type=int, default=60, help="timed requests per persona x endpoint (>= 50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests first, per persona x endpoint")
    parser.add_argument("--prepare-only", action="store_true",
                        help="build (or rebuild) the databases if needed, measure nothing")
    parser.add_argument("--suite", default="people", help="comma-separated: people, documents (default people)")
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS, help="documents for --suite documents")
    parser.add_argument("--queries", type=int, default=30, help="documents: queries per term count (1, 2, 3)")
    parser.add_argument("--doc-samples", type=int, default=3, help="documents: timed rounds over every query")
    parser.add_argument("--import-sample", type=int, default=2000, help="documents: cables through import_file")
    args = parser.parse_args(argv)
    suites = [s.strip() for s in args.suite.split(",") if s.strip()]
    if set(suites) - {"people", "documents"}:
        parser.error("--suite takes people and/or documents")
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(engines) - {"sqlite", "postgres"}
    if unknown:
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")
    if args.samples < 1:
        parser.error("--samples must be positive")
    if "people" in suites:
        paths = [run_engine(engine, args) for engine in engines]
        if not args.prepare_only:
            print_table([p for p in paths if p is not None])
    if "documents" in suites:
        paths = [run_documents(engine, args) for engine in engines]
        if not args.prepare_only:
            print_documents_table([p for p in paths if p is not None])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
