"""Browser checks of the missions and insights pages: they render, the chart draws from the local
Chart.js, and nothing breaks the content security policy."""

from __future__ import annotations

import pytest

from .signin import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def public_data(structure):
    from peaceops.access.context import system_scope
    from peaceops.insights import services
    from peaceops.missions.services import missions_load

    with system_scope("e2e: public data") as actor:
        missions_load(actor=actor)
        services.datasets_load(actor=actor, keys=["contributions-yearly", "mission-months", "fatalities", "ranking"])


def test_a_planner_reads_the_missions_and_the_un_data_pages(open_page, live_server, artifacts, public_data):
    page, watch = open_page()
    base = live_server.url
    sign_in(page, base, "planner")
    page.goto(f"{base}/missions/?status=active")
    assert page.locator(".missions-table tbody tr").count() == 11
    page.screenshot(path=str(artifacts / "missions-list.png"), full_page=True)
    with page.expect_navigation():
        page.locator(".missions-table a", has_text="UNMISS").click()
    assert "Juba" in page.locator("main").inner_text()
    page.screenshot(path=str(artifacts / "mission-detail.png"), full_page=True)

    page.goto(f"{base}/insights/")
    page.wait_for_function("() => window.Chart && Chart.getChart('contributions-chart')")
    labels = page.evaluate("() => Chart.getChart('contributions-chart').data.datasets.map(d => d.label)")
    assert labels[0] == "Viet Nam" and "Indonesia" in labels
    page.screenshot(path=str(artifacts / "insights-contributions.png"), full_page=True)

    page.goto(f"{base}/insights/fatalities/")
    assert page.locator("table tbody tr").count() > 10
    page.screenshot(path=str(artifacts / "insights-fatalities.png"), full_page=True)
    watch.assert_clean()
