"""Backup and restore: a consistent, checksummed, online snapshot of the database and stored files.

A backup is a directory:

    peaceops-backup-20261123T091500Z/
        manifest.json        what is in it: sha256 and size of every other file, the engine, the latest
                             migration per app, the audit chain head, row counts, when it was made
        database.sqlite3     SQLite: a copy made with the online backup API (a consistent snapshot)
        database.pgdump      PostgreSQL: `pg_dump --format=custom` from an exported snapshot
        files/...            the files under PEACEOPS_HOME/files

The backup first records `core.backup.create` in the audit trail, so the snapshot holds its own
record. Everything the manifest says about the database (migrations, audit head, row counts) is
read from the snapshot itself, not from the live database, which may have moved on.

Restore checks every checksum before it touches anything and refuses on the first doubt. It then
replaces the database (SQLite: atomically, one rename; PostgreSQL: `pg_restore --clean` in one
transaction) and the stored files, proves the audit chain (`audit verify`) and that it holds the
backup's head, compares the row counts, and records `core.backup.restore`.

See docs/backup.md for how to use it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, transaction

MANIFEST = "manifest.json"
FORMAT = 1
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
FILES_DIR = "files"
CHUNK = 1024 * 1024
# Django connection OPTIONS that are not libpq connection parameters.
NOT_LIBPQ = {"pool", "isolation_level", "server_side_binding", "assume_role", "cursor_factory", "prepare_threshold",
             "client_encoding"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class BackupResult:
    directory: Path
    manifest: dict
    seconds: float

    @property
    def database_bytes(self) -> int:
        return self.manifest["database"]["size"]

    @property
    def files_bytes(self) -> int:
        return sum(f["size"] for name, f in self.manifest["files"].items() if name.startswith(FILES_DIR + "/"))

    @property
    def files_count(self) -> int:
        return sum(1 for name in self.manifest["files"] if name.startswith(FILES_DIR + "/"))


@dataclass
class RestoreResult:
    directory: Path
    manifest: dict
    seconds: float
    audit_ok: bool
    audit_checked: int
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.audit_ok and not self.problems


# --- helpers ------------------------------------------------------------------------------------

def engine() -> str:
    vendor = connections["default"].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def files_root() -> Path:
    return Path(getattr(settings, "FILES_ROOT", Path(settings.HOME) / "files"))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_tree(source: Path, target: Path) -> None:
    """Copy regular files (no symlinks followed out of the tree), keeping times; directories 0700."""
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not source.is_dir():
        return
    for root, dirs, names in os.walk(source):
        rel = Path(root).relative_to(source)
        for name in dirs:
            (target / rel / name).mkdir(mode=0o700, exist_ok=True)
        for name in names:
            path = Path(root) / name
            if path.is_symlink() or not path.is_file():
                continue
            shutil.copy2(path, target / rel / name)


def _listed_files(directory: Path) -> list[str]:
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*")
                  if p.is_file() or p.is_symlink())


def _pg_settings() -> tuple[str, dict]:
    """A libpq connection string (without the password) and an environment for pg_dump/pg_restore."""
    from psycopg.conninfo import make_conninfo

    db = settings.DATABASES["default"]
    params = {"dbname": db.get("NAME"), "host": db.get("HOST"), "port": db.get("PORT"), "user": db.get("USER")}
    for key, value in (db.get("OPTIONS") or {}).items():
        if key not in NOT_LIBPQ and isinstance(value, (str, int)) and not isinstance(value, bool):
            params[key] = value
    conninfo = make_conninfo(**{k: str(v) for k, v in params.items() if v not in (None, "")})
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return conninfo, env


def _run(command: list[str], env: dict, what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} failed ({command[0]} exit {result.returncode}):\n{result.stderr.strip()}")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (PostgreSQL client tools are needed for backup and restore)")
    return found


def _latest_migrations(rows) -> dict[str, str]:
    """The migration applied last per app, from (app, name) rows in the order they were applied."""
    latest: dict[str, str] = {}
    for app, name in rows:
        latest[app] = name
    return dict(sorted(latest.items()))


def _database_state(cursor, tables: list[str], quote: Callable[[str], str]) -> dict:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY applied, id")
    migrations = _latest_migrations(cursor.fetchall())
    cursor.execute("SELECT seq, hash FROM audit_audithead WHERE id = 1")
    row = cursor.fetchone()
    head = {"seq": int(row[0]), "hash": row[1]} if row else {"seq": 0, "hash": "0" * 64}
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (names from the catalogue)
        counts[table] = int(cursor.fetchone()[0])
    return {"migrations": migrations, "audit_head": head, "row_counts": counts}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- backup -------------------------------------------------------------------------------------

def _snapshot_sqlite(target: Path) -> dict:
    source_path = Path(settings.DATABASES["default"]["NAME"])
    if not source_path.exists():
        raise BackupError(f"there is no database at {source_path}")
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1): the copy is taken under a single read transaction, so it is consistent
        # even while writers carry on (WAL mode lets them).
        source.backup(copy, pages=-1)
    finally:
        source.close()
    try:
        check = copy.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"the snapshot fails SQLite's quick_check: {check}")
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        tables = [r[0] for r in cursor.fetchall()]
        state = _database_state(cursor, tables, _quote)
    finally:
        copy.close()
    target.chmod(0o600)
    return state


def _snapshot_postgresql(target: Path) -> dict:
    """pg_dump from a snapshot exported by a repeatable-read transaction, which the manifest is read from."""
    conninfo, env = _pg_settings()
    pg_dump = _tool("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
        tables = [r[0] for r in cursor.fetchall()]
        state = _database_state(cursor, tables, _quote)
        state["server_version"] = connection.connection.info.server_version
        _run([pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={target}",
              f"--dbname={conninfo}"], env, "pg_dump")
    target.chmod(0o600)
    return state


def create_backup(output: Path | None = None, *, reason: str = "backup") -> BackupResult:
    """Write a new backup directory inside `output` (default PEACEOPS_HOME/backups) and return it."""
    from peaceops.access.context import system_scope
    from peaceops.audit.recorder import record

    started = time.monotonic()
    vendor = engine()
    output = Path(output) if output else Path(settings.HOME) / "backups"
    output.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    name = f"peaceops-backup-{now:%Y%m%dT%H%M%S}{now.microsecond // 1000:03d}Z"
    final = output / name
    if final.exists():
        raise BackupError(f"{final} already exists")
    partial = output / f".{name}.partial"
    partial.mkdir(mode=0o700)
    try:
        # Recorded first, so that the snapshot holds the record of its own making.
        with system_scope(f"backup to {final}") as actor, transaction.atomic():
            record(actor=actor, action="core.backup.create", reason=reason,
                   changes={"directory": str(final), "engine": vendor})

        database_file = SQLITE_FILE if vendor == "sqlite" else PG_FILE
        if vendor == "sqlite":
            state = _snapshot_sqlite(partial / database_file)
        else:
            state = _snapshot_postgresql(partial / database_file)
        # Files after the database: a file added meanwhile is an unreferenced extra, never a missing one.
        _copy_tree(files_root(), partial / FILES_DIR)

        checksums = {}
        for rel in _listed_files(partial):
            path = partial / rel
            if path.is_symlink():
                raise BackupError(f"unexpected symbolic link in the backup: {rel}")
            checksums[rel] = {"sha256": sha256_of(path), "size": path.stat().st_size}
        manifest = {
            "format": FORMAT,
            "application": "peaceops",
            "created_at": now.isoformat(timespec="seconds"),
            "engine": vendor,
            "database": {"file": database_file, "size": checksums[database_file]["size"],
                         **({"server_version": state.pop("server_version")} if "server_version" in state else {})},
            "migrations": state["migrations"],
            "audit_head": state["audit_head"],
            "row_counts": state["row_counts"],
            "files": checksums,
        }
        manifest_path = partial / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        manifest_path.chmod(0o600)
        for rel in [*checksums, MANIFEST]:
            _fsync(partial / rel)
        os.rename(partial, final)  # a backup directory without `.partial` is complete
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return BackupResult(final, manifest, time.monotonic() - started)


# --- verify -------------------------------------------------------------------------------------

def load_manifest(directory: Path) -> dict:
    path = Path(directory) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{directory} is not a PeaceOps backup: it has no {MANIFEST}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise BackupError(f"{path} is not valid JSON: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("application") != "peaceops":
        raise BackupError(f"{path} is not a PeaceOps backup manifest")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')!r} is not supported (this version reads {FORMAT})")
    return manifest


def verify_backup(directory: Path) -> tuple[dict, list[str]]:
    """Check every file against the manifest: returns the manifest and the problems (empty = intact)."""
    directory = Path(directory)
    manifest = load_manifest(directory)
    listed = manifest.get("files") or {}
    problems = []
    for rel, expected in sorted(listed.items()):
        path = directory / rel
        if Path(rel).is_absolute() or ".." in Path(rel).parts:
            problems.append(f"{rel}: a path outside the backup")
            continue
        if path.is_symlink() or not path.is_file():
            problems.append(f"{rel}: missing")
            continue
        size = path.stat().st_size
        if size != expected.get("size"):
            problems.append(f"{rel}: size {size}, the manifest says {expected.get('size')}")
            continue
        if sha256_of(path) != expected.get("sha256"):
            problems.append(f"{rel}: checksum does not match the manifest")
    for rel in _listed_files(directory):
        if rel != MANIFEST and rel not in listed:
            problems.append(f"{rel}: not in the manifest")
    database_file = (manifest.get("database") or {}).get("file")
    if database_file not in listed:
        problems.append("the manifest lists no database file")
    return manifest, problems


# --- restore ------------------------------------------------------------------------------------

def _code_migrations() -> tuple[dict[str, str], set[tuple[str, str]]]:
    """The code's latest migration per app, and every migration it knows."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return dict(loader.graph.leaf_nodes()), set(loader.disk_migrations)


def _restore_sqlite(directory: Path, manifest: dict, notes: list[str]) -> None:
    target = Path(settings.DATABASES["default"]["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = target.with_name(target.name + ".restoring")
    shutil.copy2(directory / manifest["database"]["file"], incoming)
    incoming.chmod(0o600)
    _fsync(incoming)
    connections.close_all()
    if target.exists():
        # Fold the write-ahead log into the old file, so that no stale -wal is left to replay onto the new one.
        old = sqlite3.connect(target, timeout=30)
        try:
            old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            old.close()
        kept = target.with_name(f"{target.name}.pre-restore-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}")
        os.link(target, kept)
        notes.append(f"the database as it was before the restore is kept as {kept}")
    for suffix in ("-wal", "-shm"):
        stale = target.with_name(target.name + suffix)
        if stale.exists():
            stale.unlink()
    os.replace(incoming, target)  # atomic: readers see the old database or the restored one
    _fsync(target.parent)


def _restore_postgresql(directory: Path, manifest: dict, notes: list[str]) -> None:
    from peaceops.audit import triggers

    conninfo, env = _pg_settings()
    pg_restore = _tool("pg_restore")
    # The append-only triggers refuse DELETE and TRUNCATE on audit rows: take them off for the restore
    # and put them back after, whatever happens.
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('audit_auditevent') IS NOT NULL")
        has_audit = cursor.fetchone()[0]
    if has_audit:
        triggers.remove(connection)
    connections.close_all()
    try:
        _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
              "--no-password", f"--dbname={conninfo}", str(directory / manifest["database"]["file"])],
             env, "pg_restore")
    finally:
        triggers.install(connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        extra = sorted({r[0] for r in cursor.fetchall()} - set(manifest["row_counts"]))
    if extra:
        notes.append("tables not in the backup were left in place (from later migrations?): " + ", ".join(extra))


def _stage_files(directory: Path, manifest: dict) -> Path:
    """Copy the backup's stored files beside the live ones, ready to swap in."""
    root = files_root()
    incoming = root.with_name(root.name + ".restoring")
    if incoming.exists():
        shutil.rmtree(incoming)
    incoming.mkdir(mode=0o700, parents=True)
    for rel in manifest["files"]:
        if rel.startswith(FILES_DIR + "/"):
            target = incoming / rel[len(FILES_DIR) + 1:]
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copy2(directory / rel, target)
    return incoming


def _swap_files(incoming: Path, notes: list[str]) -> None:
    root = files_root()
    if root.exists():
        kept = root.with_name(f"{root.name}.pre-restore-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}")
        os.rename(root, kept)
        notes.append(f"the stored files as they were before the restore are kept in {kept}")
    os.rename(incoming, root)


def _check_restored(manifest: dict, result: RestoreResult) -> None:
    """Audit chain intact and holding the backup's head; row counts as in the backup."""
    from peaceops.audit.models import AuditEvent
    from peaceops.audit.verify import verify_chain

    verified = verify_chain()
    result.audit_ok, result.audit_checked = verified.ok, verified.checked
    if not verified.ok:
        result.problems.append(f"audit chain broken at row {verified.first_bad_seq}: {verified.problem}")
    head = manifest["audit_head"]
    if head["seq"]:
        event = AuditEvent.objects.filter(seq=head["seq"]).first()
        if event is None or event.hash != head["hash"]:
            result.problems.append(f"the restored audit trail does not hold the backup's head (row {head['seq']})")
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table, expected in sorted(manifest["row_counts"].items()):
            if table not in tables:
                result.problems.append(f"table {table} is missing after the restore")
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            count = cursor.fetchone()[0]
            if count != expected:
                result.problems.append(f"table {table}: {count} rows, the backup had {expected}")


def restore_backup(directory: Path) -> RestoreResult:
    """Verify the backup, then replace the database and stored files with it; refuses on any mismatch."""
    from peaceops.access.context import system_scope
    from peaceops.audit.recorder import record

    started = time.monotonic()
    directory = Path(directory).resolve()
    manifest, problems = verify_backup(directory)
    if problems:
        raise BackupError("the backup is damaged or was changed; nothing was restored:\n  " + "\n  ".join(problems))
    vendor = engine()
    if manifest["engine"] != vendor:
        raise BackupError(f"this is a {manifest['engine']} backup and the configured database is {vendor}")
    latest, known = _code_migrations()
    ahead = [f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in known]
    if ahead:
        raise BackupError("the backup was made by a newer version (unknown migrations: " + ", ".join(ahead)
                          + "); upgrade PeaceOps first")
    notes: list[str] = []
    # Everything that can fail slowly (copying) happens before the database is touched.
    incoming_files = _stage_files(directory, manifest)
    try:
        if vendor == "sqlite":
            _restore_sqlite(directory, manifest, notes)
        else:
            _restore_postgresql(directory, manifest, notes)
    except BaseException:
        shutil.rmtree(incoming_files, ignore_errors=True)
        raise
    _swap_files(incoming_files, notes)
    connections.close_all()

    result = RestoreResult(directory, manifest, 0.0, False, 0, notes=notes)
    _check_restored(manifest, result)
    behind = [f"{app} (backup {manifest['migrations'].get(app, 'none')}, code {name})"
              for app, name in sorted(latest.items()) if manifest["migrations"].get(app) != name]
    if behind:
        notes.append("the backup predates the code's migrations; run `peaceops migrate`: " + ", ".join(behind))
    with system_scope(f"restore from {directory.name}") as actor, transaction.atomic():
        record(actor=actor, action="core.backup.restore",
               changes={"directory": str(directory), "created_at": manifest["created_at"],
                        "audit_head": manifest["audit_head"], "ok": result.ok, "problems": result.problems})
    result.seconds = time.monotonic() - started
    return result

