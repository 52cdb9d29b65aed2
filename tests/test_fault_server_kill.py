"""Fault drill: the app server is killed with SIGKILL (master and workers, as if the host died) while
an officer's upload is half sent.

What must hold after a restart:
- the upload that was cut off left nothing: no job, no stored file, no document, no audit row;
- the upload acknowledged before the kill (202) is imported whole by the task worker;
- the same files sent again are accepted and imported;
- `peaceops audit verify` proves the audit chain intact.

SQLite in the SQLite pass, a temporary PostgreSQL database in the PostgreSQL pass.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.installation import ROOT, Installation, pg_tool, postgres_server

SETUP = (
    "from peaceops.access.context import system_scope\n"
    "from peaceops.demo import scenario\n"
    "with system_scope('server kill drill set-up') as actor:\n"
    "    refs = scenario.load_structure(actor)\n"
    "    scenario.load_personas(actor, refs['agencies'])\n"
)

COUNT_ROWS = (
    "import json\n"
    "from django.db import connection\n"
    "c = connection.cursor()\n"
    "counts = {}\n"
    "for table in ('core_job', 'documents_document', 'documents_portion', 'audit_auditevent'):\n"
    "    c.execute('SELECT COUNT(*) FROM ' + table)\n"
    "    counts[table] = c.fetchone()[0]\n"
    "c.execute(\"SELECT status FROM core_job ORDER BY created_at\")\n"
    "counts['jobs'] = [row[0] for row in c.fetchall()]\n"
    "print(json.dumps(counts))\n"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _multipart(files: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, content in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
                     "Content-Type: text/plain\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="level"\r\n\r\nCONFIDENTIAL\r\n'.encode())
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


def _report(number: int, size: int = 0) -> bytes:
    body = "\n\n".join(f"{n}. Paragraph {n} of field report {number}." for n in range(1, 6))
    return (f"Field report {number}\n\n{body}\n" + "Annex line.\n" * (size // 12)).encode()


class Server:
    """gunicorn with two workers in its own process group, so that one signal kills them all."""

    def __init__(self, installation: Installation):
        self.installation = installation
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def start(self, token: str) -> None:
        gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
        self.process = subprocess.Popen(
            [str(gunicorn) if gunicorn.exists() else "gunicorn", "peaceops.wsgi", "-b", f"127.0.0.1:{self.port}",
             "-w", "2", "--log-level", "warning", "--timeout", "60"],
            cwd=ROOT, env=self.installation.env, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.time() + 60
        while True:
            try:
                status, _ = self.request("GET", "/api/v1/documents/?page_size=1", token)
                if status == 200:
                    return
            except OSError:
                pass
            assert time.time() < deadline and self.process.poll() is None, "gunicorn did not start"
            time.sleep(0.3)

    def request(self, method: str, path: str, token: str, body: bytes | None = None,
                content_type: str = "") -> tuple[int, dict]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Authorization": f"Token {token}"}
        if content_type:
            headers["Content-Type"] = content_type
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture(params=["sqlite", "postgres"])
def installation(request, tmp_path):
    on_postgres = bool(os.environ.get("PEACEOPS_TEST_DATABASE_URL"))
    if (request.param == "postgres") != on_postgres:
        pytest.skip("each engine runs in its own pass of the suite")
    if request.param == "sqlite":
        yield Installation(tmp_path, None)
        return
    server = postgres_server()
    name = f"peaceops_kill_{os.getpid()}"
    pg_tool(server, "dropdb", "--if-exists", "--force", name)
    created = pg_tool(server, "createdb", name)
    if created.returncode != 0:
        pytest.skip(f"cannot create a PostgreSQL database: {created.stderr.strip()}")
    auth = f"{server['user']}@"
    try:
        yield Installation(tmp_path, f"postgres://{auth}{server['host']}:{server['port']}/{name}")
    finally:
        pg_tool(server, "dropdb", "--if-exists", "--force", name)


def _rows(installation: Installation) -> dict:
    return json.loads(installation.run("shell", "-c", COUNT_ROWS).stdout.strip().splitlines()[-1])


def _stored_uploads(home: Path) -> list[Path]:
    return sorted(p for p in (home / "files").rglob("*") if p.is_file()) if (home / "files").exists() else []


def test_a_server_killed_mid_upload_leaves_nothing_of_that_upload_and_loses_nothing_acknowledged(installation):
    installation.run("migrate", "--noinput", "-v0")
    installation.run("createcachetable")
    installation.run("shell", "-c", SETUP)
    token = installation.run("drf_create_token", "planner").stdout.split()[2]
    server = Server(installation)
    server.start(token)
    try:
        # An upload the server acknowledged before the fault.
        content_type, body = _multipart([("first.txt", _report(1)), ("second.txt", _report(2))])
        status, acknowledged = server.request("POST", "/api/v1/documents/imports/", token, body, content_type)
        assert status == 202, acknowledged
        before = _rows(installation)
        files_before = _stored_uploads(installation.home)

        # A large upload cut off half-way: the host dies while the body is still arriving.
        content_type, body = _multipart([(f"big-{n}.txt", _report(10 + n, size=400_000)) for n in range(4)])
        cut = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        head = (f"POST /api/v1/documents/imports/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token {token}\r\n"
                f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        cut.sendall(head + body[: len(body) // 2])
        time.sleep(1.0)  # the worker is now reading the body
        server.kill()
        cut.close()

        assert _rows(installation) == before, "the cut-off upload left rows behind"
        assert _stored_uploads(installation.home) == files_before, "the cut-off upload left files behind"

        # Restart: the acknowledged upload is imported whole; the same big files sent again are taken.
        server.start(token)
        status, again = server.request("POST", "/api/v1/documents/imports/", token, body, content_type)
        assert status == 202, again
    finally:
        server.stop()
    worked = installation.run("db_worker", "--batch", "--no-reload", "--no-startup-delay", "-v0")
    assert worked.returncode == 0, worked.stderr
    after = _rows(installation)
    assert after["jobs"] == ["succeeded", "succeeded"], after
    assert after["documents_document"] == 6
    verify = installation.run("audit", "verify")
    assert verify.stdout.startswith("audit chain intact"), verify.stdout
