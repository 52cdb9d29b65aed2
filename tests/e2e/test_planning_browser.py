"""The planner in the browser: run a plan over the hospital's rotation, lock two choices, re-run (the
locks are kept), compare the two plans, publish; the pages are screenshotted and looked at."""

from __future__ import annotations

import pytest

from .signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def hospital_rotation(structure):
    from peaceops.access.context import system_scope
    from peaceops.missions.tests.factories import RequirementFactory, RotationFactory, post_type
    from peaceops.org.models import Unit
    from peaceops.planning.tests.conftest import NURSES
    from peaceops.readiness.services import reference_load
    from peaceops.readiness.tests.conftest import TOUR_FROM, TOUR_TO, nurse

    with system_scope("e2e: planning") as actor:
        reference_load(actor=actor)
    units = {u.code: u for u in Unit.objects.all()}
    for marker, gender, unit, english in NURSES:
        nurse(marker=marker, gender=gender, unit=units[unit], english=english)
    rotation = RotationFactory(number=3, start_date=TOUR_FROM, end_date=TOUR_TO)
    RequirementFactory(rotation=rotation, post_type=post_type("NURSE"), count=5, place="Bentiu",
                       start_date=TOUR_FROM, end_date=TOUR_TO, women_target="0.400")
    return rotation


def test_a_planner_runs_locks_reruns_compares_and_publishes(open_page, live_server, artifacts, hospital_rotation):
    from peaceops.missions.models import Deployment
    from peaceops.planning.models import PlanChoice, PlanRun

    base = live_server.url
    page, _watch = open_page(height=1300)
    sign_in(page, base, "planner")
    page.goto(f"{base}/planning/")
    page.get_by_role("link", name=str(hospital_rotation)).click()
    page.screenshot(path=str(artifacts / "planning-rotation.png"), full_page=True)

    page.locator("#id_time_limit").fill("5")
    with page.expect_navigation():
        page.get_by_test_id("run-plan").click()
    assert page.get_by_test_id("chosen").count() == 5
    assert page.locator("[data-stat=validator]").inner_text().strip() != ""
    page.screenshot(path=str(artifacts / "planning-plan.png"), full_page=True)
    first = PlanRun.objects.unrestricted().get()

    for index in (0, 1):
        with page.expect_navigation():
            page.get_by_test_id("lock").nth(index).click()
    assert page.locator("[data-testid=lock][aria-pressed=true]").count() == 2
    locked = {(c.person_id, c.post_id) for c in PlanChoice.objects.filter(plan=first, locked=True)}
    assert len(locked) == 2

    with page.expect_navigation():
        page.get_by_test_id("rerun").click()
    second = PlanRun.objects.unrestricted().exclude(pk=first.pk).get()
    assert page.url.rstrip("/").endswith(str(second.pk))
    assert {(c.person_id, c.post_id) for c in PlanChoice.objects.filter(plan=second, locked=True)} == locked
    assert page.locator("[data-testid=lock][aria-pressed=true]").count() == 2

    page.locator("#compare-b").select_option(str(first.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="So sánh").or_(page.get_by_role("button", name="Compare")).click()
    assert page.get_by_test_id("compare-table").is_visible()
    page.screenshot(path=str(artifacts / "planning-compare.png"), full_page=True)

    page.goto(f"{base}/planning/{second.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("publish").click()
    assert page.locator("[data-status=published]").first.is_visible()
    page.screenshot(path=str(artifacts / "planning-published.png"), full_page=True)
    assert Deployment.objects.unrestricted().filter(source_plan=second.pk, status="nominated").count() == 5
    assert page.get_by_test_id("publish").count() == 0  # once only
