"""Fault drill: the task worker is killed with SIGKILL (a real process, as if its host died) in the
middle of a document import and in the middle of a planner run, on SQLite in the SQLite pass and on
a temporary PostgreSQL database in the PostgreSQL pass.

What must hold after a worker starts again:
- every imported document is whole (its portions, its version and its audit row) or absent;
- the job whose worker died is failed with a reason, its task result too, and its uploads are tidied;
- importing the same files again skips what was imported and does the rest;
- the plan being solved is failed with the job's reason and holds no choice; planning again works;
- `peaceops audit verify` proves the audit chain intact.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.installation import ROOT, Installation, pg_tool, postgres_server

IMPORT_FILES = 1500  # enough that even a fast importer is still busy when the worker is killed

START_IMPORT = """
import django, sys
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from peaceops.access.actor import actor_for_user
from peaceops.accounts.models import User
from peaceops.documents.tasks import import_job_start
from peaceops.org.models import Agency

first, count = int(sys.argv[1]), int(sys.argv[2])
actor = actor_for_user(User.objects.get(username="planner"))
body = "\\n\\n".join(f"{n}. Paragraph {n} of the field report." for n in range(8))
files = [SimpleUploadedFile(f"report-{i:04d}.txt", f"Field report {i}\\n\\n{body}\\n".encode())
         for i in range(first, count)]
job = import_job_start(actor=actor, uploads=files, owning_agency_id=Agency.objects.get(code="VDPO").pk)
print(job.pk)
"""

START_PLAN = """
import django
django.setup()
from peaceops.access.actor import actor_for_user
from peaceops.access.context import acting_as
from peaceops.accounts.models import User
from peaceops.demo.planning import HOSPITAL_UNIT, ROTATION_NUMBER
from peaceops.missions.models import Rotation
from peaceops.planning import services

actor = actor_for_user(User.objects.get(username="planner"))
rotation = Rotation.objects.get(unit__code=HOSPITAL_UNIT, number=ROTATION_NUMBER)
with acting_as(actor):
    plan = services.plan_run_start(actor=actor, rotation=rotation, parameters={"time_limit": 30.0})
print(plan.pk, plan.job_id)
"""


class Drill(Installation):
    """An installation with a read-only window on its database, fast enough to poll a job's progress."""

    def __init__(self, home: Path, database_url: str | None):
        super().__init__(home, database_url)
        self.database_url = database_url

    def rows(self, sql: str, *args) -> list[tuple]:
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url, autocommit=True) as conn:
                return [tuple(str(v) if isinstance(v, uuid.UUID) else v for v in row)
                        for row in conn.execute(sql, args).fetchall()]
        import sqlite3

        with sqlite3.connect(f"file:{self.home / 'peaceops.sqlite3'}?mode=ro", uri=True, timeout=30) as conn:
            return conn.execute(sql.replace("%s", "?"), args).fetchall()

    def key(self, pk: str) -> str:
        """A primary key as the engine stores it (SQLite: 32 hex digits; PostgreSQL: a uuid)."""
        return str(uuid.UUID(pk)) if self.database_url else uuid.UUID(pk).hex

    def script(self, source: str, *args: str) -> str:
        done = subprocess.run([sys.executable, "-c", source, *args], cwd=ROOT, env=self.env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().splitlines()[-1]

    def worker(self) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "peaceops", "db_worker", "--no-reload", "--no-startup-delay",
                                 "-v0"], cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)

    def worker_again(self) -> None:
        """A worker starting after the host came back: it reaps jobs whose heartbeat stopped, then runs
        whatever is queued, and exits."""
        self.run("db_worker", "--batch", "--no-reload", "--no-startup-delay", "-v0")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def drill(request, tmp_path_factory):
    on_postgres = bool(os.environ.get("PEACEOPS_TEST_DATABASE_URL"))
    if (request.param == "postgres") != on_postgres:
        pytest.skip("each engine runs in its own pass of the suite")
    home = tmp_path_factory.mktemp(f"worker-kill-{request.param}")
    name = f"peaceops_worker_kill_{os.getpid()}"
    server = postgres_server()
    url = None
    if request.param == "postgres":
        pg_tool(server, "dropdb", "--if-exists", "--force", name)
        created = pg_tool(server, "createdb", name)
        if created.returncode != 0:
            pytest.skip(f"cannot create a PostgreSQL database: {created.stderr.strip()}")
        url = f"postgres://{server['user']}@{server['host']}:{server['port']}/{name}"
    installation = Drill(home, url)
    try:
        installation.run("migrate", "--noinput", "-v0")
        installation.run("demo", "--people", "300", "--quiet")
        yield installation
    finally:
        if url:
            pg_tool(server, "dropdb", "--if-exists", "--force", name)


def _kill_when(worker: subprocess.Popen, ready, *, within: float = 120) -> None:
    try:
        deadline = time.monotonic() + within
        while not ready():
            assert time.monotonic() < deadline and worker.poll() is None, "the job never got under way"
            time.sleep(0.01)
        worker.send_signal(signal.SIGKILL)  # no clean-up, no last write
    finally:
        worker.wait(timeout=30)


def _stale_jobs_are_reaped_at_once(drill: Drill):
    drill.env["PEACEOPS_JOB_STALE_AFTER_SECONDS"] = "0"
    try:
        drill.worker_again()
    finally:
        drill.env.pop("PEACEOPS_JOB_STALE_AFTER_SECONDS")


def _uuid(value) -> uuid.UUID:
    return uuid.UUID(str(value))


def test_a_worker_killed_mid_import_leaves_whole_files_only_and_its_job_is_failed_on_restart(drill):
    baseline = drill.rows("SELECT COUNT(*) FROM documents_document")[0][0]
    job_pk = drill.script(START_IMPORT, "0", str(IMPORT_FILES))
    job = drill.key(job_pk)
    uploads = drill.home / "files" / "uploads"
    assert len(list(uploads.glob("*/*.txt"))) == IMPORT_FILES

    def busy():
        return drill.rows("SELECT done FROM core_job WHERE id = %s", job)[0][0] >= 1

    _kill_when(drill.worker(), busy)
    status, done = drill.rows("SELECT status, done FROM core_job WHERE id = %s", job)[0]
    assert status == "running" and 1 <= done < IMPORT_FILES, (status, done)

    # Every document there is whole: its portions, its version and its audit row, or nothing at all.
    documents = {_uuid(r[0]) for r in drill.rows("SELECT id FROM documents_document")}
    imported = len(documents) - baseline
    assert imported >= done
    with_portions = {_uuid(r[0]) for r in drill.rows("SELECT DISTINCT document_id FROM documents_portion")}
    with_version = {_uuid(r[0]) for r in drill.rows("SELECT DISTINCT document_id FROM documents_documentversion")}
    audited = {_uuid(r[0]) for r in drill.rows(
        "SELECT target_id FROM audit_auditevent WHERE action = 'documents.document.import'")}
    assert documents <= with_portions and documents <= with_version and documents <= audited
    assert with_portions <= documents and with_version <= documents

    # A worker starting again fails the job whose worker died, with the reason, and tidies its uploads.
    _stale_jobs_are_reaped_at_once(drill)
    status, error = drill.rows("SELECT status, error FROM core_job WHERE id = %s", job)[0]
    assert status == "failed" and error
    assert ("FAILED",) in drill.rows("SELECT status FROM django_tasks_database_dbtaskresult")
    assert not (uploads / job_pk).exists()

    # Importing the same files again skips what was imported and does the rest (here: the next five).
    again = drill.key(drill.script(START_IMPORT, "0", str(imported + 5)))
    drill.worker_again()
    status, result = drill.rows("SELECT status, result FROM core_job WHERE id = %s", again)[0]
    counts = (json.loads(result) if isinstance(result, str) else result)["counts"]
    assert status == "succeeded" and counts == {"created": 5, "duplicate": imported, "failed": 0}
    assert drill.rows("SELECT COUNT(*) FROM documents_document") == [(baseline + imported + 5,)]
    assert "intact" in drill.run("audit", "verify").stdout.lower()


def test_a_worker_killed_mid_plan_leaves_no_half_plan_and_the_rotation_can_be_planned_again(drill):
    # The solve is short at demo scale, so the kill may come after the plan is stored: then a new plan
    # is started and the worker killed again, sooner (a few tries make a miss vanishingly rare).
    for _attempt in range(5):
        plan_pk, job_pk = drill.script(START_PLAN).split()
        plan, job = drill.key(plan_pk), drill.key(job_pk)

        def running(plan=plan):
            return drill.rows("SELECT status FROM planning_planrun WHERE id = %s", plan)[0][0] != "queued"

        _kill_when(drill.worker(), running)
        if drill.rows("SELECT status FROM planning_planrun WHERE id = %s", plan)[0][0] == "running":
            break
    else:
        pytest.fail("every planner run finished before its worker could be killed")

    assert drill.rows("SELECT COUNT(*) FROM planning_planchoice WHERE plan_id = %s", plan) == [(0,)]
    _stale_jobs_are_reaped_at_once(drill)
    job_status, job_error = drill.rows("SELECT status, error FROM core_job WHERE id = %s", job)[0]
    plan_status, plan_error = drill.rows("SELECT status, error FROM planning_planrun WHERE id = %s", plan)[0]
    assert job_status == "failed" and job_error
    assert plan_status == "failed" and plan_error == job_error
    assert drill.rows("SELECT COUNT(*) FROM planning_planchoice WHERE plan_id = %s", plan) == [(0,)]

    # The planner runs the rotation again and gets a whole plan.
    again_pk, _job = drill.script(START_PLAN).split()
    drill.worker_again()
    status, slots, filled = drill.rows("SELECT status, slots, filled FROM planning_planrun WHERE id = %s",
                                       drill.key(again_pk))[0]
    choices = drill.rows("SELECT COUNT(*) FROM planning_planchoice WHERE plan_id = %s", drill.key(again_pk))[0][0]
    assert status == "done" and slots >= 1 and choices == filled
    assert "intact" in drill.run("audit", "verify").stdout.lower()
