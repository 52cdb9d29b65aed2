"""Import in the background: upload (web) and API → a job with progress → a per-file report;
limits, 404 for jobs that are not yours, the real database worker, and a worker stopped mid-import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peaceops.audit.models import AuditEvent
from peaceops.core.models import Job
from peaceops.documents.models import Document, DocumentVersion, Portion

from .test_library import CABLE, SECRET_CABLE

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
REPORT = b"Training report\n\n1. Findings\n\nThe course ran for two weeks.\n"


@pytest.fixture(autouse=True)
def _files_root(settings, tmp_path):
    settings.FILES_ROOT = tmp_path / "files"
    return settings.FILES_ROOT


def uploads(*pairs):
    return [SimpleUploadedFile(name, content) for name, content in pairs]


def post_upload(client, agencies, files, **extra):
    data = {"files": files, "level": "0", "owning_agency": str(agencies["VDPO"].pk), **extra}
    return client.post(reverse("documents:import"), data)


def run_worker():
    """django-tasks-db's own worker loop, until the queue is empty (what `db_worker --batch` runs)."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="test-worker", excluded_queue_names=[]).run()


# --- the upload page -------------------------------------------------------------------------

def test_an_upload_lands_on_the_job_page_with_each_files_outcome(structure, client_for, agencies, _files_root):
    web = client_for("planner")
    response = post_upload(web, agencies, uploads(("good.txt", CABLE.encode()), ("empty.txt", b""),
                                                  ("report.txt", REPORT)))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("documents:import-job", args=[job.pk])
    assert job.kind == "documents.import" and job.status == "succeeded" and (job.done, job.total) == (3, 3)
    page = web.get(response["Location"])
    html = page.content.decode()
    statuses = [row["status"] for row in page.context["report"]["rows"]]
    assert statuses == ["created", "failed", "created"]
    assert "FIELD HOSPITAL TRAINING VISIT" in html and 'hx-trigger="every 1s"' not in html
    assert html.index('<tr data-status="failed"') < html.index('<tr data-status="created"')  # failures first
    empty = page.context["report"]["rows"][1]
    assert empty["name"] == "empty.txt" and empty["code"] == "empty" and empty["error"] in html
    assert Document.objects.unrestricted().count() == 2
    assert not (_files_root / "uploads" / str(job.pk)).exists(), "the uploaded copies are removed"
    assert AuditEvent.objects.filter(action="core.job.create", target_id=str(job.pk)).exists()
    assert 'data-marking="UNCLASSIFIED"' in html  # only titles are shown, and these are unclassified


def test_the_same_upload_again_reports_every_file_as_already_present(structure, client_for, agencies):
    web = client_for("planner")
    post_upload(web, agencies, uploads(("a.txt", CABLE.encode())))
    response = post_upload(web, agencies, uploads(("a-again.txt", CABLE.encode())))
    page = web.get(response["Location"])
    assert [r["status"] for r in page.context["report"]["rows"]] == ["duplicate"]
    assert Document.objects.unrestricted().count() == 1


def test_a_file_above_the_uploaders_clearance_fails_with_the_reason(structure, client_for, agencies):
    web = client_for("personnel")  # CONFIDENTIAL
    response = post_upload(web, agencies, uploads(("secret.txt", SECRET_CABLE.encode()), ("ok.txt", CABLE.encode())))
    rows = web.get(response["Location"]).context["report"]["rows"]
    assert [r["status"] for r in rows] == ["failed", "created"] and rows[0]["code"] == "refused" and rows[0]["error"]


def test_a_file_too_large_to_import_fails_alone_and_is_never_stored(structure, client_for, agencies, monkeypatch,
                                                                   _files_root):
    from peaceops.documents import forms

    monkeypatch.setattr(forms, "MAX_FILE_BYTES", 1000)
    web = client_for("planner")
    response = post_upload(web, agencies, uploads(("huge.txt", b"x" * 1001), ("ok.txt", CABLE.encode())))
    job = Job.objects.get()
    assert job.params["files"][0] == {"name": "huge.txt", "size": 1001, "refused": "too_large"}
    rows = web.get(response["Location"]).context["report"]["rows"]
    assert [(r["status"], r["code"]) for r in rows] == [("failed", "too_large"), ("created", "")]


@pytest.mark.parametrize("setting,value,files,words", [
    ("IMPORT_MAX_FILES", 2, [("a.txt", b"a"), ("b.txt", b"b"), ("c.txt", b"c")], "2"),
    ("IMPORT_MAX_TOTAL_BYTES", 10, [("a.txt", b"123456"), ("b.txt", b"123456")], "12"),
    (None, None, [("tool.exe", b"MZ")], "tool.exe"),
])
def test_upload_limits_are_refused_with_a_clear_message_and_no_job(structure, client_for, agencies, settings,
                                                                  setting, value, files, words):
    if setting:
        setattr(settings, setting, value)
    web = client_for("planner")
    response = post_upload(web, agencies, uploads(*files))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["files"])
    assert words in errors
    assert not Job.objects.exists()


def test_a_persona_without_the_import_role_gets_404_on_the_upload_page_and_the_api(structure, client_for, api_for,
                                                                                   agencies):
    for persona in ("public", "auditor"):
        assert client_for(persona).get(reverse("documents:import")).status_code == 404
        assert post_upload(client_for(persona), agencies, uploads(("a.txt", CABLE.encode()))).status_code == 404
        response = api_for(persona).post(reverse("api:document-import-list"), {"files": uploads(("a.txt", b"x"))},
                                         format="multipart")
        assert response.status_code == 404
    assert not Job.objects.exists()
    assert client_for("planner").get(reverse("documents:import")).status_code == 200


def test_another_users_job_is_404_and_an_auditor_sees_only_what_they_may_see(structure, client_for, api_for,
                                                                           agencies):
    post_upload(client_for("planner"), agencies, uploads(("public.txt", REPORT), ("cable.txt", CABLE.encode())),
                level="0")
    # a SECRET plain text (planner is SECRET): the auditor (CONFIDENTIAL) must not see its row
    post_upload(client_for("planner"), agencies, uploads(("plan.txt", b"Rotation plan\n\nSector moves north.")),
                level="2")
    first, second = Job.objects.order_by("created_at")
    for persona in ("mfa", "health", "personnel", "public"):
        for job in (first, second):
            assert client_for(persona).get(reverse("documents:import-job", args=[job.pk])).status_code == 404
            assert api_for(persona).get(reverse("api:document-import-detail", args=[job.pk])).status_code == 404
    own = client_for("planner").get(reverse("documents:import-job", args=[second.pk])).content.decode()
    assert "Rotation plan" in own and 'data-marking="SECRET"' in own  # the banner covers the titles shown
    auditor = client_for("auditor").get(reverse("documents:import-job", args=[second.pk]))
    assert auditor.status_code == 200
    html = auditor.content.decode()
    assert "plan.txt" not in html and "Rotation plan" not in html and auditor.context["report"]["hidden"] == 1
    api = api_for("auditor").get(reverse("api:document-import-detail", args=[second.pk])).json()
    assert api["outcomes"] == [] and api["hidden"] == 1
    assert [o["name"] for o in api_for("auditor").get(
        reverse("api:document-import-detail", args=[first.pk])).json()["outcomes"]] == ["public.txt", "cable.txt"]


# --- the API -----------------------------------------------------------------------------------

def test_the_api_accepts_files_with_202_and_reports_progress_and_outcomes(structure, api_for):
    api = api_for("planner")
    response = api.post(reverse("api:document-import-list"), {
        "files": uploads(("good.txt", CABLE.encode()), ("bad.txt", b"\x00\x01\x02garbage" * 40)),
        "level": "UNCLASSIFIED", "owning_agency": "VDPO", "releasable_to": "MOD,MFA"}, format="multipart")
    assert response.status_code == 202, response.content
    body = response.json()
    job = Job.objects.get()
    assert body["id"] == str(job.pk) and body["url"].endswith(reverse("api:document-import-detail", args=[job.pk]))
    assert response["Location"] == body["url"]
    status = api.get(body["url"]).json()
    assert (status["status"], status["total"], status["done"]) == ("succeeded", 2, 2)
    assert [(o["name"], o["status"]) for o in status["outcomes"]] == [("good.txt", "created"), ("bad.txt", "failed")]
    assert status["outcomes"][1]["error"] and status["outcomes"][1]["document"] is None
    document = Document.objects.unrestricted().get(pk=status["outcomes"][0]["document"])
    from peaceops.org.models import Agency

    bits = {a.code: a.bit for a in Agency.objects.all()}
    assert document.releasable_mask == (1 << bits["MOD"]) | (1 << bits["MFA"])


@pytest.mark.parametrize("data", [
    {},
    {"files": "not-a-file"},
    {"level": "NOT A LEVEL"},
    {"owning_agency": "MFA"},  # not one of the planner's agencies
    {"files_too_many": True},
])
def test_bad_api_input_is_400_with_a_json_reason(structure, api_for, settings, data):
    settings.IMPORT_MAX_FILES = 1
    payload = dict(data)
    if payload.pop("files_too_many", False):
        payload["files"] = uploads(("a.txt", b"a"), ("b.txt", b"b"))
    elif "files" not in payload and data:
        payload["files"] = uploads(("a.txt", CABLE.encode()))
    response = api_for("planner").post(reverse("api:document-import-list"), payload, format="multipart")
    assert response.status_code == 400, response.content
    assert response.json()["detail"]
    assert not Job.objects.exists()


def test_an_unknown_job_is_404_on_the_api_and_the_page(structure, api_for, client_for):
    import uuid

    missing = uuid.uuid4()
    assert api_for("planner").get(reverse("api:document-import-detail", args=[missing])).status_code == 404
    assert client_for("planner").get(reverse("documents:import-job", args=[missing])).status_code == 404


def test_polling_a_job_costs_the_same_few_queries_however_many_files_it_has(structure, api_for, client_for):
    api, web = api_for("planner"), client_for("planner")
    counts = {}
    for n in (2, 12):
        files = uploads(*[(f"r{n}-{i}.txt", REPORT + f"{n}-{i}".encode()) for i in range(n)])
        url = api.post(reverse("api:document-import-list"), {"files": files, "owning_agency": "VDPO"},
                       format="multipart").json()["url"]
        job_id = url.rstrip("/").rsplit("/", 1)[-1]
        with CaptureQueriesContext(connection) as api_queries:
            assert len(api.get(url).json()["outcomes"]) == n
        with CaptureQueriesContext(connection) as page_queries:
            page = web.get(reverse("documents:import-job", args=[job_id]), headers={"HX-Request": "true"})
            assert page.status_code == 200
        counts[n] = (len(api_queries), len(page_queries))
    assert counts[2] == counts[12], counts
    api_count, page_count = counts[12]
    assert api_count <= 6 and page_count <= 8, counts


# --- the real worker ---------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_the_page_polls_until_the_database_worker_has_imported_the_files(structure, client_for, agencies, settings):
    settings.TASKS = DB_TASKS
    web = client_for("planner")
    response = post_upload(web, agencies, uploads(("good.txt", CABLE.encode()), ("report.txt", REPORT)))
    job = Job.objects.get()
    assert job.status == "queued" and not Document.objects.unrestricted().exists()
    html = web.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'data-status="queued"' in html
    partial = web.get(response["Location"], headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<section id="import-job"')
    run_worker()
    job.refresh_from_db()
    assert job.status == "succeeded" and job.done == 2
    finished = web.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' not in finished and 'data-status="succeeded"' in finished
    assert Document.objects.unrestricted().count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_worker_stopped_mid_file_leaves_no_partial_document_and_fails_the_job(structure, client_for, agencies,
                                                                               settings, monkeypatch):
    """The second file dies inside its transaction (after its document, portions and version were
    written): that file rolls back whole, the first stays, the job says the worker stopped."""
    from peaceops.documents.services import imports

    real_record = imports.record
    calls = {"n": 0}

    def dying_record(**kwargs):
        if kwargs.get("action") == "documents.document.import":
            calls["n"] += 1
            if calls["n"] == 2:
                raise SystemExit("worker killed")
        return real_record(**kwargs)

    settings.TASKS = DB_TASKS
    post_upload(client_for("planner"), agencies, uploads(("one.txt", CABLE.encode()), ("two.txt", REPORT),
                                                          ("three.txt", REPORT + b"3")))
    monkeypatch.setattr(imports, "record", dying_record)
    run_worker()
    job = Job.objects.get()
    assert job.status == "failed" and job.error and job.done == 1
    assert [r["name"] for r in job.result["items"]] == ["one.txt"]
    assert Document.objects.unrestricted().count() == 1
    only = Document.objects.unrestricted().get()
    assert Portion.objects.unrestricted().exclude(document=only).count() == 0
    assert DocumentVersion.objects.exclude(document=only).count() == 0


# --- a real worker process, killed with SIGKILL mid-import (SQLite file database) ------------------

SETUP = """
import django
django.setup()
from peaceops.access.context import system_scope
from peaceops.demo import scenario

with system_scope("kill test set-up") as actor:
    refs = scenario.load_structure(actor)
    scenario.load_personas(actor, refs["agencies"])
"""

START_JOB = """
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
files = [SimpleUploadedFile(f"report-{i:04d}.txt", f"Field report {i}\\n\\n{body}\\n".encode()) for i in range(first, count)]
job = import_job_start(actor=actor, uploads=files, owning_agency_id=Agency.objects.get(code="VDPO").pk)
print(job.pk)
"""


def _sqlite(db, sql, *args):
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        return conn.execute(sql, args).fetchall()


@pytest.mark.skipif(bool(__import__("os").environ.get("PEACEOPS_TEST_DATABASE_URL")),
                    reason="runs its own SQLite installation; the PostgreSQL run covers the in-process stop")
def test_a_worker_killed_mid_import_leaves_whole_files_only_and_its_job_is_failed_on_restart(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PEACEOPS_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "peaceops.settings.base",
           "PEACEOPS_SECRET_KEY": "kill-test-" + "k" * 50}
    for name in ("PEACEOPS_DATABASE_URL", "PEACEOPS_TEST_DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)

    def peaceops(*args, **extra):
        return subprocess.run([sys.executable, "-m", "peaceops", *args], cwd=root, env={**env, **extra},
                              capture_output=True, text=True, timeout=300)

    assert peaceops("migrate", "--noinput", "-v0").returncode == 0
    setup = subprocess.run([sys.executable, "-c", SETUP], cwd=root, env=env, capture_output=True, text=True,
                           timeout=300)
    assert setup.returncode == 0, setup.stderr
    files = 1500  # enough that even a fast importer is still busy when the worker is killed
    db = tmp_path / "peaceops.sqlite3"
    baseline = _sqlite(db, "SELECT COUNT(*) FROM documents_document")[0][0]  # none, unless set-up adds some
    started = subprocess.run([sys.executable, "-c", START_JOB, "0", str(files)], cwd=root, env=env, capture_output=True,
                             text=True, timeout=300)
    assert started.returncode == 0, started.stderr
    job_id = started.stdout.strip().splitlines()[-1].replace("-", "")
    uploads = tmp_path / "files" / "uploads"
    assert len(list(uploads.glob("*/*.txt"))) == files

    worker = subprocess.Popen([sys.executable, "-m", "peaceops", "db_worker", "--no-reload", "--no-startup-delay",
                               "-v0"], cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            done = _sqlite(db, "SELECT done FROM core_job WHERE id = ?", job_id)[0][0]
            if done >= 1:
                break
            time.sleep(0.05)
        worker.send_signal(signal.SIGKILL)  # no clean-up, no last write: as if the host died
    finally:
        worker.wait(timeout=30)
    status, done = _sqlite(db, "SELECT status, done FROM core_job WHERE id = ?", job_id)[0]
    assert status == "running" and 1 <= done < files, (status, done)

    # Every document there is whole: its portions, its version and its audit row, or nothing at all.
    documents = _sqlite(db, "SELECT id FROM documents_document")
    assert len(documents) - baseline >= done
    partial = _sqlite(db, """
        SELECT d.id FROM documents_document d
        WHERE NOT EXISTS (SELECT 1 FROM documents_portion p WHERE p.document_id = d.id)
           OR NOT EXISTS (SELECT 1 FROM documents_documentversion v WHERE v.document_id = d.id)
           OR NOT EXISTS (SELECT 1 FROM audit_auditevent a WHERE a.action = 'documents.document.import'
                          AND replace(a.target_id, '-', '') = d.id)""")
    assert partial == []
    assert _sqlite(db, "SELECT COUNT(*) FROM documents_portion WHERE document_id NOT IN "
                       "(SELECT id FROM documents_document)") == [(0,)]

    # A worker starting again fails the job whose worker died, with the reason, and tidies its uploads.
    restarted = peaceops("db_worker", "--batch", "--no-reload", "--no-startup-delay", "-v0",
                         PEACEOPS_JOB_STALE_AFTER_SECONDS="0")
    assert restarted.returncode == 0, restarted.stderr
    status, error = _sqlite(db, "SELECT status, error FROM core_job WHERE id = ?", job_id)[0]
    assert status == "failed" and error
    assert _sqlite(db, "SELECT status FROM django_tasks_database_dbtaskresult") == [("FAILED",)]
    assert not (uploads / started.stdout.strip().splitlines()[-1]).exists()

    # Importing the same files again skips what was imported and does the rest (here: the next five).
    imported = len(documents) - baseline
    again = subprocess.run([sys.executable, "-c", START_JOB, "0", str(imported + 5)], cwd=root, env=env,
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert peaceops("db_worker", "--batch", "--no-reload", "--no-startup-delay", "-v0").returncode == 0
    second = again.stdout.strip().splitlines()[-1].replace("-", "")
    result = _sqlite(db, "SELECT status, result FROM core_job WHERE id = ?", second)[0]
    counts = __import__("json").loads(result[1])["counts"]
    assert result[0] == "succeeded" and counts == {"created": 5, "duplicate": imported, "failed": 0}
    assert _sqlite(db, "SELECT COUNT(*) FROM documents_document") == [(baseline + imported + 5,)]
