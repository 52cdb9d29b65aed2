"""Unit readiness in the browser: a planner records evidence for a PCRS criterion from the keyboard. A
refused date comes back in place (HTMX) with the keyboard on the field to fix; the saved evidence
shows under its criterion with who assessed it and the document, and the unit reaches the level."""

from __future__ import annotations

import pytest

from peaceops.demo.structure import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hospital(structure):
    from peaceops.access.context import system_scope
    from peaceops.readiness.services import reference_load

    with system_scope("e2e: unit readiness") as actor:
        reference_load(actor=actor)
    return "L2FH-7"


def test_recording_pcrs_evidence_from_the_keyboard(open_page, live_server, artifacts, hospital):
    from peaceops.readiness.unit_models import UnitReadinessEvidence

    base = live_server.url
    page, watch = open_page(height=1100)
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill("planner")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("#id_password").press("Enter")

    page.goto(f"{base}/readiness/units/{hospital}/")
    assert page.locator("[data-criterion=pledge_registered]").get_attribute("data-met") == "0"
    with page.expect_navigation():
        page.locator("#criterion-pledge_registered a").click()
    assert page.locator("#id_criterion").input_value() == "pledge_registered"

    watch.expect_error_status(f"{base}/readiness/units/{hospital}/evidence/")  # the refused date is a 400, on purpose
    page.locator("#id_on").fill("2099-01-01")
    page.locator("#id_evidence").fill("Pledge registered in the PCRS")
    page.locator("#id_reference").press("Enter")
    page.locator("[data-testid=evidence-form] .has-error").first.wait_for()
    # the focus moves once htmx has settled the swap, a moment after the errors appear
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_on'", timeout=5000)
    assert not UnitReadinessEvidence.objects.unrestricted().exists()
    page.screenshot(path=str(artifacts / "unit-evidence-refused.png"), full_page=True)

    page.locator("#id_on").fill("2026-05-04")
    page.locator("#id_assessed_by").fill("UN DPO Force Generation Service")
    page.locator("#id_reference").fill("PCRS-2026-031")
    with page.expect_navigation():
        page.locator("#id_reference").press("Enter")
    assert page.url.endswith(f"/readiness/units/{hospital}/#criterion-pledge_registered")
    criterion = page.locator("[data-criterion=pledge_registered]")
    assert criterion.get_attribute("data-met") == "1"
    assert "PCRS-2026-031" in criterion.inner_text() and "UN DPO Force Generation Service" in criterion.inner_text()
    assert page.locator("[data-stat=level]").get_attribute("data-level") == "level_1"
    page.screenshot(path=str(artifacts / "unit-evidence-recorded.png"), full_page=True)
    assert UnitReadinessEvidence.objects.unrestricted().get().recorded_by.username == "planner"
