"""The document library in a real browser, in Vietnamese and English: the planner (SECRET) and the
personnel officer (CONFIDENTIAL) open the same SECRET cable, search for a word found only in its SECRET
paragraphs, print it and export it; an import runs from the upload page to its report.

The library is the demo's (peaceops/demo/library/), imported through the real service. Screenshots go
to tests/e2e/artifacts/<language>-<persona>-documents-<page>.png.
"""

from __future__ import annotations

import pytest

from peaceops.documents.models import Document

from .test_browser import banner, shot, sign_in, switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ABYEI = "03_abyei_security.txt"  # SECRET banner, CONFIDENTIAL title, two SECRET paragraphs
WORD_ONLY_IN_SECRET = "escorts"


@pytest.fixture
def library(users):
    from peaceops.access.context import system_scope
    from peaceops.demo.library import load_library

    counts = load_library()
    assert counts["created"] == 8
    with system_scope("test: find the demo documents"):
        return {d.source_name: d for d in Document.objects.all()}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_secret_cable_is_read_in_full_by_the_planner_and_redacted_for_a_confidential_reader(
        open_page, live_server, artifacts, library, language):
    base = live_server.url
    cable = library[ABYEI]
    for persona, expected_banner, redacted in (("planner", "SECRET", 0), ("personnel", "CONFIDENTIAL", 2)):
        page, _watch = open_page()
        sign_in(page, base, persona)
        if language == "en":
            switch_language(page, "en")
        prefix = f"{language}-{persona}-documents"

        page.goto(f"{base}/documents/")
        titles = page.locator("main").inner_text()
        assert cable.title in titles, f"{persona} should know the cable exists (its title is CONFIDENTIAL)"
        assert "PLEDGE OF A POLICE CAPABILITY" not in titles, "an MFA cable not released to them"
        shot(page, artifacts, f"{prefix}-list")

        page.goto(f"{base}/documents/{cable.pk}/")
        assert banner(page) == expected_banner
        assert page.locator(".portion-redacted").count() == redacted
        assert (WORD_ONLY_IN_SECRET in page.locator("main").inner_text()) == (persona == "planner")
        shot(page, artifacts, f"{prefix}-detail")

        # A word found only in SECRET paragraphs: no result, no count, no facet for the CONFIDENTIAL reader.
        page.goto(f"{base}/documents/search/")
        page.locator("#id_search_q").fill(WORD_ONLY_IN_SECRET)
        with page.expect_navigation():
            page.locator("form[role=search] button[type=submit]").click()
        results = page.locator("[data-result]")
        if persona == "planner":
            assert results.count() == 1 and page.locator(".search-snippet mark").count() >= 1
            assert banner(page) == "SECRET", "the snippet comes from a SECRET paragraph"
        else:
            assert results.count() == 0 and WORD_ONLY_IN_SECRET not in page.locator("[data-facet]").all_inner_texts()
            assert banner(page) == "UNCLASSIFIED"
        shot(page, artifacts, f"{prefix}-search-{WORD_ONLY_IN_SECRET}")

        # Diacritics are optional: "bao cao" finds the Vietnamese training report.
        page.locator("#id_search_q").fill("bao cao huan luyen")
        with page.expect_navigation():
            page.locator("form[role=search] button[type=submit]").click()
        assert page.locator("[data-result]").count() >= 1
        shot(page, artifacts, f"{prefix}-search-vietnamese")

        # Print view and PDF carry the banner and the portion marks; both are audited exports.
        page.goto(f"{base}/documents/{cable.pk}/print/")
        assert page.locator("body").get_attribute("data-marking") == expected_banner
        assert page.locator(".portion-redacted").count() == redacted
        shot(page, artifacts, f"{prefix}-print")
        page.goto(f"{base}/documents/{cable.pk}/")
        with page.expect_download() as download:
            page.locator("[data-testid=pdf-link]").click()
        path = download.value.path()
        with open(path, "rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
        page.context.close()


def test_an_import_runs_from_the_upload_page_to_its_report(open_page, live_server, artifacts, library, tmp_path):
    base = live_server.url
    page, _watch = open_page()
    sign_in(page, base, "planner")
    good = tmp_path / "bao-cao-dien-tap.txt"
    good.write_text("BÁO CÁO DIỄN TẬP SƠ TÁN Y TẾ\n\n1. Bài học kinh nghiệm\n\n- Cần kiểm tra liên lạc trước mỗi ca trực.\n",
                    encoding="utf-8")
    empty = tmp_path / "trong.txt"
    empty.write_bytes(b"")
    page.goto(f"{base}/documents/import/")
    shot(page, artifacts, "vi-planner-documents-import")
    page.locator("input[type=file]").set_input_files([str(good), str(empty)])
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.locator("[data-testid=import-counts]").wait_for()
    outcomes = page.locator("[data-testid=import-outcomes]").inner_text()
    assert "trong.txt" in outcomes and "bao-cao-dien-tap.txt" in outcomes
    shot(page, artifacts, "vi-planner-documents-import-report")
