"""Readiness in a real browser: the eligibility card on a person's page and a post type's pool, for a
health officer (who sees the medical detail) and a planner (who sees that it fails, not why).

Screenshots go to tests/e2e/artifacts/ as `<language>-<persona>-readiness-<page>.png`.
"""

from __future__ import annotations

import datetime as dt

import pytest

from peaceops.access.context import system_scope
from peaceops.readiness.services import reference_load
from peaceops.readiness.tests.conftest import TOUR_FROM, TOUR_TO, nurse

from .test_browser import banner, main_text, shot, sign_in, switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FAMILIES = ["Nguyễn Thị", "Trần Văn", "Lê Thị", "Phạm Minh", "Hoàng Thị", "Vũ Đức", "Đặng Thu", "Bùi Quang"]
GIVEN = ["Lan", "Hùng", "Mai", "Tuấn", "Hạnh", "Long", "Trang", "Sơn", "Hà", "Dũng", "Ngọc", "Phong"]


@pytest.fixture
def hospital(users, units):
    with system_scope("test: readiness reference") as actor:
        reference_load(actor=actor)
    people = []
    for n in range(24):
        family, middle = FAMILIES[n % len(FAMILIES)].split(" ")
        changes = {}
        if n % 4 == 1:
            changes["english"] = "A1"
        if n % 5 == 2:
            changes["medical_until"] = dt.date(2027, 9, 30)
        if n % 7 == 3:
            changes["passport_until"] = dt.date(2028, 3, 31)
        people.append(nurse(marker=GIVEN[n % len(GIVEN)], family_name=family, middle_name=middle,
                            gender="F" if n % 3 else "M", unit=units["L2FH-7"], service_number=f"YT-7{n:05d}",
                            **changes))
    return people


def test_the_health_officer_and_the_planner_read_the_same_card_differently(open_page, live_server, artifacts,
                                                                           hospital):
    subject = hospital[2]  # medical fitness expires before the tour ends
    base = live_server.url
    for persona in ("health", "planner"):
        page, _watch = open_page()
        sign_in(page, base, persona)
        switch_language(page, "en")
        page.goto(f"{base}/people/{subject.pk}/")
        card = page.locator("[data-testid='eligibility-summary']")
        card.wait_for()
        text = card.inner_text()
        assert "NURSE" in text
        if persona == "health":
            assert "2027-09-30" in text
        else:
            assert "not visible to you" in text and "2027-09-30" not in text
        shot(page, artifacts, f"en-{persona}-readiness-card")
        page.goto(f"{base}/readiness/people/{subject.pk}/?from={TOUR_FROM}&to={TOUR_TO}")
        assert banner(page) == "CONFIDENTIAL"
        shot(page, artifacts, f"en-{persona}-readiness-person")
        page.goto(f"{base}/readiness/pool/?post_type=NURSE&from={TOUR_FROM}&to={TOUR_TO}")
        assert page.locator("[data-stat='eligible']").inner_text().strip() != ""
        assert "Medical fitness" in main_text(page)
        shot(page, artifacts, f"en-{persona}-readiness-pool")


def test_the_pool_in_vietnamese(open_page, live_server, artifacts, hospital):
    base = live_server.url
    page, _watch = open_page()
    sign_in(page, base, "planner")
    page.goto(f"{base}/readiness/pool/?post_type=NURSE&from={TOUR_FROM}&to={TOUR_TO}")
    assert page.locator("html").get_attribute("lang") == "vi"
    shot(page, artifacts, "vi-planner-readiness-pool")
    page.goto(f"{base}/readiness/")
    shot(page, artifacts, "vi-planner-readiness-index")
