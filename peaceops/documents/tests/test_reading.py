"""Reading: the document page, print and PDF export (banner and portion marks), original files."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import uuid

import pytest
from django.conf import settings
from django.urls import reverse

from peaceops.audit.models import AuditEvent
from peaceops.documents.models import Attachment, Document, Lesson, Portion

pytestmark = pytest.mark.django_db

SECRET_TEXT = "The second battalion will move to the eastern sector before the rains."
CONFIDENTIAL_TEXT = "Bộ Quốc phòng đề nghị tăng cường đội công binh số 4 với mười hai xe ủi."
PLAIN_TEXT = "Đội y tế cấp 2 đã hoàn thành khóa huấn luyện tiếng Anh tại Hà Nội."


def make_document(agency, portions, *, title="Báo cáo huấn luyện đội công binh", level=0, kind="report",
                  reference="", declassify_on=None, downgrade_level=None, releasable_mask=0) -> Document:
    """A document with portions given as (level, text) or (level, text, compartments)."""
    levels = [p[0] for p in portions]
    masks = []
    document = Document(
        kind=kind, title=title, reference=reference, content_hash=uuid.uuid4().hex * 2, level_id=level,
        banner_level_id=max(levels + [level]), owning_agency=agency, releasable_mask=releasable_mask,
        declassify_on=declassify_on, downgrade_level_id=downgrade_level, classified_by="Trần Quang Minh",
        classification_reason="1.4(b)",
    )
    document.save(force_insert=True)
    for order, spec in enumerate(portions, start=1):
        portion = Portion(document=document, order=order, number=str(order), text=spec[1], level_id=spec[0],
                          owning_agency=agency, releasable_mask=releasable_mask)
        portion.compartments = spec[2] if len(spec) > 2 else ()
        masks.append(portion.compartment_mask)
        portion.save(force_insert=True)
    return document


def pdf_text(body: bytes) -> list[str]:
    """The text of each page of a PDF (pypdf if installed, else pdftotext)."""
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - depends on the environment
        if not shutil.which("pdftotext"):
            pytest.skip("neither pypdf nor pdftotext is available")
        out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=body, capture_output=True, check=True).stdout
        return out.decode().split("\f")
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages]


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def mixed(agencies):
    """UNCLASSIFIED title; portions U, C, S, owned by VDPO."""
    return make_document(agencies["VDPO"], [(0, PLAIN_TEXT), (1, CONFIDENTIAL_TEXT), (2, SECRET_TEXT)],
                         reference="09HANOI883")


def exports(document, fmt=None):
    rows = AuditEvent.objects.filter(action="documents.document.export", target_id=str(document.pk))
    return [r for r in rows if fmt is None or r.changes.get("format") == fmt]


# -- PDF --------------------------------------------------------------------------------------

def test_a_confidential_readers_pdf_carries_the_secret_portions_marking_but_never_its_text(mixed, client_for):
    response = english(client_for("personnel")).get(reverse("documents:pdf", args=[mixed.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="09HANOI883.pdf"')
    pages = pdf_text(response.content)
    text = "\n".join(pages)
    assert SECRET_TEXT[:30] not in text and "eastern sector" not in text
    assert "[Redacted: SECRET, above your clearance]" in text and "(S)" in text
    assert "(U)" in text and "(C)" in text and "tăng cường đội công binh" in text
    # The banner is the highest marking shown, at the top and bottom of every page.
    assert response["X-PeaceOps-Marking"] == "CONFIDENTIAL"
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines.count("CONFIDENTIAL") >= 2, lines


def test_a_secret_readers_pdf_shows_every_portion_under_a_secret_banner(mixed, client_for):
    response = english(client_for("planner")).get(reverse("documents:pdf", args=[mixed.pk]))
    text = "\n".join(pdf_text(response.content))
    assert response["X-PeaceOps-Marking"] == "SECRET"
    assert "eastern sector" in text and "Redacted" not in text
    assert [line.strip() for line in text.splitlines()].count("SECRET") >= 2


def test_the_vietnamese_pdf_keeps_its_diacritics(mixed, client_for):
    response = client_for("personnel").get(reverse("documents:pdf", args=[mixed.pk]))
    text = "\n".join(pdf_text(response.content))
    assert "Báo cáo huấn luyện đội công binh" in text
    assert "Đội y tế cấp 2 đã hoàn thành khóa huấn luyện tiếng Anh tại Hà Nội." in text
    assert "TỐI MẬT" in text  # the redacted portion's marking


def test_the_pdf_is_audited_in_the_same_request(mixed, client_for):
    client_for("personnel").get(reverse("documents:pdf", args=[mixed.pk]))
    [event] = exports(mixed, "pdf")
    assert event.changes == {"format": "pdf", "banner": "CONFIDENTIAL", "redacted": 1}
    assert event.actor_label == "personnel"


def test_the_pdf_fetches_nothing_from_outside():
    from peaceops.core.pdf import RefusedURL, static_file_for, url_fetcher

    fetcher = url_fetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch("http://192.0.2.1/font.woff2")  # an outside address (RFC 5737 documentation range)
    with pytest.raises(RefusedURL):
        fetcher.fetch("file:///etc/passwd")
    assert static_file_for("/static/../settings.py") is None
    assert static_file_for("https://peaceops.invalid/static/documents/print.css").name == "print.css"


# -- print view -------------------------------------------------------------------------------

def test_the_print_view_carries_the_banner_and_every_portion_mark(mixed, client_for):
    response = english(client_for("personnel")).get(reverse("documents:print", args=[mixed.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-banner="CONFIDENTIAL"' in html and html.count('class="print-banner marking-confidential"') == 2
    assert "1. (U)" in html and "2. (C)" in html and "3. (S)" in html
    assert "eastern sector" not in html and "[Redacted: SECRET, above your clearance]" in html
    assert "print.css" in html
    assert len(exports(mixed, "print")) == 1


def test_portion_marks_name_their_compartments(agencies, client_for):
    document = make_document(agencies["MOH"], [(0, "Kế hoạch chung."), (1, "Hồ sơ sức khỏe.", ["MEDICAL"])])
    html = client_for("health").get(reverse("documents:print", args=[document.pk])).content.decode()
    assert "(C//MEDICAL)" in html and "Hồ sơ sức khỏe." in html
    assert 'data-marking="CONFIDENTIAL"' in html and "MEDICAL" in html.split("data-banner=")[1].split('"')[1]


def test_a_reader_without_the_export_role_gets_404_for_print_and_pdf(mixed, users, client_for):
    from peaceops.accounts.models import RoleAssignment

    RoleAssignment.objects.filter(user=users["personnel"]).delete()
    reader = client_for("personnel")
    assert reader.get(reverse("documents:detail", args=[mixed.pk])).status_code == 200
    assert reader.get(reverse("documents:print", args=[mixed.pk])).status_code == 404
    assert reader.get(reverse("documents:pdf", args=[mixed.pk])).status_code == 404
    assert api_status(users["personnel"], f"/api/v1/documents/{mixed.pk}/pdf/") == 404
    assert exports(mixed) == []


def api_status(user, url):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(user)
    return api.get(url).status_code


def test_a_document_the_reader_may_not_see_is_404_everywhere(agencies, client_for, api_for):
    hidden = make_document(agencies["MFA"], [(1, "Ghi chú riêng của Bộ Ngoại giao.")], level=1)
    for name in ("personnel", "public"):
        client = client_for(name)
        for route in ("documents:detail", "documents:print", "documents:pdf"):
            assert client.get(reverse(route, args=[hidden.pk])).status_code == 404
        assert api_for(name).get(f"/api/v1/documents/{hidden.pk}/pdf/").status_code == 404
    assert exports(hidden) == []


def test_an_api_pdf_refusal_is_json_even_when_the_pdf_was_asked_for(mixed, agencies, api_for):
    hidden = make_document(agencies["MFA"], [(1, "Ghi chú riêng.")], level=1)
    for url in (f"/api/v1/documents/{hidden.pk}/pdf/?format=pdf", f"/api/v1/documents/{hidden.pk}/pdf/"):
        response = api_for("personnel").get(url, HTTP_ACCEPT="application/pdf")
        assert response.status_code == 404 and "json" in response["Content-Type"]


def test_the_api_exports_the_same_pdf_and_audits_it(mixed, api_for):
    response = api_for("personnel").get(f"/api/v1/documents/{mixed.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-PeaceOps-Marking"] == "CONFIDENTIAL"
    text = "\n".join(pdf_text(response.content))
    assert "eastern sector" not in text
    assert len(exports(mixed, "pdf")) == 1


# -- the document page ---------------------------------------------------------------------------

def test_the_page_offers_print_and_pdf_to_exporters_only(mixed, users, client_for):
    from peaceops.accounts.models import RoleAssignment

    html = client_for("personnel").get(reverse("documents:detail", args=[mixed.pk])).content.decode()
    assert reverse("documents:pdf", args=[mixed.pk]) in html and reverse("documents:print", args=[mixed.pk]) in html
    RoleAssignment.objects.filter(user=users["personnel"]).delete()
    html = client_for("personnel").get(reverse("documents:detail", args=[mixed.pk])).content.decode()
    assert reverse("documents:pdf", args=[mixed.pk]) not in html


def test_opening_a_classified_document_is_audited(mixed, client_for):
    client_for("personnel").get(reverse("documents:detail", args=[mixed.pk]))
    assert AuditEvent.objects.filter(action="documents.document.view", target_id=str(mixed.pk)).count() == 0
    confidential = make_document(mixed.owning_agency, [(1, CONFIDENTIAL_TEXT)], level=1)
    client_for("personnel").get(reverse("documents:detail", args=[confidential.pk]))
    assert AuditEvent.objects.filter(action="documents.document.view", target_id=str(confidential.pk)).count() == 1


def test_lessons_and_actions_show_only_what_the_reader_may_see_and_raise_the_banner(mixed, agencies, client_for):
    from peaceops.decisions.models import ActionItem

    Lesson(document=mixed, text="Cần thêm phiên dịch viên tiếng Pháp.", level_id=0, owning_agency=agencies["VDPO"]).save()
    Lesson(document=mixed, text="Secret lesson about convoy timings.", level_id=2, owning_agency=agencies["VDPO"]).save()
    ActionItem(title="Mua thêm máy lọc nước", source="report", source_document=mixed, level_id=1,
               owning_agency=agencies["VDPO"]).save()
    public = client_for("public").get(reverse("documents:detail", args=[mixed.pk])).content.decode()
    assert "phiên dịch viên" in public and "convoy timings" not in public and "máy lọc nước" not in public
    assert 'data-marking="UNCLASSIFIED"' in public
    personnel = client_for("personnel").get(reverse("documents:detail", args=[mixed.pk])).content.decode()
    assert "máy lọc nước" in personnel and "convoy timings" not in personnel
    planner = client_for("planner").get(reverse("documents:detail", args=[mixed.pk])).content.decode()
    assert "convoy timings" in planner and 'data-marking="SECRET"' in planner


# -- original files ---------------------------------------------------------------------------

@pytest.fixture
def original(mixed, agencies, settings, tmp_path):
    settings.FILES_ROOT = tmp_path
    content = ("09HANOI883\n" + SECRET_TEXT).encode()
    (tmp_path / "ab").mkdir()
    (tmp_path / "ab" / "cable.txt").write_bytes(content)
    attachment = Attachment(document=mixed, filename="09HANOI883.txt", content_type="text/plain", size=len(content),
                            sha256=hashlib.sha256(content).hexdigest(), storage_path="ab/cable.txt",
                            level_id=mixed.banner_level_id, owning_agency=agencies["VDPO"])
    attachment.save(force_insert=True)
    return attachment


def test_only_a_reader_cleared_for_the_banner_gets_the_original_file(mixed, original, client_for):
    url = reverse("documents:attachment", args=[mixed.pk, original.pk])
    personnel = client_for("personnel")
    assert url not in personnel.get(reverse("documents:detail", args=[mixed.pk])).content.decode()
    assert personnel.get(url).status_code == 404
    planner = client_for("planner")
    assert url in planner.get(reverse("documents:detail", args=[mixed.pk])).content.decode()
    response = planner.get(url)
    assert response.status_code == 200 and b"eastern sector" in b"".join(response.streaming_content)
    assert response["Content-Disposition"].startswith("attachment;")
    events = AuditEvent.objects.filter(action="documents.attachment.download", target_id=str(original.pk))
    assert [e.actor_label for e in events] == ["planner"]


def test_a_stored_path_outside_the_files_root_is_never_served(mixed, original, client_for):
    Attachment.objects.unrestricted().filter(pk=original.pk).update(storage_path="../../etc/passwd")
    url = reverse("documents:attachment", args=[mixed.pk, original.pk])
    assert client_for("planner").get(url).status_code == 404


def test_an_imported_cable_reads_exports_and_downloads_end_to_end(agencies, actors, client_for, settings, tmp_path):
    from peaceops.documents.services import import_file

    from .test_library import CABLE

    settings.FILES_ROOT = tmp_path
    outcome = import_file(actor=actors["planner"], name="hanoi-123.txt", content=CABLE.encode(),
                          owning_agency_id=agencies["VDPO"].pk)
    assert outcome.status == "created", outcome.error
    document = outcome.document
    [attachment] = Attachment.objects.unrestricted().filter(document=document)
    url = reverse("documents:attachment", args=[document.pk, attachment.pk])
    assert client_for("public").get(url).status_code == 404  # the file carries the CONFIDENTIAL banner
    response = client_for("personnel").get(url)
    assert response.status_code == 200 and b"second rotation" in b"".join(response.streaming_content)
    pdf = english(client_for("public")).get(reverse("documents:pdf", args=[document.pk]))
    text = "\n".join(pdf_text(pdf.content))
    assert pdf["X-PeaceOps-Marking"] == "UNCLASSIFIED" and "second rotation" not in text
    assert "[Redacted: CONFIDENTIAL, above your clearance]" in text and "hosted partner instructors" in text
