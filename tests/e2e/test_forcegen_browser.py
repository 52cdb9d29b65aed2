"""Force generation in the browser: a mission's page, the rotations, a rotation's slots and deployments
moved through their statuses from the keyboard (HTMX, the refusal shown in the row), a PCRS level set
with its evidence, and the strength chart drawn from local Chart.js under the strict CSP."""

from __future__ import annotations

import pytest

from .signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def forcegen(structure):
    from peaceops.access.context import system_scope
    from peaceops.demo import forcegen as demo_forcegen
    from peaceops.demo import readiness as demo_readiness
    from peaceops.demo import scenario
    from peaceops.missions import services
    from peaceops.missions.models import Mission, Rotation

    with system_scope("e2e: force generation") as actor:
        scenario.load_people(actor, structure, 120)
        services.missions_load(actor=actor)
        demo_readiness.load_readiness(actor)
        demo_forcegen.load(actor)
    return {"unmiss": Mission.objects.get(acronym="UNMISS"),
            "r2": Rotation.objects.get(unit__code="L2FH-7", number=2),
            "r3": Rotation.objects.get(unit__code="L2FH-7", number=3)}


def test_a_planner_reads_the_mission_and_moves_deployments_from_the_keyboard(forcegen, live_server, open_page,
                                                                              artifacts):
    base = live_server.url
    page, _watch = open_page(height=1300)
    sign_in(page, base, "planner")

    page.goto(f"{base}/missions/{forcegen['unmiss'].pk}/")
    assert page.locator("[data-testid=mission-requirements] tbody tr").count() >= 15
    assert page.locator("[data-testid=mission-rotations] tbody tr").count() == 3
    page.screenshot(path=str(artifacts / "forcegen-mission.png"), full_page=True)

    page.goto(f"{base}/missions/rotations/")
    assert page.locator("[data-testid=rotation-table] tbody tr").count() == 6
    page.screenshot(path=str(artifacts / "forcegen-rotations.png"), full_page=True)

    page.goto(f"{base}/missions/rotations/{forcegen['r3'].pk}/")
    assert page.locator("[data-testid=slot-count]").inner_text().startswith("0 / 63")
    assert page.locator("[data-testid=deployment-row]").count() == 0

    page.goto(f"{base}/missions/rotations/{forcegen['r2'].pk}/")
    row = page.locator("[data-testid=deployment-row][data-status=deployed]").first
    row_id = row.get_attribute("id")
    row = page.locator(f"#{row_id}")
    # An extension without its new end date: refused, the reason shown in the row, the status unchanged.
    row.locator("select[name=to_status]").select_option("extended")
    row.locator("input[name=reason]").fill("Handover delayed")
    row.locator("input[name=reason]").press("Enter")
    page.locator(f"#{row_id} [data-testid=transition-error]").wait_for()
    assert page.locator(f"#{row_id}").get_attribute("data-status") == "deployed"
    page.screenshot(path=str(artifacts / "forcegen-rotation-refused.png"), full_page=True)
    # Repatriation, by keyboard only: focus the select, choose with the arrow keys, submit with Enter.
    select = page.locator(f"#{row_id} select[name=to_status]")
    select.focus()
    select.select_option("repatriated")
    page.locator(f"#{row_id} input[name=reason]").fill("End of tour")
    page.locator(f"#{row_id} input[name=reason]").press("Enter")
    page.locator(f"#{row_id}[data-status=repatriated]").wait_for()
    page.screenshot(path=str(artifacts / "forcegen-rotation.png"), full_page=True)

    page.goto(f"{base}/missions/pledges/")
    pledge = page.locator("[data-testid=pledge]").first
    assert pledge.locator("[data-testid=level-history] li").count() == 3
    pledge.locator("select[name=level]").select_option("rapid_deployment")
    pledge.locator("input[name=from_date]").fill("2026-10-15")
    pledge.locator("input[name=evidence]").fill("RDL verification visit report")
    with page.expect_navigation():
        pledge.locator("input[name=evidence]").press("Enter")
    first = page.locator("[data-testid=pledge]").first
    assert first.locator("[data-testid=level-history] li").count() == 4
    page.screenshot(path=str(artifacts / "forcegen-pledges.png"), full_page=True)

    page.goto(f"{base}/missions/strength/?mission=UNMISS")
    page.wait_for_function("() => { const c = document.getElementById('strength-chart');"
                           " return c && window.Chart && Chart.getChart(c) !== undefined; }")
    assert page.locator("[data-testid=strength-table] tbody tr").count() >= 10
    page.screenshot(path=str(artifacts / "forcegen-strength.png"), full_page=True)
