"""A throw-away PeaceOps installation driven through its command line, on SQLite or on a temporary
PostgreSQL database (shared by the backup and fault-drill tests)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 300


class Installation:
    """A throw-away PeaceOps installation driven through its command line."""

    def __init__(self, home: Path, database_url: str | None):
        self.home = home
        self.env = {**os.environ, "PEACEOPS_HOME": str(home), "DJANGO_SETTINGS_MODULE": "peaceops.settings.base",
                    "PEACEOPS_SECRET_KEY": "backup-restore-test-" + "k" * 40}
        for name in ("PEACEOPS_TEST_DATABASE_URL", "PEACEOPS_DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
            self.env.pop(name, None)
        if database_url:
            self.env["PEACEOPS_DATABASE_URL"] = database_url

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "peaceops", *args], cwd=ROOT, env=self.env,
                                capture_output=True, text=True, timeout=TIMEOUT)
        if check:
            assert result.returncode == 0, f"peaceops {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result

    def state(self) -> dict:
        result = subprocess.run([sys.executable, str(ROOT / "tests" / "db_state.py")], cwd=ROOT, env=self.env,
                                capture_output=True, text=True, timeout=TIMEOUT)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)


def postgres_server() -> dict:
    """Where to create the temporary database: the test server if one is configured, else the local one."""
    url = os.environ.get("PEACEOPS_TEST_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urlsplit(url)
    return {"host": parts.hostname or "127.0.0.1", "port": str(parts.port or 5432),
            "user": parts.username or "postgres", "password": parts.password or ""}


def pg_tool(server: dict, tool: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **({"PGPASSWORD": server["password"]} if server["password"] else {})}
    return subprocess.run([tool, "-h", server["host"], "-p", server["port"], "-U", server["user"], "-w", *args],
                          env=env, capture_output=True, text=True, timeout=60)
