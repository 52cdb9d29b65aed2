"""Fault drill: a REAL PostgreSQL restart (`pg_ctl restart -m fast`) while officers read and write
through two gunicorn workers.

The server restarted is a private cluster made for this test (initdb in a temporary folder, its own
port), so the shared test server is never touched. What must hold:
- no request is answered with a 500: while the database is down the app answers 503 with Retry-After;
- every write the app acknowledged (201) is in the database afterwards, once, and nothing else is;
- within a few seconds of the restart every request succeeds again, without restarting the app;
- `peaceops audit verify` proves the audit chain intact.

It runs in the PostgreSQL pass of `make test` (and in `make drills`).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.installation import ROOT, Installation

pytestmark = pytest.mark.skipif(not os.environ.get("PEACEOPS_TEST_DATABASE_URL"),
                                reason="PostgreSQL drill: runs in the PostgreSQL pass")

RECOVERY_SECONDS = 30


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else (Path(shutil.which("initdb")).parent if shutil.which("initdb") else None)


def _as_server_user(args: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the `postgres` account then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class PrivateCluster:
    """A throw-away PostgreSQL cluster on its own port, started and restarted by pg_ctl."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="peaceops-pg-drill-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    def _run(self, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
        return subprocess.run(_as_server_user([str(self.bindir / args[0]), *args[1:]]), capture_output=True,
                              text=True, timeout=timeout, cwd=self.folder)

    def init(self) -> None:
        done = self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync",
                         "-E", "UTF8", "--locale", "C.UTF-8")
        assert done.returncode == 0, done.stderr
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off "
                   "-c full_page_writes=off -c max_connections=40")
        (self.folder / "options").write_text(options)
        self.options = options

    def pg_ctl(self, action: str, *extra: str) -> subprocess.CompletedProcess:
        return self._run("pg_ctl", action, "-D", str(self.data), "-w", "-t", "60", "-o", self.options,
                         "-l", str(self.folder / "server.log"), *extra)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def remove(self) -> None:
        self.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def cluster():
    bindir = _bindir()
    if bindir is None:
        pytest.skip("initdb is not installed")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("running as root without runuser")
    server = PrivateCluster(bindir)
    server.init()
    started = server.pg_ctl("start")
    assert started.returncode == 0, started.stderr + (server.folder / "server.log").read_text()
    created = server._run("createdb", "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres", "drill")
    assert created.returncode == 0, created.stderr
    try:
        yield server
    finally:
        server.remove()


def _request(url: str, token: str, body: dict | None = None) -> tuple[int, dict | None, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if body is not None else "GET",
                                     headers={"Authorization": f"Token {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = None
        return error.code, parsed, dict(error.headers)
    except OSError:
        return 0, None, {}


def _person(number: int) -> dict:
    return {"service_number": f"DRILL-{number:06d}", "family_name": "Lê", "middle_name": "Văn",
            "given_name": "Thử", "gender": "M", "date_of_birth": "1990-01-01", "service": "army", "rank": "OF-2",
            "marking": {"level": "CONFIDENTIAL", "owning_agency": "MOD", "releasable_to": ["VDPO"]}}


class Officers:
    """Two officers at work: one reads the registry, one files new records; every answer is kept."""

    def __init__(self, base: str, token: str):
        self.base, self.token = base, token
        self.stop = threading.Event()
        self.answers: list[tuple[float, str, int, dict]] = []
        self.acknowledged: list[str] = []
        self.lock = threading.Lock()
        self.number = 0
        self.slowest = 0.0

    def read(self):
        while not self.stop.is_set():
            started = time.time()
            status, _, headers = _request(f"{self.base}/api/v1/people/?page_size=5", self.token)
            with self.lock:
                self.answers.append((time.time(), "read", status, headers))
                self.slowest = max(self.slowest, time.time() - started)
            time.sleep(0.05)

    def write(self):
        while not self.stop.is_set():
            with self.lock:
                self.number += 1
                number = self.number
            started = time.time()
            status, body, headers = _request(f"{self.base}/api/v1/people/", self.token, _person(number))
            with self.lock:
                self.slowest = max(self.slowest, time.time() - started)
                self.answers.append((time.time(), "write", status, headers))
                if status == 201:
                    self.acknowledged.append(body["service_number"])
            time.sleep(0.05)


def test_a_real_postgresql_restart_under_load_loses_nothing_and_the_app_recovers_alone(cluster, tmp_path):
    installation = Installation(tmp_path, cluster.url("drill"))
    installation.run("migrate", "--noinput", "-v0")
    installation.run("createcachetable")
    installation.run("demo", "--people", "20", "--quiet")
    token = installation.run("drf_create_token", "planner").stdout.split()[2]
    port = _free_port()
    gunicorn_bin = ROOT / ".venv" / "bin" / "gunicorn"
    gunicorn = subprocess.Popen(
        [str(gunicorn_bin) if gunicorn_bin.exists() else "gunicorn", "peaceops.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "2", "--log-level", "warning", "--timeout", "60"],
        cwd=ROOT, env=installation.env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    officers = Officers(base, token)
    threads = [threading.Thread(target=officers.read), threading.Thread(target=officers.write)]
    try:
        deadline = time.time() + 60
        while _request(f"{base}/api/v1/people/?page_size=1", token)[0] != 200:
            assert time.time() < deadline and gunicorn.poll() is None, "gunicorn did not start"
            time.sleep(0.3)
        for thread in threads:
            thread.start()
        time.sleep(3)  # steady work before the fault

        restarted_at = time.time()
        restart = cluster.pg_ctl("restart", "-m", "fast")
        assert restart.returncode == 0, restart.stderr
        back_at = time.time()

        # Every request answered after the recovery window succeeds, without touching the app.
        time.sleep(RECOVERY_SECONDS / 3)
        recovered_from = time.time()
        time.sleep(3)
    finally:
        officers.stop.set()
        for thread in threads:
            if thread.is_alive():
                thread.join(timeout=60)
        gunicorn.terminate()
        try:
            gunicorn.wait(timeout=45)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
            gunicorn.wait(timeout=30)
            pytest.fail("gunicorn did not stop within 45 s of SIGTERM (a worker hung after the restart)")

    statuses = [status for _, _, status, _ in officers.answers]
    print(f"drill: {len(statuses)} requests, {statuses.count(503)} answered 503 during the restart, "
          f"{len(officers.acknowledged)} writes acknowledged, restart took {back_at - restarted_at:.1f} s, "
          f"slowest answer {officers.slowest:.1f} s")
    assert 500 not in statuses, "a request got a server error during the restart"
    assert set(statuses) <= {200, 201, 503, 0}, sorted(set(statuses))
    for _, _, status, headers in officers.answers:
        if status == 503:
            assert headers.get("Retry-After") == "5"
    after = [(kind, status) for at, kind, status, _ in officers.answers if at >= recovered_from]
    assert after and all(status in (200, 201) for _, status in after), after
    assert any(at < restarted_at for at, *_ in officers.answers), "no work before the restart"
    assert back_at - restarted_at < RECOVERY_SECONDS

    # Nothing acknowledged is lost and nothing unacknowledged appears twice.
    state = installation.run("shell", "-c", (
        "import json;from django.db import connection;c=connection.cursor();"
        "c.execute(\"SELECT service_number, count(*) FROM people_person WHERE service_number LIKE 'DRILL-%%' "
        "GROUP BY service_number\");print(json.dumps(dict(c.fetchall())))")).stdout
    stored = json.loads(state.strip().splitlines()[-1])
    assert officers.acknowledged, "no write was acknowledged"
    assert set(officers.acknowledged) <= set(stored), set(officers.acknowledged) - set(stored)
    assert all(count == 1 for count in stored.values())
    verify = installation.run("audit", "verify")
    assert verify.stdout.startswith("audit chain intact"), verify.stdout
