"""The bulk import (services.import_files): a savepoint per file inside batched commits.

Each file keeps the guarantees of import_file: a bad or refused file rolls back only itself (rows,
search rows, audit row, original file), nothing is half-imported, the import is idempotent by
content hash, and each document's audit row is written with its rows.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from peaceops.audit.models import AuditEvent
from peaceops.audit.verify import verify_chain
from peaceops.decisions.models import ActionItem
from peaceops.documents.models import Attachment, Document, DocumentVersion, Lesson, Portion
from peaceops.documents.search.models import SearchEntry
from peaceops.documents.services import import_files
from peaceops.documents.services import imports as import_service

from .files import fixture_text, make_pdf
from .test_import_formats import stored_files

pytestmark = pytest.mark.django_db

REPORT_WITH_LESSONS = (b"Field report\n\n1. Findings\n\n- (C) The rotation was late.\n\nLessons learned\n\n"
                       b"- Plan the airlift early.\n\nNext steps\n\n- Book the aircraft (MOD, by 30/06/2012).\n")
SECRET_REPORT = b"Report\n\n1. Findings\n\n- (S) A secret finding.\n- (U) An open one.\n"


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.FILES_ROOT = tmp_path / "files"
    return settings.FILES_ROOT


def report(n: int) -> bytes:
    return f"Report {n}\n\n1. Findings\n\n- Finding number {n} about rotation logistics.\n".encode()


def run(actors, agencies, files, persona="planner", **kwargs):
    return import_files(actor=actors[persona], files=files, owning_agency_id=agencies["VDPO"].pk, **kwargs)


def rows_of(document) -> dict:
    return {"portions": Portion.objects.unrestricted().filter(document=document).count(),
            "versions": DocumentVersion.objects.filter(document=document).count(),
            "entries": SearchEntry.objects.filter(document_id=document.pk).count(),
            "audit": AuditEvent.objects.filter(action="documents.document.import", target_id=str(document.pk)).count()}


def test_a_batch_imports_every_good_file_and_reports_each_in_order(structure, actors, agencies):
    files = [("r1.txt", report(1)), ("empty.txt", b""), ("r2.txt", report(2)), ("again.txt", report(1)),
             ("cable.txt", fixture_text("01_en_roman_training_review.txt").encode())]
    outcomes = run(actors, agencies, files, batch=3)
    assert [(o.name, o.status) for o in outcomes] == [
        ("r1.txt", "created"), ("empty.txt", "failed"), ("r2.txt", "created"), ("again.txt", "duplicate"),
        ("cable.txt", "created")]
    assert outcomes[1].code == "empty" and outcomes[1].error
    for outcome in outcomes:
        if outcome.status == "created":
            counts = rows_of(outcome.document)
            assert counts["portions"] >= 1 and counts["versions"] == 1 and counts["entries"] >= 1
            assert counts["audit"] == 1
    # Idempotent by content hash: the same files again create nothing.
    again = run(actors, agencies, files, batch=2)
    assert [o.status for o in again] == ["duplicate", "failed", "duplicate", "duplicate", "duplicate"]
    assert Document.objects.unrestricted().count() == 3


def test_a_refused_file_in_the_middle_of_a_batch_rolls_back_only_itself(structure, actors, agencies, files_root):
    """personnel (CONFIDENTIAL) may not write a SECRET finding: that file alone fails, in its savepoint."""
    files = [("r1.txt", report(1)), ("visit.pdf", make_pdf([["A visit report, kept as a PDF."]])),
             ("secret.txt", SECRET_REPORT), ("r2.txt", report(2))]
    outcomes = run(actors, agencies, files, persona="personnel", batch=10)
    assert [o.status for o in outcomes] == ["created", "created", "failed", "created"]
    assert outcomes[2].code == "refused"
    assert Document.objects.unrestricted().count() == 3
    assert AuditEvent.objects.filter(action="documents.document.import").count() == 3
    assert not Document.objects.unrestricted().filter(source_name="secret.txt").exists()
    assert Attachment.objects.unrestricted().count() == 3 and len(stored_files(files_root)) == 3  # originals
    assert not Attachment.objects.unrestricted().filter(filename="secret.txt").exists()


def test_a_failure_inside_one_files_rows_leaves_nothing_of_it_and_keeps_the_others(structure, actors, agencies,
                                                                                  files_root, monkeypatch):
    """The batch write fails after every row of the batch was written (a refusal at the end): its
    savepoint takes all of them back, and the files go again one by one, each in its own savepoint;
    there the second file fails after its document, portions, version, attachment and search rows
    were written (at its audit row): its savepoint takes every one of them back; files 1 and 3 stay."""
    from peaceops.core.errors import ServiceError

    real_write, real_record = import_service._write_batch, import_service.record
    calls = {"batch": 0}

    def failing_write(actor, plans, stored):
        calls["batch"] += 1
        real_write(actor, plans, stored)
        assert Document.objects.unrestricted().count() == 3  # everything was written, then refused
        raise ServiceError("audit refused")

    def failing_record(**kwargs):
        if kwargs["target"].source_name == "visit.pdf":
            raise ServiceError("audit refused")
        return real_record(**kwargs)

    monkeypatch.setattr(import_service, "_write_batch", failing_write)
    monkeypatch.setattr(import_service, "record", failing_record)
    files = [("r1.txt", report(1)), ("visit.pdf", make_pdf([["The second file, with an original."]])),
             ("r3.txt", report(3))]
    outcomes = run(actors, agencies, files, batch=10)
    assert calls["batch"] == 1
    assert [o.status for o in outcomes] == ["created", "failed", "created"]
    assert outcomes[1].code == "refused"
    kept = {o.document.pk for o in outcomes if o.document}
    assert set(Document.objects.unrestricted().values_list("pk", flat=True)) == kept
    assert set(Portion.objects.unrestricted().values_list("document_id", flat=True)) == kept
    assert set(DocumentVersion.objects.values_list("document_id", flat=True)) == kept
    assert set(SearchEntry.objects.values_list("document_id", flat=True)) == kept
    assert set(Attachment.objects.unrestricted().values_list("document_id", flat=True)) == kept
    assert len(stored_files(files_root)) == 2  # the second file's original went with its rows
    assert AuditEvent.objects.filter(action="documents.document.import").count() == 2
    assert verify_chain().ok


def test_an_unexpected_error_rolls_back_its_whole_uncommitted_batch_and_a_rerun_completes_it(
        structure, actors, agencies, files_root, monkeypatch):
    """A crash (not a refusal) mid-batch, after the batch's rows were written: the batch's files are
    not committed — none half-imported, no original left — the batches before it are; running the
    import again imports the rest (idempotent)."""
    real_write = crash_after_writing_the_batch_of(monkeypatch, "r3.txt")
    files = [(f"r{n}.txt", report(n)) for n in range(1, 6)]
    with pytest.raises(RuntimeError):
        run(actors, agencies, files, batch=2)
    assert sorted(Document.objects.unrestricted().values_list("source_name", flat=True)) == ["r1.txt", "r2.txt"]
    assert AuditEvent.objects.filter(action="documents.document.import").count() == 2
    assert len(stored_files(files_root)) == 2
    monkeypatch.setattr(import_service, "_write_batch", real_write)
    assert [o.status for o in run(actors, agencies, files, batch=2)] == ["duplicate"] * 2 + ["created"] * 3
    assert all(rows_of(d)["audit"] == 1 for d in Document.objects.unrestricted())
    assert verify_chain().ok


FIELDS = {
    Document: ["kind", "title", "language", "reference", "tags", "dated", "content_hash", "source_name",
               "banner_level_id", "level_id", "compartment_mask", "owning_agency_id", "releasable_mask",
               "declassify_on", "downgrade_level_id", "classified_by", "classification_reason", "version"],
    Portion: ["order", "number", "text", "level_id", "owning_agency_id", "releasable_mask", "declassify_on",
              "downgrade_level_id", "classified_by", "classification_reason", "version"],
    DocumentVersion: ["number", "author", "reason", "version"],
    Attachment: ["filename", "content_type", "size", "sha256", "storage_path", "extracted_chars", "level_id",
                 "owning_agency_id", "releasable_mask", "version"],
    SearchEntry: ["head", "portions", "level_id", "compartment_mask", "owning_agency_id", "releasable_mask",
                  "declassify_on", "downgrade_level_id", "body"],
}


def stored_rows(document) -> dict:
    """Every row an import made for `document`, as comparable values (no keys or times)."""
    out = {}
    for model, fields in FIELDS.items():
        manager = model.objects.unrestricted() if hasattr(model.objects, "unrestricted") else model.objects
        key = "pk" if model is Document else "document_id"
        out[model.__name__] = sorted(tuple(str(v) for v in row)
                                     for row in manager.filter(**{key: document.pk}).values_list(*fields))
    event = AuditEvent.objects.get(action="documents.document.import", target_id=str(document.pk))
    out["audit"] = (event.level, event.owning_agency, event.actor_label, event.target_type,
                    {k: v for k, v in event.changes.items() if k not in ("lesson_ids", "action_item_ids")})
    return out


def test_the_batch_writer_stores_the_same_rows_as_the_one_file_service(structure, actors, agencies, files_root):
    """Cables (with a declassify date), a report with lessons and actions and a PDF, through the batch
    writer and through import_file: the same rows, field by field, and an intact audit chain."""
    from peaceops.documents.services import import_file

    files = [("cable.txt", fixture_text("01_en_roman_training_review.txt").encode()),
             ("report.txt", REPORT_WITH_LESSONS), ("visit.pdf", make_pdf([["A visit report, kept as a PDF."]]))]
    outcomes = run(actors, agencies, files, batch=10)
    assert [o.status for o in outcomes] == ["created"] * 3
    batch = {o.name: stored_rows(o.document) for o in outcomes}
    with transaction.atomic():
        Document.objects.unrestricted().all().delete()
    single = {}
    for name, content in files:
        outcome = import_file(actor=actors["planner"], name=name, content=content,
                              owning_agency_id=agencies["VDPO"].pk)
        assert outcome.status == "created"
        single[name] = stored_rows(outcome.document)
    assert batch == single
    assert Lesson.objects.unrestricted().count() >= 1 and ActionItem.objects.unrestricted().count() >= 1
    assert verify_chain().ok


def test_a_batch_costs_the_same_number_of_queries_whatever_its_size(structure, actors, agencies):
    run(actors, agencies, [("warm.txt", report(0))])  # per-process caches
    counts = []
    for first, size in ((1, 3), (10, 40)):
        files = [(f"r{n}.txt", report(n)) for n in range(first, first + size)]
        with CaptureQueriesContext(connection) as queries:
            outcomes = run(actors, agencies, files, batch=100)
        assert [o.status for o in outcomes] == ["created"] * size
        counts.append(len(queries.captured_queries))
    # savepoint, duplicate check, savepoint of the batch write; one INSERT each for documents,
    # portions, versions, attachments, lessons and search rows; audit head (select for update), audit
    # rows, head update; the two releases
    assert counts == [14, 14]


def test_parsing_in_worker_processes_gives_the_same_outcomes(structure, actors, agencies):
    files = [(f"r{n}.txt", report(n)) for n in range(6)] + [("garbage.bin", bytes(range(256)) * 40)]
    outcomes = run(actors, agencies, files, batch=4, workers=2)
    assert [o.status for o in outcomes] == ["created"] * 6 + ["failed"]
    assert outcomes[-1].code == "binary"


def test_the_command_imports_in_batches_with_a_summary(structure, tmp_path):
    from peaceops.documents.management.commands.documents import Command

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(5):
        (folder / f"r{n}.txt").write_bytes(report(n))
    (folder / "empty.txt").write_bytes(b"")
    outputs = []
    command = Command()
    command.stdout.write = lambda text, *a, **k: outputs.append(text)
    command.stderr.write = lambda text, *a, **k: outputs.append(text)
    assert command.import_paths([str(folder), "--as", "planner", "--quiet", "--batch", "2"]) == 1
    assert "imported 5, already present 0, failed 1 (of 6 files)" in outputs[0]
    assert any("empty.txt" in line for line in outputs[1:])


def crash_after_writing_the_batch_of(monkeypatch, source_name: str):
    """Make the batch writer fail like a full disk right after writing the batch that holds `source_name`;
    answers the real writer, to put back."""
    real_write = import_service._write_batch

    def crashing_write(actor, plans, stored):
        written = real_write(actor, plans, stored)
        if any(plan.draft.source_name == source_name for plan in plans):
            raise RuntimeError("disk full")
        return written

    monkeypatch.setattr(import_service, "_write_batch", crashing_write)
    return real_write
