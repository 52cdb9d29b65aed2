"""The decision brief: queued as a background job with progress, polled by the page (HTMX) and the API,
downloaded by the officer who asked for it, audited as an export when it leaves the system."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peaceops.audit.models import AuditEvent
from peaceops.core.models import Job
from peaceops.decisions import tasks

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _files_root(settings, tmp_path):
    settings.FILES_ROOT = tmp_path / "files"


def run_worker():
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="test-worker", excluded_queue_names=[]).run()


def ask_brief(client, proposal, language="vi"):
    return client.post(reverse("decisions:brief", args=[proposal.pk]), {"lang": language})


def test_the_planner_asks_for_a_brief_in_each_language_and_downloads_a_pdf_under_the_proposals_marking(
        make_proposal, client_for):
    proposal = make_proposal()
    web = client_for("planner")
    for language in ("vi", "en"):
        response = ask_brief(web, proposal, language)
        job = Job.objects.filter(kind=tasks.BRIEF_KIND).order_by("-created_at").first()
        assert response.status_code == 302 and response["Location"] == reverse("decisions:brief-job", args=[job.pk])
        assert (job.status, job.done, job.total) == ("succeeded", 3, 3)
        page = web.get(response["Location"]).content.decode()
        assert 'data-testid="brief-download"' in page and 'hx-trigger' not in page
        pdf = web.get(reverse("decisions:brief-download", args=[job.pk]))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert pdf["X-PeaceOps-Marking"] == "CONFIDENTIAL"
        assert f"{proposal.reference}-{language}.pdf" in pdf["Content-Disposition"]
    exports = AuditEvent.objects.filter(action="decisions.proposal.brief").order_by("seq")
    assert [e.changes["language"] for e in exports] == ["vi", "en"]
    assert all(e.level == 1 and e.target_id == str(proposal.pk) for e in exports)


def test_the_brief_is_written_only_when_rendered_and_audited_only_when_downloaded(make_proposal, client_for):
    proposal = make_proposal()
    web = client_for("planner")
    ask_brief(web, proposal)
    job = Job.objects.get(kind=tasks.BRIEF_KIND)
    assert tasks.brief_path(job.pk).read_bytes().startswith(b"%PDF")
    assert not tasks.brief_path(job.pk).with_suffix(".part").exists()
    assert not AuditEvent.objects.filter(action="decisions.proposal.brief").exists()
    assert AuditEvent.objects.filter(action="core.job.create", target_id=str(job.pk)).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_job_page_polls_until_a_real_worker_has_rendered_the_brief(make_proposal, client_for, settings):
    settings.TASKS = DB_TASKS
    proposal = make_proposal()
    web = client_for("planner")
    response = ask_brief(web, proposal, "en")
    job = Job.objects.get(kind=tasks.BRIEF_KIND)
    assert job.status == "queued"
    html = web.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'data-status="queued"' in html
    assert 'data-testid="brief-download"' not in html
    assert web.get(reverse("decisions:brief-download", args=[job.pk])).status_code == 404  # not ready
    partial = web.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<section id="brief-job"')
    run_worker()
    finished = web.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' not in finished and 'data-testid="brief-download"' in finished
    assert web.get(reverse("decisions:brief-download", args=[job.pk])).content.startswith(b"%PDF")


def test_a_brief_is_its_creators_alone_even_for_auditors_and_admins(make_proposal, client_for):
    proposal = make_proposal()
    ask_brief(client_for("planner"), proposal)
    job = Job.objects.get(kind=tasks.BRIEF_KIND)
    for persona in ("auditor", "admin", "mfa"):
        web = client_for(persona)
        assert web.get(reverse("decisions:brief-job", args=[job.pk])).status_code == 404
        assert web.get(reverse("decisions:brief-download", args=[job.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="decisions.proposal.brief").exists()


def test_the_brief_of_an_invisible_proposal_is_404(make_proposal, client_for):
    proposal = make_proposal(level=2)
    assert ask_brief(client_for("health"), proposal).status_code == 404
    assert not Job.objects.filter(kind=tasks.BRIEF_KIND).exists()


def test_a_brief_whose_proposal_was_raised_above_its_creator_cannot_be_downloaded(make_proposal, client_for, users):
    """personnel (CONFIDENTIAL) asked for the brief; the proposal is then raised to SECRET."""
    from peaceops.decisions.models import Proposal

    proposal = make_proposal()
    web = client_for("personnel")
    assert ask_brief(web, proposal).status_code == 302
    job = Job.objects.get(kind=tasks.BRIEF_KIND)
    assert job.status == "succeeded"
    Proposal.objects.unrestricted().filter(pk=proposal.pk).update(level_id=2)
    assert web.get(reverse("decisions:brief-download", args=[job.pk])).status_code == 404
    page = web.get(reverse("decisions:brief-job", args=[job.pk])).content.decode()
    assert 'data-testid="brief-gone"' in page and proposal.title not in page
    assert not AuditEvent.objects.filter(action="decisions.proposal.brief").exists()


def test_a_proposal_raised_before_the_worker_runs_fails_the_job_with_a_reason(make_proposal, client_for, settings):
    from peaceops.decisions.models import Proposal

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    proposal = make_proposal()
    ask_brief(client_for("personnel"), proposal)
    job = Job.objects.get(kind=tasks.BRIEF_KIND)
    Proposal.objects.unrestricted().filter(pk=proposal.pk).update(level_id=2)
    tasks.render_brief.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == "failed" and "no longer" in job.error
    assert not tasks.brief_path(job.pk).exists()


# --- the API ----------------------------------------------------------------------------------

def test_the_api_queues_a_brief_reports_progress_and_serves_the_pdf(make_proposal, api_for):
    proposal = make_proposal()
    api = api_for("planner")
    created = api.post(reverse("api:proposal-briefs", args=[proposal.pk]), {"language": "en"}, format="json")
    assert created.status_code == 202, created.content
    body = created.json()
    assert body["status"] == "succeeded" and body["percent"] == 100 and body["language"] == "en"
    assert created["Location"] == body["url"]
    polled = api.get(body["url"]).json()
    assert polled["proposal"] == str(proposal.pk)
    assert polled["download"] == body["download"] and polled["marking"] == "CONFIDENTIAL"
    pdf = api.get(body["download"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="decisions.proposal.brief", changes__job=body["id"]).count() == 1


def test_the_api_refuses_a_bad_language_and_hides_other_officers_briefs(make_proposal, api_for):
    proposal = make_proposal()
    api = api_for("planner")
    assert api.post(reverse("api:proposal-briefs", args=[proposal.pk]), {"language": "fr"},
                    format="json").status_code == 400
    body = api.post(reverse("api:proposal-briefs", args=[proposal.pk]), {}, format="json").json()
    assert body["language"] == "vi"
    for persona in ("auditor", "mfa"):
        other = api_for(persona)
        assert other.get(body["url"]).status_code == 404
        assert other.get(body["download"]).status_code == 404
    secret = make_proposal(level=2)
    assert api_for("health").post(reverse("api:proposal-briefs", args=[secret.pk]), {},
                                  format="json").status_code == 404
    assert api.get(reverse("api:proposal-brief-job", args=["0" * 32])).status_code == 404
