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
