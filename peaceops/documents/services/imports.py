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

BULK_BATCH = 200  # files per commit


def _parse(item: tuple[str, bytes]) -> DocumentDraft | IngestError:
    """Parse one file (in a worker process when asked): the draft, or the error that refuses it."""
    name, content = item
    try:
        return draft_from_bytes(content, name)
    except IngestError as error:
        return error


def _parse_chunk(items: list[tuple[str, bytes]]) -> list:
    return [_parse(item) for item in items]


class _Parser:
    """Parses chunks of files, in `workers` processes when > 1; the next chunk is parsed while this
    process writes the current one (submit() before the write, drafts() after it)."""

    def __init__(self, workers: int):
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers if workers and workers > 1 else 0
        self.pool = ProcessPoolExecutor(max_workers=self.workers) if self.workers else None

    def submit(self, items: list[tuple[str, bytes]]):
        if self.pool is None or not items:
            return items
        size = max(1, -(-len(items) // self.workers))
        return [self.pool.submit(_parse_chunk, items[i:i + size]) for i in range(0, len(items), size)]

    def drafts(self, pending) -> list:
        if self.pool is None:
            return _parse_chunk(pending)
        return [draft for future in pending for draft in future.result()]

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
    written — then the rows of every accepted file are written together, one INSERT … executemany
    per table (documents, portions, versions, attachments, search rows, audit rows), in a savepoint,
    and committed once. If that batch write fails with a refusal or an integrity error (e.g. the
    same file imported at the same moment by someone else), the savepoint is rolled back and the
    batch's files are imported again one by one, each in its own savepoint through the service of
    `import_file`, so that only the bad file fails. Any other error (a crash) rolls back the batch
    not yet committed and is raised: the batches before it stay, the import is idempotent by content
    hash, so running it again completes it. `workers` > 1 parses the files in that many processes,
    the next batch while this one is written. Outcomes come back in the order of `files`.
    """
    from itertools import islice

    outcomes: list[ImportOutcome] = []
    parser = _Parser(workers)
    iterator = iter(files)
    try:
        chunk = list(islice(iterator, max(1, batch)))
        pending = parser.submit(chunk)
        while chunk:
            drafts = parser.drafts(pending)
            following = list(islice(iterator, max(1, batch)))
            pending = parser.submit(following)  # parsed while this chunk is written
            batch_outcomes = _import_batch(actor, chunk, drafts, owning_agency_id, plain_level, releasable_mask)
            outcomes += batch_outcomes
            if on_outcome is not None:
                for outcome in batch_outcomes:  # reported once committed
                    on_outcome(outcome)
            chunk = following
    finally:
        parser.close()
    return outcomes


def _import_batch(actor, chunk, drafts, owning_agency_id, plain_level, releasable_mask) -> list[ImportOutcome]:
    """One batch: outcomes in the order of `chunk`, committed (or raised, with nothing of it kept)."""
    from django.db import transaction

    hashes = [d.content_hash for d in drafts if isinstance(d, DocumentDraft)]
    outcomes: list[ImportOutcome | None] = [None] * len(chunk)
    accepted: list[tuple[int, _Plan]] = []
    checks = _Checks(actor)
    with transaction.atomic():
        seen = set(Document.objects.unrestricted().filter(content_hash__in=hashes)
                   .values_list("content_hash", flat=True)) if hashes else set()
        for index, ((name, _content), draft) in enumerate(zip(chunk, drafts, strict=True)):
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
        stored: list = []
        try:
            for _index, plan in accepted:  # appended one by one: a failure removes the ones written
                original = plan.draft.original
                stored.append(storage.store(original.content, plan.draft.content_hash) if original is not None
                              else None)
            try:
                with transaction.atomic():
                    documents = _write_batch(actor, [plan for _index, plan in accepted], stored)
            except (ServiceError, IntegrityError):
                # One file spoils the batch: each again in its own savepoint, through the service.
                for (index, plan), kept in zip(accepted, stored, strict=True):
                    outcomes[index] = _import_draft(actor, chunk[index][0], plan.draft, owning_agency_id,
                                                    plain_level, releasable_mask)
                    if outcomes[index].status != "created" and kept is not None and kept.created:
                        storage.remove_unreferenced(kept.path)  # a concurrent twin's row may name it
            else:
                for (index, _accepted), document in zip(accepted, documents, strict=True):
                    outcomes[index] = ImportOutcome(chunk[index][0], "created", document)
        except BaseException:
            for kept in stored:  # the batch rolls back: no row will name these files
                if kept is not None and kept.created:
                    storage.remove(kept.path)
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
    """The rows of one import, built in Python (not saved yet)."""

    document: Document
    portions: list[Portion]
    version: DocumentVersion
    attachment: Attachment | None
    lessons: list[Lesson]
    actions: list[ActionItem]
    changes: dict
    banner: int


def _build(actor, plan: _Plan, stored, names: dict, now=None) -> _Rows:
    """Every row of one import as unsaved instances (primary keys already drawn). With `now` (the
    batch writer, which saves without the ORM) the instances are made without Model.__init__ and
    stamped with `now`; without it, through the constructors, and save() stamps them."""
    draft, marking, banner = plan.draft, plan.marking, plan.banner
    if now is None:
        def make(model, values):
            return model(**values)
        stamped = marking
    else:
        make = _instance
        stamped = marking | {"created_at": now, "updated_at": now}
    document = make(Document, {
        "kind": draft.kind, "title": draft.title, "reference": draft.reference, "tags": draft.tags,
        "dated": draft.dated, "language": draft.language, "content_hash": draft.content_hash,
        "source_name": draft.source_name[:255], "level_id": plan.title_level, "banner_level_id": banner, **stamped})
    portions = [
        make(Portion, {"document_id": document.pk, "order": order, "number": p.number[:16], "text": p.text,
                       "level_id": level, **stamped})
        for order, (p, level) in enumerate(zip(draft.portions, plan.portion_levels, strict=True), start=1)
    ]
    times = {k: v for k, v in stamped.items() if k in ("created_at", "updated_at")}
    version = make(DocumentVersion, {"document_id": document.pk, "number": 1, "author": actor.label,
                                     "reason": _("Imported from %(name)s") % {"name": draft.source_name}, **times})
    changes = {"source": draft.source_name, "kind": draft.kind, "language": draft.language,
               "portions": len(portions), "banner": banner, "content_hash": draft.content_hash}
    attachment = None
    if stored is not None:
        original = draft.original
        attachment = make(Attachment, {
            "document_id": document.pk, "filename": original.filename[:255], "content_type": original.content_type,
            "size": len(original.content), "sha256": draft.content_hash, "storage_path": stored.path,
            "extracted_chars": original.extracted_chars, "level_id": banner, **stamped})
        changes["attachment"] = {"filename": original.filename, "content_type": original.content_type,
                                 "size": len(original.content), "storage_path": stored.path}
    lessons = [
        Lesson(document_id=document.pk, portion_id=portions[item.portion].pk, section=item.section,
               category=item.category, text=item.text, level_id=portions[item.portion].level_id, **marking)
        for item in draft.lessons
    ]
    if lessons:
        counts: dict[str, int] = {}
        for lesson in lessons:
            counts[lesson.category] = counts.get(lesson.category, 0) + 1
        changes["lessons"] = counts
        changes["lesson_ids"] = [str(lesson.pk) for lesson in lessons]
    actions = [
        ActionItem(title=item.title, description=item.description if item.description != item.title else "",
                   source=ActionSource.REPORT, source_document_id=document.pk, owner_text=item.owner_text[:200],
                   owner_agency_id=resolve_owner(item.owner_text, names), due_on=item.due_on,
                   level_id=portions[item.portion].level_id, **marking)
        for item in draft.actions
    ]
    if actions:
        changes["action_item_ids"] = [str(action.pk) for action in actions]
    return _Rows(document, portions, version, attachment, lessons, actions, changes, banner)


_INSTANCE_SPECS: dict = {}
_RANDOM = {"bytes": b"", "at": 0}


def _uuid4() -> uuid.UUID:
    """uuid.uuid4(), from os.urandom read 4 KiB at a time rather than 16 bytes per key."""
    at = _RANDOM["at"]
    if at + 16 > len(_RANDOM["bytes"]):
        _RANDOM["bytes"], at = os.urandom(4096), 0
    _RANDOM["at"] = at + 16
    return uuid.UUID(bytes=_RANDOM["bytes"][at:at + 16], version=4)


os.register_at_fork(after_in_child=lambda: _RANDOM.update(bytes=b"", at=0))  # a child never reuses keys


def _instance(model, values: dict):
    """An unsaved instance without Model.__init__ (a tenth of its cost): the fields' defaults, then
    `values` by attribute name. Only for rows written by insert_rows (no signals, no pre_save);
    a column left without a value fails there, loudly."""
    from django.db.models.base import ModelState
    from django.db.models.fields import NOT_PROVIDED

    spec = _INSTANCE_SPECS.get(model)
    if spec is None:
        static, dynamic = {}, []
        for f in model._meta.concrete_fields:
            if f.default is NOT_PROVIDED:
                if f.get_internal_type() in ("AutoField", "BigAutoField", "SmallAutoField"):
                    static[f.attname] = None  # the database draws it
                continue
            if callable(f.default):
                dynamic.append((f.attname, _uuid4 if f.default is uuid.uuid4 else f.default))
            else:
                static[f.attname] = f.default
        spec = _INSTANCE_SPECS[model] = (static, dynamic)
    static, dynamic = spec
    obj = model.__new__(model)
    obj._state = ModelState()
    fields = obj.__dict__
    fields.update(static)
    for name, default in dynamic:
        if name not in values:
            fields[name] = default()
    fields.update(values)
    return obj


def _create(actor, draft: DocumentDraft, marking: dict, portion_levels: list[int], banner: int, title_level: int,
            stored) -> Document:
    """The rows of one import (inside the service's transaction), through the ORM."""
    plan = _Plan(draft, marking, portion_levels, banner, title_level)
    rows = _build(actor, plan, stored, _agency_resolver(draft.actions))
    document = rows.document
    document.save(force_insert=True)
    Portion.objects.unrestricted().bulk_create(rows.portions)  # a write: no visibility filter to build
    rows.version.save(force_insert=True)
    if rows.attachment is not None:
        rows.attachment.save(force_insert=True)
    if rows.lessons:
        Lesson.objects.unrestricted().bulk_create(rows.lessons)
    if rows.actions:
        ActionItem.objects.unrestricted().bulk_create(rows.actions)
    index_document(document, portions=rows.portions, fresh=True)  # just written: nothing to re-read or drop
    # At the banner level: the row counts every portion, lesson and action, whatever their level.
    record(actor=actor, action="documents.document.import", target=document, changes=rows.changes, level=banner)
    return document


# --- the batch writer: one INSERT … executemany per table -------------------------------------

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
    insert_rows(Portion, [p for rows in built for p in rows.portions])
    insert_rows(DocumentVersion, [rows.version for rows in built])
    insert_rows(Attachment, [rows.attachment for rows in built if rows.attachment is not None])
    lessons = [lesson for rows in built for lesson in rows.lessons]
    if lessons:
        Lesson.objects.unrestricted().bulk_create(lessons)
    actions = [action for rows in built for action in rows.actions]
    if actions:
        ActionItem.objects.unrestricted().bulk_create(actions)
    index_rows([(rows.document, rows.portions) for rows in built])
    record_imports(actor, built)
    return [rows.document for rows in built]


def insert_rows(model, objects: list, *, one_statement: bool = False) -> None:
    """INSERT the instances' rows with one executemany: no ORM compiler, no per-row statement text.
    Every column is given (the caller set defaults and timestamps), except an auto-increment key.

    `one_statement` (SQLite): one multi-row INSERT instead, for a table whose trigger feeds FTS5. An
    executemany runs one statement per row, each in its own statement savepoint (the trigger writes a
    second table), and FTS5 (SQLite 3.40) flushes its pending terms at every savepoint: one tiny
    segment per row, merged again and again. 2,200 search rows: 0.52 s of CPU that way, 0.15 s in
    one statement."""
    from django.db import connection, connections

    if not objects:
        return
    database = connections[connection.alias]  # the wrapper itself: no thread-local lookup per value
    statement, getter, conversions = _insert_plan(model, database)
    if conversions:
        rows = []
        for obj in objects:
            row = list(getter(obj))
            for index, convert in conversions:
                row[index] = convert(row[index])
            rows.append(row)
    else:
        rows = [getter(obj) for obj in objects]
    with database.cursor() as cursor:
        if one_statement and database.vendor == "sqlite":
            _insert_in_one_statement(cursor, database, statement, rows)
        else:
            cursor.executemany(statement, rows)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = database.alias


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
_INSERT_PLANS: dict = {}


def _insert_plan(model, database) -> tuple:
    """(INSERT statement, getter of the row's values, [(column index, value → database value)]) for a
    model, built once per vendor: plain values go as they are; UUIDs, dates and times as the backend
    stores them (the same value as the row before is converted once); the rest by get_db_prep_save."""
    import operator
    import uuid

    from django.db.models import AutoField, BigAutoField

    key = (model, database.vendor)
    if key in _INSERT_PLANS:
        return _INSERT_PLANS[key]
    fields = [f for f in model._meta.local_concrete_fields if not isinstance(f, (AutoField, BigAutoField))]
    ops = database.ops

    def uuid_hex(value):
        if value is None:
            return None
        return (value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))).hex

    def repeated(convert):
        """Rows of one batch share their times, agency and dates: convert a repeated value once."""
        last = [object(), None]

        def run(value):
            if value is not last[0]:
                last[0], last[1] = value, convert(value)
            return last[1]

        return run

    def converter(field):
        target = field.target_field if field.is_relation else field
        kind = target.get_internal_type()
        if kind in _PLAIN_TYPES:
            return None
        if kind == "UUIDField":
            return None if database.features.has_native_uuid_field else uuid_hex
        if kind == "DateField":
            return repeated(ops.adapt_datefield_value)
        if kind == "DateTimeField":
            return repeated(ops.adapt_datetimefield_value)
        return lambda value: field.get_db_prep_save(value, database)

    quote = ops.quote_name
    statement = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
                 f"VALUES ({', '.join(['%s'] * len(fields))})")
    getter = operator.attrgetter(*[f.attname for f in fields])
    if len(fields) == 1:
        single = getter
        getter = lambda obj: (single(obj),)  # noqa: E731
    conversions = [(index, convert) for index, convert in enumerate(map(converter, fields)) if convert is not None]
    plan = (statement, getter, conversions)
    _INSERT_PLANS[key] = plan
    return plan


def index_rows(documents) -> None:
    """The search rows of new documents [(document, portions)]: the rows `index_document(…, fresh=True)`
    writes for each, in one executemany (the full-text structure follows by the triggers)."""
    from ..search.indexing import entries_for
    from ..search.models import SearchEntry

    insert_rows(SearchEntry, [entry for document, portions in documents
                              for entry in entries_for(document, portions, make=_instance)], one_statement=True)


def record_imports(actor, built: list[_Rows]) -> None:
    """One audit row per imported document, as audit.record() writes it (same fields, same hash
    chain, at the banner level), appended to the chain in one executemany with one head update."""
    import json

    from django.db import connection
    from django.utils import timezone

    from peaceops.audit.chain import row_hash
    from peaceops.audit.models import AuditEvent, AuditHead
    from peaceops.audit.recorder import event_row

    if not connection.in_atomic_block:
        raise RuntimeError("record_imports() must run inside the import's transaction")
    head, _created = AuditHead.objects.select_for_update().get_or_create(id=1)
    seq, previous = head.seq, head.hash
    actor_id = getattr(actor, "user_id", None)
    actor_label = getattr(actor, "label", str(actor))[:200]
    reason = (getattr(actor, "reason", "") or "")[:500]
    target_type = Document._meta.label_lower
    events = []
    for rows in built:
        document = rows.document
        seq += 1
        event = AuditEvent(
            seq=seq, at=timezone.now(), actor_id=actor_id, actor_label=actor_label, action=IMPORT_ACTION,
            target_type=target_type, target_id=str(document.pk), level=rows.banner,
            compartment_mask=document.compartment_mask or 0, owning_agency=str(document.owning_agency_id or ""),
            changes=json.loads(json.dumps(rows.changes, default=str)), reason=reason, prev_hash=previous,
        )
        event.hash = previous = row_hash(previous, event_row(event))
        events.append(event)
    insert_rows(AuditEvent, events)
    AuditHead.objects.filter(id=1).update(seq=seq, hash=previous)
