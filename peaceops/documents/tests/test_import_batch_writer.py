"""The batch writer's fast paths keep the index, the originals and the audit chain exactly right.

(services.imports.import_files: search rows in one multi-row INSERT on SQLite, whatever the limit on
bound parameters.)
"""

from __future__ import annotations

import sqlite3

import pytest
from django.db import connection

from peaceops.documents.search import search_documents
from peaceops.documents.search.models import SearchEntry
from peaceops.documents.services import import_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.FILES_ROOT = tmp_path / "files"
    return settings.FILES_ROOT


def report(n: int) -> bytes:
    return (f"Report {n}\n\n1. Summary\n\n- A summary about rotation logistics, codeword zq{n}x.\n\n"
            f"2. Outlook\n\n- (C) A confidential outlook for zq{n}x.\n").encode()


def run(actors, agencies, files, persona="planner", **kwargs):
    return import_files(actor=actors[persona], files=files, owning_agency_id=agencies["VDPO"].pk, **kwargs)


def found(actor, word) -> set:
    return {hit.document.pk for hit in search_documents(actor=actor, query=word).hits}


def fts_integrity_check() -> None:
    """SQLite: FTS5 compares its index with the content table (raises if they differ)."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO documents_searchentry_fts(documents_searchentry_fts) VALUES ('integrity-check')")


@pytest.fixture
def small_parameter_limit():
    """SQLite allows only 30 bound parameters per statement here: the search rows need several INSERTs."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's limit on bound parameters")
    connection.ensure_connection()
    raw = connection.connection
    before = raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 30)
    yield
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)


@pytest.mark.parametrize("limited", [False, True], ids=["one-statement", "thirty-parameters"])
def test_every_bulk_imported_document_is_found_by_its_words(structure, actors, agencies, request, limited):
    if limited:
        request.getfixturevalue("small_parameter_limit")
    files = [(f"r{n}.txt", report(n)) for n in range(7)]
    outcomes = run(actors, agencies, files, batch=5)
    assert [o.status for o in outcomes] == ["created"] * 7
    for n, outcome in enumerate(outcomes):
        assert found(actors["planner"], f"zq{n}x") == {outcome.document.pk}
    # Two index rows per report: the UNCLASSIFIED head and summary, the CONFIDENTIAL outlook.
    assert SearchEntry.objects.count() == 14
    if connection.vendor == "sqlite":
        fts_integrity_check()


# --- originals stored by the parsing processes -------------------------------------------------

SECRET_REPORT = b"Report\n\n1. Summary\n\n- (S) A secret finding.\n- (U) An open one.\n"


def test_parsing_processes_store_the_originals_and_take_back_those_not_imported(structure, actors, agencies,
                                                                              files_root):
    """personnel (CONFIDENTIAL) may not write the SECRET report: its original, stored by a parsing
    process before the check, goes again; the duplicate's twin keeps the one file they share."""
    from peaceops.documents.models import Attachment

    from .test_import_formats import stored_files

    files = [("r1.txt", report(1)), ("again.txt", report(1)), ("secret.txt", SECRET_REPORT), ("r2.txt", report(2))]
    outcomes = run(actors, agencies, files, persona="personnel", batch=10, workers=2)
    assert [o.status for o in outcomes] == ["created", "duplicate", "failed", "created"]
    paths = sorted(Attachment.objects.unrestricted().values_list("storage_path", flat=True))
    assert stored_files(files_root) == paths and len(paths) == 2
    for outcome, (_name, content) in zip([outcomes[0], outcomes[3]], [files[0], files[3]], strict=True):
        attachment = Attachment.objects.unrestricted().get(document=outcome.document)
        assert (files_root / attachment.storage_path).read_bytes() == content


def test_a_crash_with_parsing_processes_leaves_only_the_committed_originals(structure, actors, agencies, files_root,
                                                                           monkeypatch):
    """The batch after the one that crashes was already parsed and its originals stored, while the
    crashing one was written: both batches' originals go; the committed batch's stay."""
    from peaceops.audit.verify import verify_chain
    from peaceops.documents.models import Attachment, Document
    from peaceops.documents.services import imports

    from .test_import_bulk import crash_after_writing_the_batch_of
    from .test_import_formats import stored_files

    real_write = crash_after_writing_the_batch_of(monkeypatch, "r3.txt")
    files = [(f"r{n}.txt", report(n)) for n in range(1, 8)]
    with pytest.raises(RuntimeError):
        run(actors, agencies, files, batch=2, workers=2)
    assert sorted(Document.objects.unrestricted().values_list("source_name", flat=True)) == ["r1.txt", "r2.txt"]
    assert stored_files(files_root) == sorted(Attachment.objects.unrestricted().values_list("storage_path", flat=True))
    monkeypatch.setattr(imports, "_write_batch", real_write)
    assert [o.status for o in run(actors, agencies, files, batch=2, workers=2)] == ["duplicate"] * 2 + ["created"] * 5
    assert len(stored_files(files_root)) == 7
    assert verify_chain().ok


@pytest.mark.parametrize("cpus,workers", [(1, 1), (2, 2), (8, 2), (None, 1)])
def test_the_command_parses_in_min_2_cpu_count_processes_by_default(structure, tmp_path, monkeypatch, cpus, workers):
    import os

    from peaceops.documents import services
    from peaceops.documents.management.commands.documents import Command

    seen = {}
    real = services.import_files

    def spying(**kwargs):
        seen["workers"] = kwargs["workers"]
        return real(**kwargs)

    monkeypatch.setattr(services, "import_files", spying)
    monkeypatch.setattr(os, "cpu_count", lambda: cpus)
    (tmp_path / "r1.txt").write_bytes(report(1))
    command = Command()
    command.stdout.write = command.stderr.write = lambda *a, **k: None
    assert command.import_paths([str(tmp_path / "r1.txt"), "--as", "planner", "--quiet"]) == 0
    assert seen == {"workers": workers}
