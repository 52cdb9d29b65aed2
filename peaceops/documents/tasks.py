"""Background import of uploaded files (web upload and API), as a job with progress.

`import_job_start` saves the uploads under FILES_ROOT/uploads/<job id>/ and queues the job;
the `import_documents` task imports the files with `services.import_files` (UPLOAD_BATCH files per
commit, each file all-or-nothing, so a worker killed mid-import leaves no half-imported file and
loses at most its uncommitted batch) and records each file's outcome in the job's report, in upload
order, as each batch commits. The uploaded copies are removed when the job ends.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path, PurePath

from django.conf import settings
from django.utils.translation import gettext as _
from django_tasks import task

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for
from peaceops.core import jobs
from peaceops.core.errors import NotPermitted
from peaceops.core.models import Job

from . import selectors
from .forms import MAX_FILE_BYTES, oversized
from .models import Document

IMPORT_KIND = "documents.import"
OUTCOMES = ("created", "duplicate", "failed")
UPLOAD_BATCH = 50  # files per commit: the progress moves a batch at a time


def upload_dir(job_id) -> Path:
    return Path(settings.FILES_ROOT) / "uploads" / str(job_id)


def import_job_start(*, actor: Actor, uploads, owning_agency_id, plain_level: int = 0,
                     releasable_mask: int = 0) -> Job:
    """Save the uploaded files and queue their import; returns the job (already run under an immediate backend)."""
    if not policy_for(Document).allows(actor, "import"):
        raise NotPermitted()
    job_id = uuid.uuid4()
    folder = upload_dir(job_id)
    folder.mkdir(parents=True, exist_ok=False)
    root = Path(settings.FILES_ROOT)
    try:
        files = []
        for index, upload in enumerate(uploads, start=1):
            entry = {"name": PurePath(upload.name).name[:255], "size": upload.size}
            if oversized(upload):
                entry["refused"] = "too_large"  # not stored: reported as failed by the task
            else:
                stored = folder / f"{index:04d}{PurePath(upload.name).suffix.lower()[:10]}"
                with stored.open("wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                entry["path"] = stored.relative_to(root).as_posix()
            files.append(entry)
        params = {"files": files, "owning_agency_id": str(owning_agency_id), "plain_level": int(plain_level),
                  "releasable_mask": int(releasable_mask)}
        return jobs.job_create(actor=actor, kind=IMPORT_KIND, task=import_documents, total=len(files),
                               params=params, pk=job_id)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


@task()
def import_documents(job_id: str) -> dict | None:
    """Import the files of an upload job, as the user who uploaded them."""
    return jobs.run(job_id, _import_uploaded)


def _import_uploaded(run: jobs.JobRun) -> dict:
    from peaceops.org.models import Agency

    from .services import import_files

    params = run.params
    counts = dict.fromkeys(OUTCOMES, 0)
    run.result = {"items": [], "counts": counts}
    root = Path(settings.FILES_ROOT)
    owner = Agency._meta.pk.to_python(params["owning_agency_id"])  # stored as text in the job's JSON
    entries = params.get("files", [])
    items: list[dict | None] = [None] * len(entries)  # each file's line of the report, in upload order
    imported: list[int] = []  # positions of the files handed to the import, in the order handed
    reported = answered = 0

    def report_ready() -> None:
        """Report the files whose outcome is known, in upload order (a batch's once it is committed)."""
        nonlocal reported
        while reported < len(items) and items[reported] is not None:
            item = items[reported]
            counts[item["status"]] = counts.get(item["status"], 0) + 1
            run.advance(item=item)
            reported += 1

    def readable():
        for position, entry in enumerate(entries):
            item = {"name": entry["name"], "status": "failed", "document": None, "code": "", "error": ""}
            if entry.get("refused") == "too_large":
                items[position] = item | {"code": "too_large", "error": _(
                    "The file is larger than %(megabytes)d MB.") % {"megabytes": MAX_FILE_BYTES // (1024 * 1024)}}
                continue
            try:
                content = (root / entry["path"]).read_bytes()
            except OSError:
                items[position] = item | {"code": "missing", "error": _("The uploaded file is no longer on the server.")}
                continue
            imported.append(position)
            yield entry["name"], content

    def on_outcome(outcome) -> None:
        nonlocal answered
        position = imported[answered]  # outcomes come in the order the files were handed
        answered += 1
        document = outcome.document
        items[position] = {"name": entries[position]["name"], "status": outcome.status, "code": outcome.code or "",
                           "error": str(outcome.error or ""),
                           "document": str(document.pk) if document is not None else None}
        report_ready()

    try:
        if not policy_for(Document).allows(run.actor, "import"):
            raise jobs.JobFailed(_("You no longer hold a role that may import documents."))
        # Parsed in this process (a task worker, or the web process under an immediate backend).
        import_files(actor=run.actor, files=readable(), owning_agency_id=owner,
                     plain_level=params.get("plain_level", 0), releasable_mask=params.get("releasable_mask", 0),
                     batch=UPLOAD_BATCH, workers=0, on_outcome=on_outcome)
        report_ready()  # files refused before the import, after the last one imported
    finally:
        shutil.rmtree(upload_dir(run.job.pk), ignore_errors=True)
    return run.result


def _remove_uploads(job: Job) -> None:
    shutil.rmtree(upload_dir(job.pk), ignore_errors=True)


jobs.register_cleanup(IMPORT_KIND, _remove_uploads)


# --- reading the report -------------------------------------------------------------------------

def import_jobs_recent(*, actor: Actor, limit: int = 5) -> list[Job]:
    """The actor's own latest import jobs (for the upload page)."""
    return list(Job.objects.filter(kind=IMPORT_KIND, created_by_id=actor.user_id).order_by("-created_at")[:limit]) \
        if actor.user_id is not None else []


def import_job_report(*, actor: Actor, job: Job) -> dict:
    """The report as this reader may see it.

    The creator sees every file; a document is linked (with its title) only if the reader may
    see it now. Auditors and administrators reading another user's job see only the rows of
    documents they may see themselves; the rest are counted, not named.
    """
    items = list((job.result or {}).get("items", []))
    ids = [i["document"] for i in items if i.get("document")]
    visible = {str(d.pk): d for d in selectors.document_list(actor=actor).filter(pk__in=ids)} if ids else {}
    own = actor.user_id is not None and job.created_by_id == actor.user_id
    rows, hidden = [], 0
    for item in items:
        document = visible.get(item.get("document") or "")
        if not own and document is None:
            hidden += 1
            continue
        rows.append({**item, "document_obj": document})
    counts = dict.fromkeys(OUTCOMES, 0) | dict((job.result or {}).get("counts", {}))
    failed_first = sorted(rows, key=lambda row: row["status"] != "failed")  # stable: upload order otherwise
    return {"rows": rows, "failed_first": failed_first, "hidden": hidden, "counts": counts,
            "documents": list(visible.values()), "own": own}
