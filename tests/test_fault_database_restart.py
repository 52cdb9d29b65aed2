"""Fault drill: PostgreSQL drops every connection (what a server restart does to the app) while two
gunicorn workers serve requests → the next requests succeed without restarting the app, and the audit
chain is intact. `conn_health_checks` (settings/base.py) is what makes the workers reconnect.

The server itself is not restarted: it is shared with the rest of the suite. Terminating every
backend of the app's database is the same event as seen from the app.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.installation import ROOT, Installation, pg_tool, postgres_server

REQUESTS = 20


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def postgres_installation(tmp_path):
    for tool in ("createdb", "dropdb", "psql"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is not installed")
    server = postgres_server()
    name = f"peaceops_fault_{os.getpid()}"
    pg_tool(server, "dropdb", "--if-exists", "--force", name)
    created = pg_tool(server, "createdb", name)
    if created.returncode != 0:
        pytest.skip(f"cannot create a PostgreSQL database: {created.stderr.strip()}")
    auth = f"{server['user']}:{server['password']}@" if server["password"] else f"{server['user']}@"
    installation = Installation(tmp_path, f"postgres://{auth}{server['host']}:{server['port']}/{name}")
    try:
        yield installation, server, name
    finally:
        pg_tool(server, "dropdb", "--if-exists", "--force", name)


def _get(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            json.loads(response.read())
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_app_recovers_when_postgresql_drops_every_connection(postgres_installation):
    installation, server, name = postgres_installation
    installation.run("migrate", "--noinput", "-v0")
    installation.run("createcachetable")
    installation.run("demo", "--people", "40", "--quiet")
    token = installation.run("drf_create_token", "planner").stdout.split()[2]
    port = _free_port()
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn") if (ROOT / ".venv" / "bin" / "gunicorn").exists() else "gunicorn",
         "peaceops.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--log-level", "warning"],
        cwd=ROOT, env=installation.env, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/api/v1/people/?page_size=5"
    try:
        deadline = time.time() + 60
        while True:
            try:
                if _get(url, token) == 200:
                    break
            except OSError:
                pass
            assert time.time() < deadline and gunicorn.poll() is None, "gunicorn did not start"
            time.sleep(0.3)
        assert [_get(url, token) for _ in range(REQUESTS)] == [200] * REQUESTS

        dropped = pg_tool(server, "psql", "-d", name, "-Atc",
                          "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                          f"WHERE datname = '{name}' AND pid <> pg_backend_pid()")
        assert dropped.returncode == 0 and int(dropped.stdout.strip()) >= 1, dropped.stderr

        # Every request after the drop is served: none of them sees the dead connection.
        assert [_get(url, token) for _ in range(REQUESTS)] == [200] * REQUESTS
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    verify = installation.run("audit", "verify")
    assert verify.stdout.startswith("audit chain intact")
