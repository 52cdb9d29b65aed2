"""The decision brief, generated in the background as a job with progress (core.jobs).

`brief_job_start` checks that the actor may export the proposal and queues `render_brief`; the task
re-reads the proposal through the access layer as the user who asked (their clearance may have
changed, or the proposal's marking been raised, in between), renders the one-page PDF in the
language asked for, and writes it to FILES_ROOT/briefs/<job id>.pdf (temporary name, then rename:
nobody ever downloads half a file). `brief_download` hands the file to its creator only, after the
same checks once more, and audits the export — a brief leaves the system when it is downloaded.

Progress is three steps: the proposal and its review are read, the PDF is rendered, the file is
stored. A job whose worker died is failed by core.jobs; its partial file is removed (cleanup).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from peaceops.access.actor import Actor
from peaceops.access.banner import page_marking
from peaceops.access.policies import policy_for
from peaceops.core import jobs
from peaceops.core.choices import JobStatus
from peaceops.core.errors import NotPermitted
from peaceops.core.models import Job

from . import selectors, services
from .models import CourseOfAction, Proposal

BRIEF_KIND = "decisions.brief"
LANGUAGES = ("vi", "en")
STEPS = 3
# The banner colours of app.css (--po-*), for the PDF's page margins.
BANNER_COLORS = {"unclassified": "#007a33", "confidential": "#0033a0", "secret": "#c8102e", "top-secret": "#ff8c00"}


def brief_language(value: str | None) -> str:
    return "en" if (value or "").lower().startswith("en") else "vi"


def brief_dir() -> Path:
    return Path(settings.FILES_ROOT) / "briefs"


def brief_path(job_id) -> Path:
    return brief_dir() / f"{uuid.UUID(str(job_id))}.pdf"


def brief_job_start(*, actor: Actor, proposal: Proposal, language: str) -> Job:
    """Queue the brief of a proposal the actor may see and export; returns the job (already run under an
    immediate backend). NotPermitted when the actor may see the proposal but not export it."""
    proposal = selectors.proposal_get(actor=actor, pk=proposal.pk)  # Http404 when not visible
    if not policy_for(Proposal).allows(actor, "export", proposal):
        raise NotPermitted()
    language = brief_language(language)
    return jobs.job_create(actor=actor, kind=BRIEF_KIND, task=render_brief, total=STEPS,
                           params={"proposal": str(proposal.pk), "language": language},
                           message=_("Waiting to prepare the brief."))


@task()
def render_brief(job_id: str) -> dict | None:
    """Render a proposal's brief, as the user who asked for it."""
    return jobs.run(job_id, _render)


def brief_context(*, actor: Actor, proposal: Proposal) -> dict:
    """What the brief template shows (call under the brief's language). No comment is ever in it."""
    from peaceops.core.pdf import FONT_STACK

    marking = page_marking([proposal])
    return {
        "proposal": proposal, "courses": selectors.courses(proposal=proposal),
        "score_rows": [(n, CourseOfAction._meta.get_field(n).verbose_name) for n in CourseOfAction.SCORES],
        "review_items": selectors.review_items(proposal=proposal),
        "positions": selectors.positions(proposal=proposal), "flags": selectors.proposal_flags(proposal),
        "page_marking": marking, "font_stack": FONT_STACK,
        "banner_color": BANNER_COLORS.get(marking.style, BANNER_COLORS["top-secret"]),
        "generated_at": timezone.localtime(), "generated_by": actor.label,
    }


def _render(run: jobs.JobRun) -> dict:
    from peaceops.core.pdf import render_template_pdf

    language = brief_language(run.params.get("language"))
    try:
        proposal = selectors.proposal_get(actor=run.actor, pk=run.params["proposal"])
    except (Http404, ValueError, KeyError):
        raise jobs.JobFailed(_("The proposal no longer exists or is no longer visible to you.")) from None
    if not policy_for(Proposal).allows(run.actor, "export", proposal):
        raise jobs.JobFailed(_("You no longer hold a role that may export this proposal."))
    # The brief is in the language asked for; the job's messages stay in the asker's page language.
    with translation.override(language):
        context = brief_context(actor=run.actor, proposal=proposal)
    run.advance(message=_("Proposal and review read."))
    with translation.override(language):
        body = render_template_pdf("decisions/brief.html", context)
    run.advance(message=_("PDF rendered."))
    target = brief_path(run.job.pk)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(body)
    os.replace(partial, target)
    run.advance(message=_("Brief ready."))
    marking = context["page_marking"]
    return {"proposal": str(proposal.pk), "reference": proposal.reference, "language": language,
            "size": len(body), "marking": marking.code, "filename": f"{proposal.reference}-{language}.pdf"}


def _remove_brief(job: Job) -> None:
    for path in (brief_path(job.pk), brief_path(job.pk).with_suffix(".part")):
        path.unlink(missing_ok=True)


jobs.register_cleanup(BRIEF_KIND, _remove_brief)


# --- reading and downloading -----------------------------------------------------------------

def brief_job_get(*, actor: Actor, pk) -> Job:
    """The actor's own brief job (creator only: a brief is an export of its creator's), stale state
    refreshed; Job.DoesNotExist otherwise."""
    job = jobs.job_get(actor=actor, pk=pk, kind=BRIEF_KIND)
    if actor.user_id is None or job.created_by_id != actor.user_id:
        raise Job.DoesNotExist
    return job


def brief_job_proposal(*, actor: Actor, job: Job) -> Proposal | None:
    """The job's proposal if the actor may still see it, else None."""
    try:
        return selectors.proposal_get(actor=actor, pk=job.params.get("proposal"))
    except (Http404, ValueError):
        return None


@dataclass(frozen=True)
class BriefFile:
    content: bytes
    filename: str
    marking: str


def brief_download(*, actor: Actor, job: Job) -> BriefFile:
    """The finished brief, for its creator who may still see and export the proposal; audited as an export.

    Http404 when the job is unfinished, failed, its file gone, or the proposal no longer visible;
    NotPermitted when the export role was withdrawn.
    """
    if job.status != JobStatus.SUCCEEDED or job.created_by_id != actor.user_id:
        raise Http404
    proposal = selectors.proposal_get(actor=actor, pk=job.params.get("proposal"))
    try:
        content = brief_path(job.pk).read_bytes()
    except OSError:
        raise Http404 from None
    result = job.result or {}
    services.proposal_brief_audit(actor=actor, proposal=proposal, language=result.get("language", ""),
                                  job_id=str(job.pk))
    return BriefFile(content=content, filename=result.get("filename") or f"{proposal.reference}.pdf",
                     marking=result.get("marking", ""))


def brief_jobs_recent(*, actor: Actor, proposal: Proposal, limit: int = 4) -> list[Job]:
    """The actor's latest brief jobs for this proposal (for the proposal page)."""
    if actor.user_id is None:
        return []
    return list(Job.objects.filter(kind=BRIEF_KIND, created_by_id=actor.user_id,
                                   params__proposal=str(proposal.pk)).order_by("-created_at")[:limit])
