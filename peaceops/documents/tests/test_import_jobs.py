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
def test_a_worker_stopped_mid_batch_leaves_no_partial_document_and_fails_the_job(structure, client_for, agencies,
                                                                                settings, monkeypatch, _files_root):
    """Two files per commit: the second batch dies inside its transaction (after its documents,
    portions, versions and search rows were written, at its audit rows): that batch rolls back whole,
    originals included; the first stays, reported in upload order; the job says the worker stopped."""
    from peaceops.documents import tasks
    from peaceops.documents.models import Attachment
    from peaceops.documents.services import imports

    from .test_import_formats import stored_files

    real_record_many = imports.record_many
    calls = {"n": 0}

    def dying_record_many(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("worker killed")
        return real_record_many(**kwargs)

    settings.TASKS = DB_TASKS
    monkeypatch.setattr(tasks, "UPLOAD_BATCH", 2)
    post_upload(client_for("planner"), agencies, uploads(("one.txt", CABLE.encode()), ("two.txt", REPORT),
                                                          ("three.txt", REPORT + b"3"), ("four.txt", REPORT + b"4")))
    monkeypatch.setattr(imports, "record_many", dying_record_many)
    run_worker()
    job = Job.objects.get()
    assert job.status == "failed" and job.error and job.done == 2
    assert [r["name"] for r in job.result["items"]] == ["one.txt", "two.txt"]
    kept = set(Document.objects.unrestricted().values_list("pk", flat=True))
    assert sorted(Document.objects.unrestricted().values_list("source_name", flat=True)) == ["one.txt", "two.txt"]
    assert set(Portion.objects.unrestricted().values_list("document_id", flat=True)) == kept
    assert set(DocumentVersion.objects.values_list("document_id", flat=True)) == kept
    assert [p for p in stored_files(_files_root) if not p.startswith("uploads/")] == sorted(
        Attachment.objects.unrestricted().values_list("storage_path", flat=True))


def test_the_report_keeps_the_upload_order_when_files_fail_before_the_import(structure, client_for, agencies,
                                                                            monkeypatch):
    """A file refused before the import (too large) is reported in its place,
    between files reported only once their batch is committed."""
    from peaceops.documents import forms, tasks

    monkeypatch.setattr(forms, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(tasks, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(tasks, "UPLOAD_BATCH", 2)
    response = post_upload(client_for("planner"), agencies, uploads(
        ("one.txt", REPORT), ("two.txt", REPORT + b"2"), ("huge.txt", b"x" * 2000), ("again.txt", REPORT),
        ("three.txt", REPORT + b"3")))  # huge.txt is read while the first batch is not yet written
    assert response.status_code == 302
    job = Job.objects.get()
    assert [(r["name"], r["status"]) for r in job.result["items"]] == [
        ("one.txt", "created"), ("two.txt", "created"), ("huge.txt", "failed"), ("again.txt", "duplicate"),
        ("three.txt", "created")]
    assert job.result["counts"] == {"created": 3, "duplicate": 1, "failed": 1} and job.done == 5


# A real worker process killed with SIGKILL mid-import, on both engines: tests/test_fault_worker_kill.py
