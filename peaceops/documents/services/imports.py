"""Writes to the document library: import (idempotent by content hash, one transaction per file).

One import = one transaction: the document, its portions, its version, its original file's
Attachment, the Lessons and ActionItems drawn from a report's sections, the search rows and one
audit row. The audit row summarises what was created (counts and the ids of the lessons and action
items), so every record the import made can be traced to it. The original file is written under
FILES_ROOT before the rows; if the transaction fails, the file is removed again unless another
row names it (storage.sweep() catches files left by an outer caller's rollback).

The number of queries per document is constant (bulk inserts, level ranks from settings, agencies
fetched only when an action names an owner): see test_import_formats.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError
from django.utils.translation import gettext as _

from peaceops.access.actor import Actor
from peaceops.access.marking import Marking, check_no_write_up
from peaceops.access.models import level_labels
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service
from peaceops.decisions.choices import ActionSource
from peaceops.decisions.models import ActionItem

from .. import storage
from ..ingest import MAX_BYTES, DocumentDraft, IngestError, draft_from_bytes
from ..models import Attachment, Document, DocumentVersion, Lesson, Portion
from ..search import index_document


@dataclass
class ImportOutcome:
    name: str
    status: str  # "created", "duplicate" or "failed"
    document: Document | None = None
    code: str = ""
    error: str = ""


def ingest_message(error: IngestError) -> str:
    messages = {
        "empty": _("The file is empty."),
        "too_large": _("The file is larger than %(megabytes)d MB."),
        "binary": _("The file holds binary data, not text, and is not a PDF or DOCX file."),
        "undecodable": _("The text cannot be decoded (UTF-8, UTF-16 or Windows-1258 expected)."),
        "unmarked_paragraph": _("Paragraph %(number)s has no marking and the cable has no banner."),
        "pdf_encrypted": _("The PDF is protected by a password; save an unprotected copy and import that."),
        "pdf_corrupt": _("The PDF is damaged or not a PDF file."),
        "no_text": _("The file contains no text (a scanned document needs text recognition first)."),
        "docx_not_zip": _("The file is not a valid DOCX document (a DOCX file is a ZIP archive)."),
        "docx_corrupt": _("The DOCX document is damaged: its text cannot be read."),
        "docx_too_large": _("The DOCX document would unpack to more than %(megabytes)d MB."),
        "legacy_office": _("Word 97–2003 (.doc) files cannot be read; save the file as DOCX or PDF."),
        "unsupported": _("%(format)s files cannot be imported; use TXT, HTML, PDF or DOCX."),
        "read_error": _("The file cannot be read."),
    }
    message = messages.get(error.code, _("The file cannot be imported."))
    defaults = {"megabytes": MAX_BYTES // (1024 * 1024), "number": "?", "format": "?"}
    try:
        return message % {**defaults, **error.params}
    except (KeyError, TypeError, ValueError):
        return _("The file cannot be imported.")


def import_failure(name: str, error: IngestError) -> ImportOutcome:
    """The outcome for a file refused before import (e.g. too large to read): same wording."""
    return ImportOutcome(name, "failed", code=error.code, error=ingest_message(error))


def import_file(*, actor: Actor, name: str, content: bytes, owning_agency_id, plain_level: int = 0,
                releasable_mask: int = 0) -> ImportOutcome:
    """Import one file; never raises for a bad file: the outcome says what happened and why."""
    try:
        draft = draft_from_bytes(content, name)
    except IngestError as error:
        return import_failure(name, error)
    existing = Document.objects.unrestricted().filter(content_hash=draft.content_hash).exists()
    if existing:
        return ImportOutcome(name, "duplicate")
    try:
        document = document_create_from_draft(actor=actor, draft=draft, owning_agency_id=owning_agency_id,
                                              plain_level=plain_level, releasable_mask=releasable_mask)
    except ServiceError as error:
        return ImportOutcome(name, "failed", code="refused", error=str(error.message))
    except IntegrityError:
        # The same file imported at the same moment by someone else: theirs won.
        if Document.objects.unrestricted().filter(content_hash=draft.content_hash).exists():
            return ImportOutcome(name, "duplicate")
        raise
    return ImportOutcome(name, "created", document)


# --- many files: the bulk path ----------------------------------------------------------------

BULK_BATCH = 200  # files per commit; each file is still its own savepoint


def _parse(item: tuple[str, bytes]) -> DocumentDraft | IngestError:
    """Parse one file (in a worker process when asked): the draft, or the error that refuses it."""
    name, content = item
    try:
        return draft_from_bytes(content, name)
    except IngestError as error:
        return error


def _drafts(items: list[tuple[str, bytes]], pool) -> list:
    if pool is None:
        return [_parse(item) for item in items]
    return list(pool.map(_parse, items, chunksize=max(1, len(items) // 16)))


def import_files(*, actor: Actor, files: Iterable[tuple[str, bytes]], owning_agency_id, plain_level: int = 0,
                 releasable_mask: int = 0, batch: int = BULK_BATCH, workers: int = 0,
                 on_outcome: Callable[[ImportOutcome], None] | None = None) -> list[ImportOutcome]:
    """Import many files fast, with the guarantees of `import_file` for each one.

    Each file is still all-or-nothing: its rows, search rows and audit row are written by the same
    service inside a SAVEPOINT, so a bad file rolls back only itself (the others of its batch stay),
    and nothing is ever half-imported. What changes is when they commit: every `batch` files at once,
    which saves the commit of each file and, on SQLite, lets FTS5 write one index segment per batch
    instead of one per file; the duplicate check by content hash is one query per batch. A process
    killed mid-batch loses that batch's files whole (they import again next time: the import is
    idempotent by content hash). `workers` > 1 parses the files in that many processes while the
    database work stays in this one. Outcomes come back in the order of `files`.
    """
    from concurrent.futures import ProcessPoolExecutor
    from itertools import islice

    from django.db import transaction

    outcomes: list[ImportOutcome] = []
    pool = ProcessPoolExecutor(max_workers=workers) if workers and workers > 1 else None
    iterator = iter(files)
    try:
        while chunk := list(islice(iterator, max(1, batch))):
            drafts = _drafts(chunk, pool)
            hashes = [d.content_hash for d in drafts if isinstance(d, DocumentDraft)]
            with transaction.atomic():
                seen = set(Document.objects.unrestricted().filter(content_hash__in=hashes)
                           .values_list("content_hash", flat=True)) if hashes else set()
                batch_outcomes = []
                for (name, _content), draft in zip(chunk, drafts, strict=True):
                    if isinstance(draft, IngestError):
                        outcome = import_failure(name, draft)
                    elif draft.content_hash in seen:
                        outcome = ImportOutcome(name, "duplicate")
                    else:
                        outcome = _import_draft(actor, name, draft, owning_agency_id, plain_level, releasable_mask)
                        if outcome.status != "failed":
                            seen.add(draft.content_hash)
                    batch_outcomes.append(outcome)
            outcomes += batch_outcomes
            if on_outcome is not None:
                for outcome in batch_outcomes:  # reported once committed
                    on_outcome(outcome)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return outcomes


def _import_draft(actor, name, draft, owning_agency_id, plain_level, releasable_mask) -> ImportOutcome:
    """One parsed file through the service, in its own savepoint (the service's atomic block)."""
    try:
        document = document_create_from_draft(actor=actor, draft=draft, owning_agency_id=owning_agency_id,
                                              plain_level=plain_level, releasable_mask=releasable_mask)
    except ServiceError as error:
        return ImportOutcome(name, "failed", code="refused", error=str(error.message))
    except IntegrityError:
        if Document.objects.unrestricted().filter(content_hash=draft.content_hash).exists():
            return ImportOutcome(name, "duplicate")  # imported at the same moment by someone else
        raise
    return ImportOutcome(name, "created", document)


def _level_ranks() -> dict[str, int]:
    """{code: rank} from settings (the Level table is seeded from the same list): no query."""
    return {code: rank for rank, (code, _vi, _en) in level_labels().items()}


def _agency_resolver(drafts) -> dict:
    """{CODE or lower-cased name: agency id}, fetched only when some action names an owner."""
    if not any(a.owner_text for a in drafts):
        return {}
    from peaceops.org.models import Agency

    names = {}
    for pk, code, label_vi, label_en in Agency.objects.values_list("pk", "code", "label_vi", "label_en"):
        names[code.upper()] = pk
        for label in (label_vi, label_en):
            if label:
                names[label.casefold()] = pk
    return names


def resolve_owner(owner_text: str, names: dict):
    """The agency an owner text names by its code ("MOD", "MOD/MFA" → MOD) or its full name."""
    import re

    if not owner_text or not names:
        return None
    found = []
    for match in re.finditer(r"[A-Z][A-Z0-9-]{1,15}", owner_text):
        if match.group(0) in names:
            found.append((match.start(), names[match.group(0)]))
    folded = owner_text.casefold()
    for label, pk in names.items():
        if not label.isupper() and label in folded:
            found.append((folded.index(label), pk))
    return min(found, key=lambda item: item[0])[1] if found else None


@service
def document_create_from_draft(*, actor: Actor, draft: DocumentDraft, owning_agency_id, plain_level: int = 0,
                               releasable_mask: int = 0) -> Document:
    """Store a draft with its portions, original file, lessons and action items; the banner is the
    highest portion (no write above clearance)."""
    if not policy_for(Document).allows(actor, "import"):
        raise NotPermitted()
    if draft.lessons and not policy_for(Lesson).allows(actor, "import"):
        raise NotPermitted()
    if draft.actions and not policy_for(ActionItem).allows(actor, "import"):
        raise NotPermitted()
    ranks = _level_ranks()
    if draft.kind != "cable" and draft.banner_code in ranks:
        plain_level = max(plain_level, ranks[draft.banner_code])  # a report's banner line, if higher
    portion_levels = [ranks[p.code] if p.code else plain_level for p in draft.portions]
    banner = max(portion_levels)
    if draft.title_code is None:
        title_level = banner
    else:
        title_level = min(ranks.get(draft.title_code, banner) if draft.title_code else plain_level, banner)
    downgrade = 0 if draft.declassify_on else None
    check_no_write_up(actor, Marking(level=banner, owning_agency_id=owning_agency_id, declassify_on=draft.declassify_on,
                                     downgrade_level=downgrade))
    marking = {
        "owning_agency_id": owning_agency_id, "releasable_mask": releasable_mask,
        "declassify_on": draft.declassify_on, "downgrade_level_id": downgrade,
        "classified_by": draft.classified_by[:150], "classification_reason": draft.reason[:255],
    }
    stored = None
    if draft.original is not None:
        stored = storage.store(draft.original.content, draft.content_hash)
    try:
        return _create(actor, draft, marking, portion_levels, banner, title_level, stored)
    except BaseException:
        if stored is not None and stored.created:
            storage.remove(stored.path)  # this transaction rolls back: no row will name the file
        raise


def _create(actor, draft: DocumentDraft, marking: dict, portion_levels: list[int], banner: int, title_level: int,
            stored) -> Document:
    """The rows of one import (inside the service's transaction)."""
    document = Document(
        kind=draft.kind, title=draft.title, reference=draft.reference, tags=draft.tags, dated=draft.dated,
        language=draft.language, content_hash=draft.content_hash, source_name=draft.source_name[:255],
        level_id=title_level, banner_level_id=banner, **marking,
    )
    document.save(force_insert=True)
    portions = [
        Portion(document=document, order=order, number=p.number[:16], text=p.text, level_id=level, **marking)
        for order, (p, level) in enumerate(zip(draft.portions, portion_levels, strict=True), start=1)
    ]
    Portion.objects.unrestricted().bulk_create(portions)  # a write: no visibility filter to build
    DocumentVersion.objects.create(document=document, number=1, author=actor.label,
                                   reason=_("Imported from %(name)s") % {"name": draft.source_name})
    changes = {"source": draft.source_name, "kind": draft.kind, "language": draft.language,
               "portions": len(portions), "banner": banner, "content_hash": draft.content_hash}
    if stored is not None:
        original = draft.original
        Attachment(document=document, filename=original.filename[:255], content_type=original.content_type,
                   size=len(original.content), sha256=draft.content_hash, storage_path=stored.path,
                   extracted_chars=original.extracted_chars, level_id=banner, **marking).save(force_insert=True)
        changes["attachment"] = {"filename": original.filename, "content_type": original.content_type,
                                 "size": len(original.content), "storage_path": stored.path}
    if draft.lessons:
        lessons = [
            Lesson(document=document, portion=portions[item.portion], section=item.section, category=item.category,
                   text=item.text, level_id=portions[item.portion].level_id, **marking)
            for item in draft.lessons
        ]
        Lesson.objects.unrestricted().bulk_create(lessons)
        counts: dict[str, int] = {}
        for lesson in lessons:
            counts[lesson.category] = counts.get(lesson.category, 0) + 1
        changes["lessons"] = counts
        changes["lesson_ids"] = [str(lesson.pk) for lesson in lessons]
    if draft.actions:
        names = _agency_resolver(draft.actions)
        actions = [
            ActionItem(title=item.title, description=item.description if item.description != item.title else "",
                       source=ActionSource.REPORT, source_document=document, owner_text=item.owner_text[:200],
                       owner_agency_id=resolve_owner(item.owner_text, names), due_on=item.due_on,
                       level_id=portions[item.portion].level_id, **marking)
            for item in draft.actions
        ]
        ActionItem.objects.unrestricted().bulk_create(actions)
        changes["action_item_ids"] = [str(action.pk) for action in actions]
    index_document(document, portions=portions, fresh=True)  # just written: nothing to re-read or drop
    # At the banner level: the row counts every portion, lesson and action, whatever their level.
    record(actor=actor, action="documents.document.import", target=document, changes=changes, level=banner)
    return document
