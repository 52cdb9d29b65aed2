"""Importing PDF, DOCX, HTML and text: the original kept content-addressed under FILES_ROOT with an
Attachment row, bad input refused per file with nothing half-imported, and a constant query count."""

import hashlib
import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peaceops.audit.models import AuditEvent
from peaceops.decisions.models import ActionItem
from peaceops.documents import storage
from peaceops.documents.ingest import MAX_BYTES
from peaceops.documents.models import Attachment, Document, DocumentVersion, Lesson, Portion
from peaceops.documents.services import import_file
from peaceops.documents.services import imports as import_service

from .files import FIXTURES, encrypted_pdf, fixture_text, make_docx, make_pdf, pdf_of_text
from .test_extract import garbage, windows_1258

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.FILES_ROOT = tmp_path / "files"
    return settings.FILES_ROOT


def stored_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


def run_import(actors, agencies, name, content, persona="planner", **kwargs):
    return import_file(actor=actors[persona], name=name, content=content, owning_agency_id=agencies["VDPO"].pk,
                       **kwargs)


def assert_nothing_left(root, audit_before):
    for model in (Document, Portion, Attachment, Lesson, ActionItem):
        assert not model.objects.unrestricted().exists(), model.__name__
    assert not DocumentVersion.objects.exists()
    assert stored_files(root) == []
    assert AuditEvent.objects.count() == audit_before
    assert not AuditEvent.objects.filter(action="documents.document.import").exists()


# --- formats --------------------------------------------------------------------------------------

def test_a_pdf_report_is_read_and_kept_as_its_attachment(structure, actors, agencies, files_root):
    content = pdf_of_text(fixture_text("01_en_roman_training_review.txt"), title="Training review 2010")
    outcome = run_import(actors, agencies, "review.pdf", content)
    assert outcome.status == "created", outcome.error
    document = outcome.document
    assert (document.kind, document.title, document.language) == ("report", "Training review 2010", "en")
    attachment = Attachment.objects.unrestricted().get(document=document)
    digest = hashlib.sha256(content).hexdigest()
    assert attachment.storage_path == f"{digest[:2]}/{digest}" and attachment.sha256 == digest
    assert (attachment.filename, attachment.content_type, attachment.size) == ("review.pdf", "application/pdf",
                                                                                len(content))
    assert (files_root / attachment.storage_path).read_bytes() == content
    assert stored_files(files_root) == [attachment.storage_path]  # no temporary file left behind
    assert attachment.extracted_chars > 500
    assert Lesson.objects.unrestricted().filter(document=document).count() == 7
    assert ActionItem.objects.unrestricted().filter(source_document=document).count() == 3


def test_a_docx_report_in_vietnamese_is_read(structure, actors, agencies, files_root):
    content = make_docx(fixture_text("02_vi_decimal_hospital_rotation.txt"))
    outcome = run_import(actors, agencies, "bao-cao.docx", content)
    assert outcome.status == "created", outcome.error
    document = outcome.document
    assert document.language == "vi" and document.title.startswith("BÁO CÁO TỔNG KẾT")
    attachment = document.attachments.model.objects.unrestricted().get(document=document)
    assert attachment.content_type.endswith("wordprocessingml.document")
    numbers = list(Portion.objects.unrestricted().filter(document=document).values_list("number", flat=True))
    assert {"2.1", "2.2", "3", "4", "5"} <= set(numbers)
    assert Lesson.objects.unrestricted().filter(document=document, category="lesson").count() == 2


@pytest.mark.parametrize("name", ["report.html", "report.htm"])
def test_an_html_report_is_read_without_its_scripts(structure, actors, agencies, files_root, name):
    content = (FIXTURES / "files" / "report.html").read_bytes()
    outcome = run_import(actors, agencies, name, content)
    assert outcome.status == "created", outcome.error
    document = outcome.document
    assert document.title == "Báo cáo rút kinh nghiệm diễn tập"
    texts = " ".join(Portion.objects.unrestricted().filter(document=document).values_list("text", flat=True))
    assert "trackVisit" not in texts and "Thông tin liên lạc giữa các tổ còn chậm." in texts
    action = ActionItem.objects.unrestricted().get(source_document=document, owner_text="Bộ Y tế")
    assert action.owner_agency.code == "MOH" and str(action.due_on) == "2013-06-30"


def test_an_html_wrapped_cable_imports_as_a_cable(structure, actors, agencies, files_root):
    outcome = run_import(actors, agencies, "cable.html", (FIXTURES / "files" / "cable.html").read_bytes())
    assert outcome.status == "created", outcome.error
    document = outcome.document
    assert (document.kind, document.reference, document.banner_level_id, document.level_id) == (
        "cable", "10HANOI412", 1, 0)
    levels = list(Portion.objects.unrestricted().filter(document=document).values_list("level_id", flat=True))
    assert levels == [0, 1, 0]
    attachment = Attachment.objects.unrestricted().get(document=document)
    assert attachment.content_type == "text/html"


def test_the_attachment_carries_the_banner_marking_of_its_document(structure, actors, agencies, files_root):
    outcome = run_import(actors, agencies, "cable.html", (FIXTURES / "files" / "cable.html").read_bytes())
    attachment = Attachment.objects.unrestricted().get(document=outcome.document)
    assert attachment.level_id == outcome.document.banner_level_id == 1
    assert attachment.owning_agency_id == agencies["VDPO"].pk
    assert not Attachment.objects.visible_to(actors["public"]).exists()
    assert Attachment.objects.visible_to(actors["planner"]).count() == 1


@pytest.mark.parametrize("encode", [lambda t: t.encode("utf-16"), lambda t: t.encode("utf-16-le"), windows_1258],
                         ids=["utf-16-bom", "utf-16-no-bom", "cp1258"])
def test_vietnamese_text_in_utf16_or_the_windows_code_page_imports_as_nfc(structure, actors, agencies, encode):
    text = fixture_text("04_vi_roman_police_observers.txt")
    outcome = run_import(actors, agencies, "bao-cao.txt", encode(text))
    assert outcome.status == "created", outcome.error
    assert outcome.document.language == "vi"
    texts = list(Portion.objects.unrestricted().filter(document=outcome.document).values_list("text", flat=True))
    assert "Kỹ năng lái xe địa hình còn yếu ở một số học viên." in texts
    assert Lesson.objects.unrestricted().filter(document=outcome.document, category="finding").count() == 3


def test_importing_the_same_pdf_twice_stores_one_file(structure, actors, agencies, files_root):
    content = pdf_of_text(fixture_text("05_en_plain_headings_visit.txt"))
    first = run_import(actors, agencies, "visit.pdf", content)
    second = run_import(actors, agencies, "visit-copy.pdf", content)
    assert (first.status, second.status) == ("created", "duplicate")
    assert len(stored_files(files_root)) == 1 and Attachment.objects.unrestricted().count() == 1


# --- bad input: a named error and nothing half-imported ------------------------------------------

BAD_FILES = [
    ("empty.txt", b"", "empty"),
    ("bom-only.txt", b"\xef\xbb\xbf\r\n", "empty"),
    ("scripts-only.html", b"<html><head><script>alert(1)</script></head><body> </body></html>", "no_text"),
    ("garbage.txt", garbage(11, 20000), "binary"),
    ("garbage.bin", b"\x00\xff\x13" * 4000, "binary"),
    ("locked.pdf", encrypted_pdf(), "pdf_encrypted"),
    ("broken.pdf", make_pdf([["Half a file."]])[:150], "pdf_corrupt"),
    ("scan.pdf", make_pdf([[]]), "no_text"),
    ("letter.docx", b"plain words pretending to be a docx", "docx_not_zip"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "legacy_office"),
    ("huge.txt", b"x" * (MAX_BYTES + 1), "too_large"),
]


@pytest.mark.parametrize("name,content,code", BAD_FILES, ids=[b[2] + ":" + b[0] for b in BAD_FILES])
def test_a_bad_file_gets_a_clear_error_and_leaves_nothing(structure, actors, agencies, files_root, name, content,
                                                           code):
    audit_before = AuditEvent.objects.count()
    outcome = run_import(actors, agencies, name, content)
    assert (outcome.status, outcome.code) == ("failed", code)
    assert outcome.error and "%(" not in outcome.error
    assert_nothing_left(files_root, audit_before)


def test_a_failure_after_the_file_is_written_removes_the_file_and_every_row(structure, actors, agencies,
                                                                            files_root, monkeypatch):
    def broken_index(document, **kwargs):
        assert stored_files(files_root), "the original is written before the rows"
        raise RuntimeError("index down")

    monkeypatch.setattr(import_service, "index_document", broken_index)
    audit_before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        run_import(actors, agencies, "review.docx", make_docx(fixture_text("01_en_roman_training_review.txt")))
    assert_nothing_left(files_root, audit_before)


def test_a_refused_import_never_writes_the_file(structure, actors, agencies, files_root):
    secret = "Report\n\n1. Findings\n\n- (S) A secret finding.\n- (U) An open one.\n"
    audit_before = AuditEvent.objects.count()
    outcome = run_import(actors, agencies, "report.txt", secret.encode(), persona="personnel")
    assert (outcome.status, outcome.code) == ("failed", "refused")
    assert_nothing_left(files_root, audit_before)


def test_a_file_left_by_an_outer_rollback_is_swept(structure, actors, agencies, files_root):
    from django.db import transaction

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        assert run_import(actors, agencies, "visit.pdf", make_pdf([["An orphan to be."]])).status == "created"
        raise Rollback
    assert len(stored_files(files_root)) == 1  # the outer caller rolled back after the import committed its part
    (files_root / "ab").mkdir(parents=True)
    (files_root / "ab" / ".abcdef-x.part").write_bytes(b"half")
    assert storage.sweep(grace_seconds=3600) == []  # too young: may belong to a running transaction
    removed = storage.sweep(grace_seconds=0)
    assert len(removed) == 2 and stored_files(files_root) == []


def test_the_store_refuses_a_path_that_is_not_a_digest(files_root):
    with pytest.raises(ValueError):
        storage.store(b"x", "../../etc/passwd")
    with pytest.raises(ValueError):
        storage.absolute_path("../outside")


# --- the command: folders with PDF and DOCX, the size checked before reading -------------------

def test_the_command_refuses_a_200_mb_file_without_reading_it(structure, tmp_path, monkeypatch, users):
    from peaceops.documents.management.commands.documents import Command

    folder = tmp_path / "in"
    folder.mkdir()
    huge = folder / "huge.txt"
    with huge.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    (folder / "review.pdf").write_bytes(pdf_of_text(fixture_text("01_en_roman_training_review.txt")))
    (folder / "report.docx").write_bytes(make_docx(fixture_text("02_vi_decimal_hospital_rotation.txt")))
    (folder / "notes.xlsx").write_bytes(b"not imported: not a document type")
    read = []
    original = type(huge).read_bytes

    def tracking_read_bytes(path):
        read.append(path.name)
        return original(path)

    monkeypatch.setattr(type(huge), "read_bytes", tracking_read_bytes)
    command = Command()
    command.stdout.write = lambda text, *a, **k: outputs.append(text)
    command.stderr.write = lambda text, *a, **k: outputs.append(text)
    outputs = []
    code = command.import_paths([str(folder), "--as", "planner", "--quiet"])
    assert code == 1
    assert sorted(read) == ["report.docx", "review.pdf"]
    assert "imported 2, already present 0, failed 1 (of 3 files)" in outputs[0]
    assert any("huge.txt" in line and "50 MB" in line for line in outputs[1:])


def test_the_command_has_usage(structure):
    result = subprocess.run([sys.executable, "-m", "peaceops", "documents", "import"], capture_output=True,
                            text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert result.returncode == 2


# --- speed: a constant, small number of queries per document -----------------------------------

def report_with(paragraphs: int) -> bytes:
    body = "\n\n".join(f"{n}. Paragraph {n} of the field report about rotation number {paragraphs}." for n in
                       range(1, paragraphs + 1))
    steps = "\n".join(f"- Step {n} of the plan (MOD, by 30/06/2012)." for n in range(1, 4))
    return (f"Field report {paragraphs}\n\n{body}\n\nLessons learned\n\n- One lesson.\n- Two lessons.\n\n"
            f"Next steps\n\n{steps}\n").encode()


def count_queries(actors, agencies, content, name):
    with CaptureQueriesContext(connection) as queries:
        outcome = run_import(actors, agencies, name, content)
    assert outcome.status == "created", outcome.error
    return len(queries.captured_queries)


def test_an_import_takes_a_fixed_number_of_queries(structure, actors, agencies, monkeypatch):
    monkeypatch.setattr(import_service, "index_document", lambda document, **kwargs: None)  # the search helper's own
    count_queries(actors, agencies, report_with(2), "warm-up.txt")  # per-process caches (compartment bits)
    counts = [count_queries(actors, agencies, report_with(n), f"r{n}.txt") for n in (3, 40)]
    # duplicate check, savepoint, document, portions, version, attachment, lessons, agencies (only
    # because an action names an owner), actions, audit head (select for update), audit row, head
    # update, savepoint release
    assert counts == [13, 13]


def test_the_query_count_does_not_grow_with_the_document_with_the_real_index(structure, actors, agencies):
    count_queries(actors, agencies, report_with(2), "warm-up.txt")
    counts = [count_queries(actors, agencies, report_with(n), f"r{n}.txt") for n in (3, 40)]
    assert counts[0] == counts[1]
