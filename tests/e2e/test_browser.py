"""The application in a real browser: two officers at different clearances sign in through the form
and each sees only what they are cleared for, in Vietnamese and in English.

Every page visited is saved as a full-page screenshot in tests/e2e/artifacts/ (gitignored), named
`<language>-<persona>-<page>.png`, for people to look at. Each page is also watched: no console
error, no Content-Security-Policy violation, no request to any host but the live server.
"""

from __future__ import annotations

import datetime as dt

import pytest

from peaceops.core.text import fold
from peaceops.people.models import LanguageSkill
from peaceops.people.tests.factories import NextOfKinFactory, PassportFactory, PersonFactory

from . import signin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UNCLASSIFIED, CONFIDENTIAL, SECRET = 0, 1, 2


# --- the records ----------------------------------------------------------------------------


@pytest.fixture
def registry(users, units):
    """A small registry: one record both personas share, one only the planner may see (SECRET, MOD),
    one only the health officer may see (CONFIDENTIAL // MEDICAL, MOH), and some colleagues around
    them so that the lists look like a working day."""
    shared = PersonFactory(
        level_id=UNCLASSIFIED, owner="VDPO", released=("MOD", "MOH"), family_name="Đinh", middle_name="Công",
        given_name="Sơn", service_number="QN-100201", rank="OF-2", unit=units["VDPO-TC"],
        email="son.dc@gghb.example", phone="+84 24 3734 0001",
    )
    secret = PersonFactory(
        level_id=SECRET, owner="MOD", family_name="Phạm", middle_name="Quốc", given_name="Bảo",
        service_number="QN-558812", rank="OF-4", unit=units["ENG-BDE-249"], classified_by="Cục Tác chiến",
        classification_reason="Kế hoạch triển khai", phone="+84 24 3734 0002",
    )
    medical = PersonFactory(
        level_id=CONFIDENTIAL, owner="MOH", compartments=("MEDICAL",), family_name="Lê", middle_name="Thị",
        given_name="Mai", gender="F", service="medical", rank="CIV", service_number="YT-204417",
        unit=units["MOH-BACHMAI"], date_of_birth=dt.date(1990, 3, 8), email="mai.lt@bachmai.example",
    )
    PassportFactory(person=secret, level_id=CONFIDENTIAL, owner="MOD", number="C1234567",
                    expires_on=dt.date(2031, 6, 30))
    NextOfKinFactory(person=secret, level_id=CONFIDENTIAL, owner="MOD", name="Nguyễn Thị Hạnh")
    PassportFactory(person=medical, level_id=CONFIDENTIAL, owner="MOH", compartments=("MEDICAL",),
                    number="C7654321", expires_on=dt.date(2024, 1, 31))
    for person, language, level in ((secret, "en", "B2"), (secret, "fr", "A2"), (medical, "en", "C1")):
        LanguageSkill.objects.create(person=person, language=language, level=level)

    colleagues = [
        # family, middle, given, gender, service, rank, unit, level, owner, released, compartments
        ("Trần", "Văn", "Hùng", "M", "army", "OF-3", "ENG-4", CONFIDENTIAL, "VDPO", (), ()),
        ("Nguyễn", "Thị", "Lan Anh", "F", "medical", "OF-2", "L2FH-7", CONFIDENTIAL, "VDPO", ("MOH",), ()),
        ("Hoàng", "Minh", "Đức", "M", "army", "OR-7", "ENG-4", UNCLASSIFIED, "VDPO", (), ()),
        ("Vũ", "Đình", "Khang", "M", "navy", "OF-1", "DIV-304", SECRET, "MOD", ("VDPO",), ()),
        ("Bùi", "Thị", "Ngọc", "F", "medical", "CIV", "MOH-HQ", CONFIDENTIAL, "MOH", (), ("MEDICAL",)),
        ("Đỗ", "Quang", "Trung", "M", "police", "OF-3", "MPS-MOBILE", CONFIDENTIAL, "MPS", ("VDPO",), ()),
    ]
    for n, (family, middle, given, gender, service, rank, unit, level, owner, released, compartments) in \
            enumerate(colleagues):
        PersonFactory(family_name=family, middle_name=middle, given_name=given, gender=gender, service=service,
                      rank=rank, unit=units[unit], level_id=level, owner=owner, released=released,
                      compartments=compartments, service_number=f"{'YT' if service == 'medical' else 'QN'}-3{n:05d}",
                      date_of_birth=dt.date(1980 + 2 * n, 1 + n, 10 + n))
    return {"shared": shared, "secret": secret, "medical": medical}


# --- helpers --------------------------------------------------------------------------------


def shot(page, artifacts, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def banner(page) -> str:
    return page.locator(".marking-banner").first.get_attribute("data-marking")


def main_text(page) -> str:
    return page.locator("body").inner_text()


def switch_language(page, code: str) -> None:
    with page.expect_navigation():
        page.locator(f".lang-switch button[value='{code}']").click()
    assert html_lang(page) == code


def sign_in(page, base: str, username: str) -> None:
    """Sign in, and check that the user landed on the dashboard."""
    signin.sign_in(page, base, username)
    assert page.url == f"{base}/", f"{username} did not reach the dashboard: {page.url}"
    assert page.locator("[data-stat='people']").is_visible()


# --- tests ----------------------------------------------------------------------------------


def test_the_sign_in_page_speaks_vietnamese_first_then_english(open_page, live_server, artifacts):
    page, _watch = open_page()
    response = page.goto(f"{live_server.url}/people/")
    assert response.ok
    assert "/accounts/login/" in page.url, "an anonymous visitor is sent to sign in"
    assert html_lang(page) == "vi"
    assert banner(page) == "UNCLASSIFIED"
    assert page.evaluate("document.activeElement.id") == "id_username"
    shot(page, artifacts, "vi-login")

    switch_language(page, "en")
    assert "/accounts/login/" in page.url
    shot(page, artifacts, "en-login")

    page.locator("#id_username").fill("nobody")
    page.locator("#id_password").fill("wrong password")
    with page.expect_navigation():
        page.locator("form:not(.lang-switch) button[type=submit]").click()
    assert page.locator(".login-card [role=alert]").is_visible()
    shot(page, artifacts, "en-login-error")


@pytest.mark.parametrize(
    ("persona", "own", "other", "list_marking"),
    [("planner", "secret", "medical", "SECRET"), ("health", "medical", "secret", "CONFIDENTIAL")],
)
def test_each_officer_sees_only_what_they_are_cleared_for_in_both_languages(
    open_page, live_server, artifacts, registry, persona, own, other, list_marking
):
    base = live_server.url
    mine, theirs, shared = registry[own], registry[other], registry["shared"]
    page, watch = open_page()
    sign_in(page, base, persona)
    assert html_lang(page) == "vi", "Vietnamese is the default language"

    texts = {}
    for language in ("vi", "en"):
        if language == "en":
            page.goto(f"{base}/people/")
            switch_language(page, "en")
        prefix = f"{language}-{persona}"

        # Dashboard: the figures count only what this officer may see (the shared record, their own
        # and the colleagues released to them), never the other officer's record.
        page.goto(f"{base}/")
        assert html_lang(page) == language
        people_figure = int(page.locator("[data-stat='people']").inner_text().replace(".", "").replace(",", ""))
        shot(page, artifacts, f"{prefix}-dashboard")

        # People list: their own record is there, the other officer's is not; the banner carries the
        # highest marking on screen.
        page.goto(f"{base}/people/")
        assert html_lang(page) == language
        names = page.locator("#results tbody").inner_text()
        assert mine.full_name in names
        assert shared.full_name in names
        assert theirs.full_name not in names
        assert banner(page) == list_marking
        assert page.locator("#results tbody tr").count() == people_figure, "the dashboard counts what the list shows"
        texts[language] = main_text(page)
        shot(page, artifacts, f"{prefix}-people-list")

        # The search narrows the list without a reload (HTMX), diacritics optional; a search that
        # finds nothing says so.
        page.locator("#id_q").fill("khong-ai-ten-nay")
        page.locator("#results .empty-row").wait_for()
        assert banner(page) == "UNCLASSIFIED", "nothing marked is on screen any more"
        shot(page, artifacts, f"{prefix}-people-list-empty")
        page.locator("#id_q").fill(fold(mine.given_name))
        page.locator("#results tbody a", has_text=mine.full_name).wait_for()
        assert page.locator("#results tbody tr").count() == 1
        assert banner(page) == list_marking

        # Person detail, reached by clicking the name.
        # Wait for the URL itself: HTMX's history push of the search may land just before the click.
        page.get_by_role("link", name=mine.full_name).click()
        page.wait_for_url(f"{base}/people/{mine.pk}/")
        assert page.locator("h1").inner_text().startswith(mine.full_name)
        assert banner(page) == list_marking
        shot(page, artifacts, f"{prefix}-person-detail")

        # The edit form, for the officer whose role may change people.
        edit = page.locator(f"a[href='/people/{mine.pk}/edit/']")
        if persona == "planner":
            with page.expect_navigation():
                edit.click()
            assert page.locator("form #id_family_name").input_value() == mine.family_name
            shot(page, artifacts, f"{prefix}-person-edit")
            # A required field left empty: the form comes back with the problem next to the field.
            page.locator("#id_family_name").fill("")
            with page.expect_navigation():
                page.locator("form.row button[type=submit]").click()
            assert page.locator(".has-error .invalid-feedback").first.is_visible()
            shot(page, artifacts, f"{prefix}-person-edit-errors")
        else:
            assert edit.count() == 0

        # The organisation pages around the record.
        if persona == "planner":
            page.goto(f"{base}/org/units/")
            assert page.locator("#main tbody tr").count() >= 10
            shot(page, artifacts, f"{prefix}-units")
            with page.expect_navigation():
                page.locator("#main tbody a", has_text="L2FH-7").click()
            shot(page, artifacts, f"{prefix}-unit-detail")

        # The other officer's record, opened by its address: the not-found page, as for a record
        # that does not exist, with nothing of the record on it.
        watch.expect_error_status(f"{base}/people/{theirs.pk}/")
        response = page.goto(f"{base}/people/{theirs.pk}/")
        assert response.status == 404
        assert theirs.full_name not in main_text(page)
        assert theirs.service_number not in page.content()
        assert banner(page) == "UNCLASSIFIED"
        assert page.locator(".empty-state h1").is_visible()
        shot(page, artifacts, f"{prefix}-not-found")

    # The same page reads differently in the two languages (labels, level names).
    assert texts["vi"] != texts["en"]
    assert "SECRET" in texts["en"] or "CONFIDENTIAL" in texts["en"]


def test_an_import_with_bad_rows_lists_every_problem_and_imports_nothing(
    open_page, live_server, artifacts, registry
):
    base = live_server.url
    page, _watch = open_page()
    sign_in(page, base, "planner")
    csv = "\n".join([
        "service_number,family_name,middle_name,given_name,gender,date_of_birth,service,rank,unit,email,phone,"
        "level,compartments,owning_agency",
        "QN-900001,Trương,Văn,Long,M,1987-04-12,army,OF-3,ENG-4,,,CONFIDENTIAL,,VDPO",
        "QN-900002,Lý,Thị,,F,1991-13-40,army,OF-2,ENG-4,,,CONFIDENTIAL,,VDPO",
        "QN-900003,Mai,Xuân,Trường,M,1984-02-02,army,General,ENG-99,,,TOP SECRET,,VDPO",
        "QN-900001,Cao,Văn,Thắng,X,1985-06-06,marines,OF-1,,,,SECRET,MEDICAL,MOH",
        f"{registry['shared'].service_number},Đinh,Công,Sơn,M,1985-05-17,army,OF-2,,,,UNCLASSIFIED,,VDPO",
    ]).encode("utf-8")

    for language in ("vi", "en"):
        page.goto(f"{base}/people/import/")
        if language == "en":
            switch_language(page, "en")
        assert html_lang(page) == language
        page.locator("input[type=file]").set_input_files(
            files=[{"name": "nhan-su-dot-3.csv", "mimeType": "text/csv", "buffer": csv}]
        )
        with page.expect_navigation():
            page.locator("form[enctype] button[type=submit]").click()
        report = page.locator("[data-testid='import-errors']")
        assert report.is_visible()
        lines = report.locator("tbody tr").all_inner_texts()
        assert len(lines) >= 10, lines
        assert {line.split("\t")[0].strip() for line in lines} == {"3", "4", "5", "6"}
        shot(page, artifacts, f"{language}-planner-import-errors")

    page.goto(f"{base}/people/?q=QN-9000")
    assert "QN-900001" not in page.locator("#results").inner_text(), "nothing was imported"


def test_the_people_list_fits_a_phone(open_page, live_server, artifacts, registry):
    base = live_server.url
    page, _watch = open_page(width=390, height=844)
    sign_in(page, base, "planner")
    page.goto(f"{base}/people/")
    shot(page, artifacts, "vi-planner-people-list-mobile")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 390px"
    switch_language(page, "en")
    shot(page, artifacts, "en-planner-people-list-mobile")


def test_the_banner_follows_the_list_when_a_filter_changes_without_a_reload(
    open_page, live_server, artifacts, registry, units
):
    """Filtering swaps the table in place (HTMX): the banner must follow what is now on screen,
    never stay at the lower marking of the previous result."""
    base = live_server.url
    page, _watch = open_page()
    sign_in(page, base, "planner")
    page.goto(f"{base}/people/?unit={units['ENG-4'].pk}")
    assert banner(page) == "CONFIDENTIAL"
    assert f"unit={units['ENG-4'].pk}" in page.locator("#people-export a").first.get_attribute("href")
    with page.expect_response(lambda r: "/people/" in r.url and r.request.headers.get("hx-request") == "true"):
        page.locator("#id_unit").select_option("")
    page.locator("#results tbody a", has_text=registry["secret"].full_name).wait_for()
    assert banner(page) == "SECRET", "the list now shows a SECRET record"
    assert f"unit={units['ENG-4'].pk}" not in page.locator("#people-export a").first.get_attribute("href"), \
        "the export takes the filters now on screen"
    assert page.locator(".marking-banner.marking-bottom").inner_text() == page.locator(".marking-banner").first.inner_text()
    shot(page, artifacts, "vi-planner-people-list-after-filter")


def test_the_keyboard_reaches_the_content_first_and_sees_where_it_is(open_page, live_server, artifacts, registry):
    base = live_server.url
    page, _watch = open_page()
    sign_in(page, base, "planner")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 10, "the skip link shows when it has the focus"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.screenshot(path=str(artifacts / "vi-planner-skip-link.png"))
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next stops are in the content, each with a visible focus ring.
    page.goto(f"{base}/people/")
    page.locator("#results tbody a").first.focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


def test_an_officer_with_nothing_released_to_them_sees_empty_pages_that_say_so(
    open_page, live_server, artifacts, registry
):
    """The Foreign Affairs liaison holds SECRET but nothing here is owned by or released to MFA."""
    base = live_server.url
    page, _watch = open_page()
    sign_in(page, base, "mfa")
    for language in ("vi", "en"):
        if language == "en":
            switch_language(page, "en")
        page.goto(f"{base}/")
        assert page.locator("[data-stat='people']").inner_text() == "0"
        assert page.locator(".panel-empty").count() == 2
        shot(page, artifacts, f"{language}-mfa-dashboard-empty")
        page.goto(f"{base}/people/")
        assert page.locator("#results .empty-row").is_visible()
        assert banner(page) == "UNCLASSIFIED"
        shot(page, artifacts, f"{language}-mfa-people-list-empty")
