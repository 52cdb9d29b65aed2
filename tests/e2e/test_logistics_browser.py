"""Logistics in the browser: the hospital's (L2FH-7) worked example from the demo — equipment register and
verification history, the rates table, the cost estimate with its chart and every line's rate and source,
claims with ageing; bad input refused on screen; the cost and risk next to a proposal. Screenshots go to
tests/e2e/artifacts/logistics-*.png for people to look at."""

from __future__ import annotations

import datetime as dt

import pytest

from . import signin

pytestmark = pytest.mark.django_db(transaction=True)
D = dt.date


@pytest.fixture
def worked_example(structure):
    from peaceops.access.actor import actor_for_user
    from peaceops.access.context import system_scope
    from peaceops.access.marking import Marking
    from peaceops.accounts.models import User
    from peaceops.decisions import services as decisions
    from peaceops.demo import logistics as demo
    from peaceops.insights.models import Dataset, Fatality, MissionMonth
    from peaceops.missions import services as missions
    from peaceops.missions.models import Mission
    from peaceops.org.models import Agency, Unit

    agencies = {a.code: a for a in Agency.objects.all()}
    unmiss = Mission.objects.create(acronym="UNMISS", name="UN Mission in the Republic of South Sudan")
    # A small stand-in for the UN strength and fatalities data (the demo loads the real files).
    dataset = Dataset.objects.create(key="e2e", title="e2e", file_name="e2e", publisher="test", source_repo="-",
                                     source_path="-", source_commit="-", licence_note="-", sha256="0" * 64,
                                     loaded_at="2025-01-01T00:00:00Z")
    for month in range(1, 13):
        MissionMonth.objects.create(dataset=dataset, month=D(2015, month, 1), mission="UNMISS", troops=12000,
                                    police=0, observers=0, total=12000)
    for number, month in enumerate((2, 5, 9)):
        Fatality.objects.create(dataset=dataset, source_id=number + 1, incident_date=D(2015, month, 3),
                                casualty_id=f"e2e-{number}", mission="UNMISS", casualty_type="Fatality",
                                personnel_type="Military", incident_type="Illness")
    with system_scope("e2e: logistics") as system:
        decisions.reference_load(actor=system)
        missions.rotation_create(actor=system, mission=unmiss, number=7, unit=Unit.objects.get(code="L2FH-7"),
                                 start_date=demo.ROTATION_START, end_date=demo.ROTATION_END)
        planner = actor_for_user(User.objects.get(username="planner"))
        proposal = decisions.proposal_create(
            actor=planner, marking=Marking(level=1, owning_agency_id=agencies["VDPO"].pk,
                                           releasable_to=(agencies["MOD"], agencies["MFA"])),
            data=decisions.ProposalData(title="Deploy a Level-2 field hospital to UNMISS (Bentiu)",
                                        scenario="formed_unit", mission_code="UNMISS", personnel=63,
                                        owner_agency=agencies["VDPO"], planned_start=D(2027, 9, 2)))
        counts = demo.load(system)
    assert counts["estimates"] == 2
    return proposal


def sign_in(page, base, username):
    """Sign in, then switch the interface to English."""
    signin.sign_in(page, base, username)
    with page.expect_navigation():
        page.locator(".lang-switch button[value='en']").click()


def test_the_hospital_worked_example_in_the_browser(worked_example, open_page, live_server, artifacts):
    base = live_server.url
    page, watch = open_page()
    sign_in(page, base, "logistics")

    # The register: the hospital's equipment, then its page with the verification history.
    page.goto(f"{base}/logistics/")
    assert page.locator("[data-testid=equipment-table] tbody tr").count() == 6
    page.screenshot(path=str(artifacts / "logistics-register.png"), full_page=True)
    with page.expect_navigation():
        page.locator("[data-testid=unit-register-link]").first.click()
    assert page.locator("[data-testid=verification-entry]").count() == 3
    assert "Gearbox failure" in page.locator("#verifications").inner_text()
    page.screenshot(path=str(artifacts / "logistics-unit-register.png"), full_page=True)

    # Rates: the verified troop-cost history and the entered, not verified figures, each with its source.
    page.goto(f"{base}/logistics/rates/?kind=troop_cost")
    rows = page.locator("[data-testid=rate-row]")
    assert rows.count() == 6
    text = page.locator("[data-testid=rates-table]").inner_text()
    assert "1428.00 USD" in text and "A/RES/72/285" in text and "entered, not verified" in text
    page.screenshot(path=str(artifacts / "logistics-rates.png"), full_page=True)

    # The estimate: chart drawn, every line with its rate and source; the CSV downloads.
    page.goto(f"{base}/logistics/estimates/")
    with page.expect_navigation():
        page.get_by_role("link", name="L2FH-7 · UNMISS R7 (09/2025 – 09/2026)").click()
    page.wait_for_function("() => { const c = document.getElementById('estimate-chart');"
                           " return c && c.width > 0 && window.Chart && Chart.getChart(c); }")
    lines = page.locator("[data-testid=estimate-line]")
    assert lines.count() > 100
    for index in (0, lines.count() // 2, lines.count() - 1):
        cells = lines.nth(index).locator("td")
        assert cells.nth(6).inner_text().strip(), "a line without its source"
    assert page.locator("[data-testid=rate-gaps]").count() == 0
    page.screenshot(path=str(artifacts / "logistics-estimate.png"), full_page=False)
    page.locator("#lines").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "logistics-estimate-lines.png"), full_page=False)
    with page.expect_download() as download:
        page.locator("[data-testid=estimate-csv]").click()
    assert download.value.suggested_filename.endswith(".csv")

    # Claims with ageing.
    page.goto(f"{base}/logistics/claims/")
    assert page.locator("[data-testid=claims-table] tbody tr").count() == 4
    page.screenshot(path=str(artifacts / "logistics-claims.png"), full_page=True)

    # Bad input, refused on screen: a claim for the ambulance that failed verification…
    page.goto(f"{base}/logistics/claims/new/")
    page.select_option("#id_unit", label="Level-2 Field Hospital No. 7")
    page.select_option("#id_kind", "major_equipment")
    page.fill("#id_period_start", "2026-02-01")
    page.fill("#id_period_end", "2026-02-28")
    ambulance = page.locator("#id_line0_item option", has_text="Ambulance 4×4").get_attribute("value")
    page.select_option("#id_line0_item", ambulance)
    page.fill("#id_line0_amount", "5000.00")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    error = page.locator("[data-testid=form-error]").inner_text()
    assert "failed verification" in error and "unserviceable" in error
    page.screenshot(path=str(artifacts / "logistics-claim-refused.png"), full_page=False)
    # …and a rate with no source.
    page.goto(f"{base}/logistics/rates/new/")
    page.select_option("#id_kind", "national_allowance")
    page.fill("#id_amount", "1200.00")
    page.fill("#id_effective_from", "2030-01-01")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "A rate needs its source" in page.locator("main").inner_text()

    # The proposal: cost and risk side by side, loaded into its page.
    page2, _watch2 = open_page()
    sign_in(page2, base, "planner")
    page2.goto(f"{base}/decisions/{worked_example.pk}/")
    panel = page2.locator("[data-testid=cost-and-risk]")
    panel.locator("[data-testid=panel-risk]").wait_for()
    text = panel.inner_text()
    assert "Proposal: Level-2 hospital" in text and "Expected fatalities for 63 personnel over 12 months" in text
    panel.scroll_into_view_if_needed()
    page2.screenshot(path=str(artifacts / "logistics-proposal-panel.png"), full_page=False)
    watch.assert_clean()
