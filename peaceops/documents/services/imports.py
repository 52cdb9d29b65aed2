"""Writes to the document library: import (idempotent by content hash, one transaction per file).

One import = one transaction: the document, its portions, its version, its original file's
Attachment, the Lessons and ActionItems drawn from a report's sections, the search rows and one
audit row. The audit row summarises what was created (counts and the ids of the lessons and action
items), so every record the import made can be traced to it. The original file is written under
FILES_ROOT before the rows; if the transaction fails, the file is removed again unless another
row names it (storage.sweep() catches files left by an outer caller's rollback).

The number of queries per document is constant (bulk inserts, level ranks from settings, agencies
fetched only when an action names an owner): see test_import_formats.py. Many files at once go
through `import_files`: the same rows and guarantees per file, one INSERT per table per batch.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError
from django.utils.translation import gettext as _

from peaceops.access.actor import Actor
from peaceops.access.marking import Marking, check_no_write_up
from peaceops.access.models import level_labels
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record, record_many
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service
from peaceops.decisions.choices import ActionSource
from peaceops.decisions.models import ActionItem

from .. import storage
from ..ingest import MAX_BYTES, DocumentDraft, IngestError, draft_from_bytes
from ..models import Attachment, Document, DocumentVersion, Lesson, Portion
from ..search import index_document
from ..search.models import SearchEntry


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

BULK_BATCH = 200  # files per commit


def _parse(item: tuple[str, bytes], root, durable: bool) -> tuple:
    """Parse one file and store its original under `root` (in a worker process when asked):
    (the draft, its StoredFile), or (the error that refuses it, None)."""
    name, content = item
    try:
        draft = draft_from_bytes(content, name)
    except IngestError as error:
        return error, None
    original = draft.original
    if original is None:
        return draft, None
    return draft, storage.store(original.content, draft.content_hash, durable=durable, root=root)


def _parse_chunk(items: list[tuple[str, bytes]], root, durable: bool) -> list:
    parsed: list = []
    try:
        for item in items:
            parsed.append(_parse(item, root, durable))
    except BaseException:
        _remove_created(stored for _draft, stored in parsed)  # no row will ever name them
        raise
    return parsed


def _remove_created(stored) -> None:
    for kept in stored:
        if kept is not None and kept.created:
            storage.remove(kept.path)


class _Parser:
    """Parses chunks of files and stores their originals, in `workers` processes when > 1, so that
    the next chunk is parsed while this process writes the current one (submit() before the write,
    results() after it). The settings are read here: a worker process needs no Django."""

    def __init__(self, workers: int):
        from concurrent.futures import ProcessPoolExecutor

        self.root, self.durable = storage.files_root(), storage.fsync_enabled()
        self.workers = workers if workers and workers > 1 else 0
        self.pool = ProcessPoolExecutor(max_workers=self.workers) if self.workers else None

    def submit(self, items: list[tuple[str, bytes]]):
        if self.pool is None or not items:
            return items
        size = max(1, -(-len(items) // self.workers))
        return [self.pool.submit(_parse_chunk, items[i:i + size], self.root, self.durable)
                for i in range(0, len(items), size)]

    def results(self, pending) -> list[tuple]:
        if self.pool is None:
            return _parse_chunk(pending, self.root, self.durable)
        return [parsed for future in pending for parsed in future.result()]

    def discard(self, pending) -> None:
        """A chunk that will not be written (the import stopped): the originals it stored go."""
        if self.pool is None:
            return
        for future in pending:
            if future.cancel():
                continue
            try:
                parsed = future.result()
            except BaseException:  # noqa: BLE001 - its chunk already removed what it stored
                continue
            _remove_created(stored for _draft, stored in parsed)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def import_files(*, actor: Actor, files: Iterable[tuple[str, bytes]], owning_agency_id, plain_level: int = 0,
                 releasable_mask: int = 0, batch: int = BULK_BATCH, workers: int = 0,
                 on_outcome: Callable[[ImportOutcome], None] | None = None) -> list[ImportOutcome]:
    """Import many files fast, with the guarantees of `import_file` for each one.

    Each file is all-or-nothing, and nothing is ever half-imported. A batch of `batch` files is
    checked and turned into rows in Python first — parse errors, duplicates (one query per batch)
    and refusals (policy, no write above clearance) become per-file outcomes before anything is
    written — then the rows of every accepted file are written together, one INSERT per table
    (documents, portions, versions, attachments, search rows, audit rows), in a savepoint, and
    committed once. If that batch write fails with a refusal or an integrity error (e.g. the same
    file imported at the same moment by someone else), the savepoint is rolled back and the batch's
    files are imported again one by one, each in its own savepoint through the service of
    `import_file`, so that only the bad file fails. Any other error (a crash) rolls back the batch
    not yet committed and is raised: the batches before it stay, the import is idempotent by content
    hash, so running it again completes it. `workers` > 1 parses the files and stores their originals
    in that many processes, the next batch while this one is written; an original whose file is not
    imported (refused, a crash) is removed again unless a row names it. Outcomes come back in the
    order of `files`.
    """
    from itertools import islice

    outcomes: list[ImportOutcome] = []
    parser = _Parser(workers)
    iterator = iter(files)
    pending = None
    try:
        chunk = list(islice(iterator, max(1, batch)))
        pending = parser.submit(chunk)
        while chunk:
            parsed = parser.results(pending)
            following = list(islice(iterator, max(1, batch)))
            pending = parser.submit(following)  # parsed while this chunk is written
            batch_outcomes = _import_batch(actor, chunk, parsed, owning_agency_id, plain_level, releasable_mask)
            outcomes += batch_outcomes
            if on_outcome is not None:
                for outcome in batch_outcomes:  # reported once committed
                    on_outcome(outcome)
            chunk = following
    except BaseException:
        if pending is not None:
            parser.discard(pending)
        raise
    finally:
        parser.close()
    return outcomes


def _import_batch(actor, chunk, parsed, owning_agency_id, plain_level, releasable_mask) -> list[ImportOutcome]:
    """One batch of parsed files [(draft or error, stored original)]: outcomes in the order of
    `chunk`, committed (or raised, with nothing of it kept)."""
    from django.db import transaction

    hashes = [d.content_hash for d, _stored in parsed if isinstance(d, DocumentDraft)]
    outcomes: list[ImportOutcome | None] = [None] * len(chunk)
    accepted: list[tuple[int, _Plan]] = []
    checks = _Checks(actor)
    try:
        with transaction.atomic():
            seen = set(Document.objects.unrestricted().filter(content_hash__in=hashes)
                       .values_list("content_hash", flat=True)) if hashes else set()
            for index, ((name, _content), (draft, _stored)) in enumerate(zip(chunk, parsed, strict=True)):
                if isinstance(draft, IngestError):
                    outcomes[index] = import_failure(name, draft)
                elif draft.content_hash in seen:
                    outcomes[index] = ImportOutcome(name, "duplicate")
                else:
                    try:
                        plan = _plan(actor, draft, owning_agency_id, plain_level, releasable_mask, checks)
                    except ServiceError as error:
                        outcomes[index] = ImportOutcome(name, "failed", code="refused", error=str(error.message))
                    else:
                        seen.add(draft.content_hash)
                        accepted.append((index, plan))
            try:
                with transaction.atomic():
                    documents = _write_batch(actor, [plan for _index, plan in accepted],
                                             [parsed[index][1] for index, _accepted in accepted])
            except (ServiceError, IntegrityError):
                # One file spoils the batch: each again in its own savepoint, through the service.
                for index, plan in accepted:
                    outcomes[index] = _import_draft(actor, chunk[index][0], plan.draft, owning_agency_id,
                                                    plain_level, releasable_mask)
            else:
                for (index, _accepted), document in zip(accepted, documents, strict=True):
                    outcomes[index] = ImportOutcome(chunk[index][0], "created", document)
            for outcome, (_draft, kept) in zip(outcomes, parsed, strict=True):
                if outcome.status != "created" and kept is not None and kept.created:
                    storage.remove_unreferenced(kept.path)  # a twin's row (this batch, a concurrent one) may name it
    except BaseException:
        _remove_created(stored for _draft, stored in parsed)  # the batch rolls back: no row will name these files
        raise
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


class _Checks:
    """The actor's import permissions, asked once per batch rather than once per file."""

    def __init__(self, actor: Actor):
        self.actor = actor
        self._answers: dict = {}

    def allows(self, model) -> bool:
        if model not in self._answers:
            self._answers[model] = policy_for(model).allows(self.actor, "import")
        return self._answers[model]


@dataclass
class _Plan:
    """A draft checked for this actor: its levels and marking, nothing written yet."""

    draft: DocumentDraft
    marking: dict
    portion_levels: list[int]
    banner: int
    title_level: int


def _plan(actor: Actor, draft: DocumentDraft, owning_agency_id, plain_level: int, releasable_mask: int,
          checks: _Checks) -> _Plan:
    """Who may store the draft, at which levels: raises NotPermitted / ServiceError (write-up) else."""
    if not checks.allows(Document):
        raise NotPermitted()
    if draft.lessons and not checks.allows(Lesson):
        raise NotPermitted()
    if draft.actions and not checks.allows(ActionItem):
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
    return _Plan(draft, marking, portion_levels, banner, title_level)


@service
def document_create_from_draft(*, actor: Actor, draft: DocumentDraft, owning_agency_id, plain_level: int = 0,
                               releasable_mask: int = 0) -> Document:
    """Store a draft with its portions, original file, lessons and action items; the banner is the
    highest portion (no write above clearance)."""
    plan = _plan(actor, draft, owning_agency_id, plain_level, releasable_mask, _Checks(actor))
    stored = None
    if draft.original is not None:
        stored = storage.store(draft.original.content, draft.content_hash)
    try:
        return _create(actor, draft, plan.marking, plan.portion_levels, plan.banner, plan.title_level, stored)
    except BaseException:
        if stored is not None and stored.created:
            storage.remove(stored.path)  # this transaction rolls back: no row will name the file
        raise


@dataclass
class _Rows:
    """The rows of one import as column values by attribute name (nothing saved yet)."""

    document: dict
    portions: list[dict]
    version: dict
    attachment: dict | None
    lessons: list[dict]
    actions: list[dict]
    changes: dict
    banner: int


def _build(actor, plan: _Plan, stored, names: dict, now=None) -> _Rows:
    """Every row of one import as column values (primary keys already drawn), the same for both
    writers: the one-file service makes model instances of them (save() stamps the times), the batch
    writer inserts them as they are, stamped with `now`."""
    draft, marking, banner = plan.draft, plan.marking, plan.banner
    stamped = marking if now is None else marking | {"created_at": now, "updated_at": now}
    document_id = _uuid4()
    document = {
        "id": document_id, "kind": draft.kind, "title": draft.title, "reference": draft.reference,
        "tags": draft.tags, "dated": draft.dated, "language": draft.language, "content_hash": draft.content_hash,
        "source_name": draft.source_name[:255], "level_id": plan.title_level, "banner_level_id": banner, **stamped}
    portions = [
        {"id": _uuid4(), "document_id": document_id, "order": order, "number": p.number[:16], "text": p.text,
         "level_id": level, **stamped}
        for order, (p, level) in enumerate(zip(draft.portions, plan.portion_levels, strict=True), start=1)
    ]
    times = {k: v for k, v in stamped.items() if k in ("created_at", "updated_at")}
    version = {"id": _uuid4(), "document_id": document_id, "number": 1, "author": actor.label,
               "reason": _("Imported from %(name)s") % {"name": draft.source_name}, **times}
    changes = {"source": draft.source_name, "kind": draft.kind, "language": draft.language,
               "portions": len(portions), "banner": banner, "content_hash": draft.content_hash}
    attachment = None
    if stored is not None:
        original = draft.original
        attachment = {
            "id": _uuid4(), "document_id": document_id, "filename": original.filename[:255],
            "content_type": original.content_type, "size": len(original.content), "sha256": draft.content_hash,
            "storage_path": stored.path, "extracted_chars": original.extracted_chars, "level_id": banner, **stamped}
        changes["attachment"] = {"filename": original.filename, "content_type": original.content_type,
                                 "size": len(original.content), "storage_path": stored.path}
    lessons = [
        {"id": _uuid4(), "document_id": document_id, "portion_id": portions[item.portion]["id"],
         "section": item.section, "category": item.category, "text": item.text,
         "level_id": portions[item.portion]["level_id"], **marking}
        for item in draft.lessons
    ]
    if lessons:
        counts: dict[str, int] = {}
        for lesson in lessons:
            counts[lesson["category"]] = counts.get(lesson["category"], 0) + 1
        changes["lessons"] = counts
        changes["lesson_ids"] = [str(lesson["id"]) for lesson in lessons]
    actions = [
        {"id": _uuid4(), "title": item.title,
         "description": item.description if item.description != item.title else "",
         "source": ActionSource.REPORT, "source_document_id": document_id, "owner_text": item.owner_text[:200],
         "owner_agency_id": resolve_owner(item.owner_text, names), "due_on": item.due_on,
         "level_id": portions[item.portion]["level_id"], **marking}
        for item in draft.actions
    ]
    if actions:
        changes["action_item_ids"] = [str(action["id"]) for action in actions]
    return _Rows(document, portions, version, attachment, lessons, actions, changes, banner)


_RANDOM = {"bytes": b"", "at": 0}


def _uuid4() -> uuid.UUID:
    """uuid.uuid4(), from os.urandom read 4 KiB at a time rather than 16 bytes per key."""
    at = _RANDOM["at"]
    if at + 16 > len(_RANDOM["bytes"]):
        _RANDOM["bytes"], at = os.urandom(4096), 0
    _RANDOM["at"] = at + 16
    return uuid.UUID(bytes=_RANDOM["bytes"][at:at + 16], version=4)


os.register_at_fork(after_in_child=lambda: _RANDOM.update(bytes=b"", at=0))  # a child never reuses keys


def _create(actor, draft: DocumentDraft, marking: dict, portion_levels: list[int], banner: int, title_level: int,
            stored) -> Document:
    """The rows of one import (inside the service's transaction), through the ORM."""
    plan = _Plan(draft, marking, portion_levels, banner, title_level)
    rows = _build(actor, plan, stored, _agency_resolver(draft.actions))
    document = Document(**rows.document)
    document.save(force_insert=True)
    portions = [Portion(**values) for values in rows.portions]
    Portion.objects.unrestricted().bulk_create(portions)  # a write: no visibility filter to build
    DocumentVersion(**rows.version).save(force_insert=True)
    if rows.attachment is not None:
        Attachment(**rows.attachment).save(force_insert=True)
    if rows.lessons:
        Lesson.objects.unrestricted().bulk_create([Lesson(**values) for values in rows.lessons])
    if rows.actions:
        ActionItem.objects.unrestricted().bulk_create([ActionItem(**values) for values in rows.actions])
    index_document(document, portions=portions, fresh=True)  # just written: nothing to re-read or drop
    # At the banner level: the row counts every portion, lesson and action, whatever their level.
    record(actor=actor, action="documents.document.import", target=document, changes=rows.changes, level=banner)
    return document


# --- the batch writer: one INSERT per table per batch ------------------------------------------

IMPORT_ACTION = "documents.document.import"


def _write_batch(actor, plans: list[_Plan], stored: list) -> list[Document]:
    """The rows of every file of a batch, written together (inside the caller's savepoint): the same
    rows as `_create` writes for one file, and one chained audit row per document, in file order."""
    from django.utils import timezone

    if not plans:
        return []
    now = timezone.now()
    names = _agency_resolver([a for plan in plans for a in plan.draft.actions])
    built = [_build(actor, plan, kept, names, now) for plan, kept in zip(plans, stored, strict=True)]
    insert_rows(Document, [rows.document for rows in built])
    insert_rows(Portion, [values for rows in built for values in rows.portions])
    insert_rows(DocumentVersion, [rows.version for rows in built])
    insert_rows(Attachment, [rows.attachment for rows in built if rows.attachment is not None])
    lessons = [Lesson(**values) for rows in built for values in rows.lessons]
    if lessons:
        Lesson.objects.unrestricted().bulk_create(lessons)
    actions = [ActionItem(**values) for rows in built for values in rows.actions]
    if actions:
        ActionItem.objects.unrestricted().bulk_create(actions)
    insert_rows(SearchEntry, [entry for rows in built for entry in _search_rows(rows)], one_statement=True)
    documents = [saved_instance(Document, rows.document) for rows in built]
    # At the banner level, as the one-file service records it.
    record_many(actor=actor, action=IMPORT_ACTION,
                targets=[(document, rows.changes, rows.banner) for document, rows in zip(documents, built, strict=True)])
    return documents


def _search_rows(rows: _Rows) -> list[dict]:
    """The index rows of one import: those `index_document(…, fresh=True)` writes for it."""
    from ..search.indexing import MARKING_FIELDS, entry_values, head_text_of

    if not _MARKING_DEFAULTS:
        _MARKING_DEFAULTS.update({name: Portion._meta.get_field(name).get_default() for name in MARKING_FIELDS})
    defaults = _MARKING_DEFAULTS

    def key(values: dict) -> tuple:
        return tuple(values[name] if name in values else defaults[name] for name in MARKING_FIELDS)

    document = rows.document
    return entry_values(document["id"], key(document),
                        head_text_of(document["title"], document["reference"], document["tags"]),
                        [(key(p), p["number"] or str(p["order"]), p["text"]) for p in rows.portions])


_MARKING_DEFAULTS: dict = {}  # a marking field the rows leave out (compartments): the model's default


def insert_rows(model, rows: list[dict], *, one_statement: bool = False) -> None:
    """INSERT rows given as {attribute name: value} with one executemany: no ORM compiler, no model
    instance, no per-row statement text. A column left out takes the field's default (a callable one
    is called); a column without a default must be given (a KeyError here otherwise).

    `one_statement` (SQLite): one multi-row INSERT instead, for a table whose trigger feeds FTS5. An
    executemany runs one statement per row, each in its own statement savepoint (the trigger writes a
    second table), and FTS5 (SQLite 3.40) flushes its pending terms at every savepoint: one tiny
    segment per row, merged again and again. 2,200 search rows: 0.52 s of CPU that way, 0.15 s in
    one statement."""
    from django.db import connection, connections

    if not rows:
        return
    database = connections[connection.alias]  # the wrapper itself: no thread-local lookup per value
    plan = _table_plan(model, database)
    static, dynamic, getter, conversions = plan.static, plan.dynamic, plan.getter, plan.conversions
    values_list = []
    for values in rows:
        merged = static | values
        for name, default in dynamic:
            if name not in merged:
                merged[name] = default()
        row = getter(merged)
        if conversions:
            row = list(row)
            for index, convert in conversions:
                row[index] = convert(row[index])
        values_list.append(row)
    with database.cursor() as cursor:
        if one_statement and database.vendor == "sqlite":
            _insert_in_one_statement(cursor, database, plan.statement, values_list)
        else:
            cursor.executemany(plan.statement, values_list)


def saved_instance(model, values: dict):
    """The instance of a row insert_rows() wrote from `values`, without Model.__init__ (a tenth of its
    cost): the same defaults, then `values`, marked as saved."""
    from django.db import connection
    from django.db.models.base import ModelState

    plan = _table_plan(model, connection)
    obj = model.__new__(model)
    obj._state = ModelState()
    obj._state.adding, obj._state.db = False, connection.alias
    fields = obj.__dict__
    fields.update(plan.static)
    for name, default in plan.dynamic:
        if name not in values:
            fields[name] = default()
    fields.update(values)
    return obj


def _insert_in_one_statement(cursor, database, statement: str, rows: list) -> None:
    """`statement` (one row of placeholders) for every row at once: INSERT … VALUES (…), (…), … —
    in as few statements as SQLite's limit on bound parameters allows (one for a batch of 200 files)."""
    import sqlite3

    head, placeholders = statement.rsplit(" VALUES ", 1)
    width = placeholders.count("%s")
    limit = database.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per_statement = max(1, limit // width)
    for start in range(0, len(rows), per_statement):
        chunk = rows[start:start + per_statement]
        cursor.execute(f"{head} VALUES {', '.join([placeholders] * len(chunk))}",
                       [value for row in chunk for value in row])


# Values the database driver takes as they are (the rows' builders give these types; anything else,
# e.g. a lazy translation, makes the driver refuse the statement rather than store a wrong value).
_PLAIN_TYPES = {"CharField", "TextField", "IntegerField", "SmallIntegerField", "BigIntegerField", "BooleanField",
                "PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField"}


@dataclass(frozen=True)
class _TablePlan:
    statement: str  # INSERT … VALUES (one row of placeholders)
    static: dict  # {attribute name: default} of the fields with a constant default
    dynamic: tuple  # ((attribute name, callable default), …)
    getter: Callable  # {attribute name: value} → the row's values in column order
    conversions: tuple  # ((column index, value → database value), …)


_TABLE_PLANS: dict = {}


def _table_plan(model, database) -> _TablePlan:
    """How to insert a model's rows, built once per model and vendor: plain values go as they are;
    UUIDs, dates and times as the backend stores them (a value repeated from the row before is
    converted once); the rest by get_db_prep_save. An auto-increment key is left to the database."""
    import operator

    from django.db.models.fields import NOT_PROVIDED

    key = (model, database.vendor)
    if key in _TABLE_PLANS:
        return _TABLE_PLANS[key]
    auto = ("AutoField", "BigAutoField", "SmallAutoField")
    fields = [f for f in model._meta.local_concrete_fields if f.get_internal_type() not in auto]
    static, dynamic = {}, []
    for f in fields:
        if f.default is NOT_PROVIDED:
            continue
        if callable(f.default):
            dynamic.append((f.attname, _uuid4 if f.default is uuid.uuid4 else f.default))
        else:
            static[f.attname] = f.default
    ops = database.ops

    def uuid_hex(value):
        if value is None:
            return None
        return (value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))).hex

    def repeated(convert):
        """Rows of one batch share their times, document, agency and dates: convert a repeated value once."""
        last = [(object(), None)]  # one (value, converted) pair, replaced whole: safe across threads

        def run(value):
            seen, converted = last[0]
            if value is not seen:
                converted = convert(value)
                last[0] = (value, converted)
            return converted

        return run

    def converter(field):
        target = field.target_field if field.is_relation else field
        kind = target.get_internal_type()
        if kind in _PLAIN_TYPES:
            return None
        if kind == "UUIDField":
            return None if database.features.has_native_uuid_field else repeated(uuid_hex)
        if kind == "DateField":
            return repeated(ops.adapt_datefield_value)
        if kind == "DateTimeField":
            return repeated(ops.adapt_datetimefield_value)
        return lambda value: field.get_db_prep_save(value, database)

    quote = ops.quote_name
    statement = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
                 f"VALUES ({', '.join(['%s'] * len(fields))})")
    getter = operator.itemgetter(*[f.attname for f in fields])
    if len(fields) == 1:
        single = getter
        getter = lambda values: (single(values),)  # noqa: E731
    conversions = tuple((index, convert) for index, convert in enumerate(map(converter, fields))
                        if convert is not None)
    plan = _TABLE_PLANS[key] = _TablePlan(statement, static, tuple(dynamic), getter, conversions)
    return plan
