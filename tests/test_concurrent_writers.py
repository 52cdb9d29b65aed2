"""Twenty concurrent writers on one SQLite file: no "database is locked", every write kept, one audit row each.

SQLite allows one writer at a time. The project's settings make writers queue for the lock
(`transaction_mode=IMMEDIATE`, a 30 s busy timeout, WAL) instead of failing, and the audit chain
relies on that serialisation. This needs a real database file shared by separate connections,
so the writers run in tests/concurrency_worker.py (forked processes) against a temporary
PEACEOPS_HOME, migrated and loaded with the demo structure (no people).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WRITERS, WRITES = 20, 10


@pytest.fixture
def sqlite_home(tmp_path):
    env = {**os.environ, "PEACEOPS_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "peaceops.settings.base",
           "PEACEOPS_SECRET_KEY": "concurrency-test-" + "k" * 40}
    for name in ("PEACEOPS_DATABASE_URL", "PEACEOPS_TEST_DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    for args in (["migrate", "--noinput", "-v0"], ["demo", "--people", "0", "--quiet"]):
        result = subprocess.run([sys.executable, "-m", "peaceops", *args], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
    return tmp_path, env


def _audit(db: Path) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT seq, action, target_id FROM audit_auditevent ORDER BY seq").fetchall()


def test_twenty_concurrent_writers_on_sqlite(sqlite_home):
    home, env = sqlite_home
    db = home / "peaceops.sqlite3"
    before = _audit(db)

    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "concurrency_worker.py"), "--writers", str(WRITERS),
         "--writes", str(WRITES)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])

    # The settings under test really applied.
    assert report["options"] == {"transaction_mode": "IMMEDIATE", "timeout": 30}
    assert report["journal_mode"] == "wal"
    assert report["exit_codes"] == [0] * WRITERS
    # No writer failed, least of all on the lock.
    assert not [e for e in report["errors"] if "locked" in e.lower()], report["errors"]
    assert report["errors"] == []
    assert report["created"] == WRITERS * WRITES

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        people = dict(conn.execute("SELECT id, service_number FROM people_person WHERE service_number LIKE 'CW-%'"))
    assert sorted(people.values()) == sorted(f"CW-{w:02d}-{i:03d}" for w in range(WRITERS) for i in range(WRITES))

    # Exactly one audit event per write, each naming its person, and nothing else written meanwhile.
    after = _audit(db)
    new = after[len(before):]
    assert after[:len(before)] == before
    assert len(new) == WRITERS * WRITES
    assert {action for _seq, action, _target in new} == {"people.person.create"}
    assert sorted(target for _seq, _action, target in new) == sorted(str(uuid.UUID(pk)) for pk in people)
    assert [seq for seq, _a, _t in after] == list(range(1, len(after) + 1))

    verify = subprocess.run([sys.executable, "-m", "peaceops", "audit", "verify"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert verify.returncode == 0, verify.stderr
    assert verify.stdout.strip() == f"audit chain intact: {len(after)} events"
