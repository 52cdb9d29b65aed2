"""In the browser (Playwright, Debian chromium): the planner opens the gap view, drafts a request from a
matching offer, the request is submitted and agreed, a delivery is recorded and accepted. A screenshot of
each page goes to $PEACEOPS_SHOTS/partners-e2e (default: the temporary directory)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from peaceops.partners.tests.conftest import admin, make_offer, make_partner, reference  # noqa: F401 - fixtures
from peaceops.partners.tests.test_gaps import nurse

from .signin import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("PEACEOPS_SHOTS", tempfile.gettempdir())) / "partners-e2e"


@pytest.fixture
def scenario(reference, admin):  # noqa: F811 - the fixtures imported above
    from peaceops.org.models import Unit

    hospital = Unit.objects.get(code="L2FH-7")
    nurse("N1", unit=hospital)
    nurse("N2", english="A1", unit=hospital)
    nurse("N4", english="A1", licence=False, unit=hospital)
    partner = make_partner(admin, code="DEMO-LANG", name="Language programme (demo)")
    return make_offer(admin, partner, title="English B1 for nurses", quantity=10, qualification="ENGLISH", level="B1")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_gap_view_to_a_request_to_an_accepted_delivery(scenario, open_page, live_server):
    from peaceops.partners.models import Request

    base = live_server.url
    page, _watch = open_page()
    sign_in(page, base, "planner")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.goto(f"{base}/partners/gaps/?from=2027-03-01&to=2028-02-29&post_type=NURSE")
    row = page.locator('[data-testid="gap-people:NURSE:english"]')
    assert row.locator('[data-testid="short"]').inner_text() == "2"
    shot(page, "1-gap-view")

    with page.expect_navigation():
        row.locator('[data-testid="draft-people:NURSE:english-1"]').click()
    assert page.locator("#id_quantity").input_value() == "2"
    assert "English" in page.locator("#id_justification").input_value()
    shot(page, "2-draft-request")
    page.locator("#id_title").focus()
    page.keyboard.press("End")
    page.keyboard.type(" (e2e)")
    with page.expect_navigation():
        page.locator('[data-testid="save"]').click()
    assert page.locator('[data-testid="request-status"]').inner_text() == "Draft"
    shot(page, "3-request-draft")

    for step in ("submitted", "agreed"):
        with page.expect_navigation():
            page.locator(f'[data-testid="status-{step}"]').click()
    assert "Agreed" in page.locator('[data-testid="request-status"]').inner_text()
    form = page.locator('[data-testid="delivery-form"]')
    assert form.locator("#id_quantity").input_value() == "2"
    with page.expect_navigation():
        form.locator('[data-testid="record-delivery"]').click()
    assert page.locator('[data-testid="delivery"]').count() == 1
    shot(page, "4-delivery-recorded")

    with page.expect_navigation():
        page.locator('[data-testid="accept"]').click()
    assert page.locator('[data-testid="request-status"]').inner_text() == "Delivered"
    assert page.locator('[data-testid="request-accepted"]').inner_text() == "2"
    shot(page, "5-delivery-accepted")
    request = Request.objects.unrestricted().get()
    assert request.status == "delivered" and request.title.endswith("(e2e)")
