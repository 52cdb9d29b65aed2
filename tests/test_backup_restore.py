"""`peaceops backup` and `peaceops restore`: a round trip to identical data, on SQLite and on PostgreSQL.

A backup needs a real database outside the test transaction, so each case runs the commands in
subprocesses against a temporary PEACEOPS_HOME (SQLite) or a temporary PostgreSQL database that is
created and dropped here. The installation is seeded with `migrate` and `demo --people 300`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.installation import Installation, pg_tool, postgres_server


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def installation(request, tmp_path_factory):
    home = tmp_path_factory.mktemp(f"home-{request.param}")
    if request.param == "sqlite":
        yield Installation(home, None)
        return
    for tool in ("pg_dump", "pg_restore", "createdb", "dropdb"):
        if not shutil.which(tool):
            pytest.skip(f"PostgreSQL case skipped: {tool} is not installed")
    server = postgres_server()
    name = f"peaceops_bk_{os.getpid()}"
    pg_tool(server, "dropdb", "--if-exists", name)
    created = pg_tool(server, "createdb", name)
    if created.returncode != 0:
        pytest.skip(f"PostgreSQL case skipped: cannot create a database on {server['host']}:{server['port']} "
                    f"as {server['user']}: {created.stderr.strip()}")
    auth = f"{server['user']}:{server['password']}@" if server["password"] else f"{server['user']}@"
    try:
        yield Installation(home, f"postgres://{auth}{server['host']}:{server['port']}/{name}")
    finally:
        pg_tool(server, "dropdb", "--if-exists", "--force", name)


@pytest.fixture(scope="module")
def seeded(installation):
    """Seeded once per engine; each test takes its own backup of whatever state it finds."""
    installation.run("migrate", "--noinput", "-v0")
    installation.run("demo", "--people", "300", "--quiet")
    files = installation.home / "files"
    (files / "documents" / "2026").mkdir(parents=True)
    (files / "documents" / "2026" / "cable-001.txt").write_text("Điện mật số 001\n", encoding="utf-8")
    (files / "photo.bin").write_bytes(bytes(range(256)) * 64)
    return installation


def _backup(installation, tmp_path) -> Path:
    result = installation.run("backup", "--output", str(tmp_path / "backups"))
    directory = Path(result.stdout.strip().splitlines()[-1])
    assert directory.is_dir() and (directory / "manifest.json").is_file()
    return directory


def test_round_trip_restores_identical_data_and_an_intact_audit_chain(seeded, tmp_path):
    installation = seeded
    directory = _backup(installation, tmp_path)
    manifest = json.loads((directory / "manifest.json").read_text())
    at_backup = installation.state()

    # The manifest describes the snapshot: its own audit event is in it, and it is the head.
    assert at_backup["verify"]["ok"], at_backup["verify"]
    assert manifest["audit_head"] == at_backup["head"]
    assert at_backup["audit"][-1]["action"] == "core.backup.create"
    assert manifest["row_counts"]["people_person"] == len(at_backup["people"]) == 300
    assert manifest["row_counts"]["people_passport"] == len(at_backup["passports"]) > 0
    assert manifest["row_counts"]["audit_auditevent"] == len(at_backup["audit"])
    assert manifest["engine"] == ("postgresql" if "PEACEOPS_DATABASE_URL" in installation.env else "sqlite")
    assert manifest["migrations"]["people"] and manifest["migrations"]["audit"]
    seeded_files = {manifest["database"]["file"], "files/documents/2026/cable-001.txt", "files/photo.bin"}
    originals = set(manifest["files"]) - seeded_files
    assert seeded_files <= set(manifest["files"])
    # The rest are the demo library's stored originals, content-addressed (files/ab/abcdef…).
    assert len(originals) == 8 and all(re.fullmatch(r"files/[0-9a-f]{2}/[0-9a-f]{64}", f) for f in originals)
    assert len(manifest["created_at"]) >= 19

    # Life goes on after the backup: more people and audit events, a changed and a new file.
    installation.run("demo", "--people", "340", "--quiet")
    (installation.home / "files" / "photo.bin").write_bytes(b"overwritten")
    (installation.home / "files" / "later.txt").write_text("after the backup")

    result = installation.run("restore", str(directory), "--yes")
    assert "checksums match" in result.stdout and "audit chain intact" in result.stdout, result.stdout
    restored = installation.state()

    assert restored["people"] == at_backup["people"]
    assert restored["passports"] == at_backup["passports"]
    assert restored["files"] == at_backup["files"]
    assert restored["verify"]["ok"], restored["verify"]
    # The restored chain is the backed-up chain, followed only by the restore's own record of itself.
    seq = at_backup["head"]["seq"]
    assert restored["audit"][:seq] == at_backup["audit"]
    assert [e["action"] for e in restored["audit"][seq:]] == ["access.system_scope.open", "core.backup.restore"]
    assert restored["verify"]["checked"] == seq + 2


def test_a_tampered_backup_is_refused_and_nothing_is_restored(seeded, tmp_path):
    from peaceops.core.backup import verify_backup

    installation = seeded
    original = _backup(installation, tmp_path)
    manifest = json.loads((original / "manifest.json").read_text())
    database_file = manifest["database"]["file"]
    assert verify_backup(original)[1] == []

    def flip_one_byte(path: Path) -> None:
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x01
        path.write_bytes(bytes(data))

    tampering = {
        "database": (lambda d: flip_one_byte(d / database_file), f"{database_file}: checksum does not match the manifest"),
        "stored file": (lambda d: flip_one_byte(d / "files" / "documents" / "2026" / "cable-001.txt"),
                        "files/documents/2026/cable-001.txt: checksum does not match the manifest"),
        "missing file": (lambda d: (d / "files" / "photo.bin").unlink(), "files/photo.bin: missing"),
        "extra file": (lambda d: (d / "files" / "smuggled.txt").write_text("not in the manifest"),
                       "files/smuggled.txt: not in the manifest"),
    }
    for victim, (tamper, expected) in tampering.items():
        directory = tmp_path / f"tampered-{victim.replace(' ', '-')}"
        shutil.copytree(original, directory)
        tamper(directory)
        assert [expected] == verify_backup(directory)[1], victim

    # The command refuses before touching anything: the installation is exactly as it was.
    before = installation.state()
    result = installation.run("restore", str(tmp_path / "tampered-database"), "--yes", check=False)
    assert result.returncode != 0, result.stdout
    assert "nothing was restored" in result.stderr and tampering["database"][1] in result.stderr, result.stderr
    assert installation.state() == before
