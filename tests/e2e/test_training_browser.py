"""Training in the browser: the catalogue searched, a result recorded on a session page by HTMX (the
course record is filed), a finding added to the demo tabletop exercise, the dashboard's charts drawn
from local Chart.js under the strict CSP, and an import refused with its bad rows named."""

from __future__ import annotations

import datetime as dt

import pytest

from .signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def training(structure):
    from peaceops.access.context import system_scope
    from peaceops.demo import readiness as demo_readiness
    from peaceops.demo import scenario
    from peaceops.demo import training as demo_training
    from peaceops.people.models import Person
    from peaceops.readiness import training_services as ts
    from peaceops.readiness.training_models import Course

    with system_scope("e2e: training") as actor:
        scenario.load_people(actor, structure, 120)
        demo_readiness.load_readiness(actor)
        demo_training.load(actor)
        session = ts.session_create(actor=actor, course=Course.objects.get(code="UN-CPTM"), data=ts.SessionData(
            code="UN-CPTM-E2E", starts_on=dt.date(2026, 10, 5), ends_on=dt.date(2026, 10, 14), capacity=20,
            place="Hà Nội"))
        people = list(Person.objects.unrestricted().filter(owning_agency__code="VDPO", level_id__lte=1, compartment_mask=0).order_by("service_number")[:3])
        for person in people:
            ts.enrol(actor=actor, session=session, person=person)
    return session


def test_training_pages_in_the_browser(open_page, live_server, artifacts, training, tmp_path):
    base = live_server.url

    page, watch = open_page()
    sign_in(page, base, "personnel")
    page.goto(f"{base}/readiness/courses/")
    assert page.locator("[data-testid=course-table] tbody tr").count() == 8
    page.locator("#id_q").fill("STM")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=course-table] tbody tr').length === 3")
    page.screenshot(path=str(artifacts / "training-courses.png"), full_page=True)

    page.goto(f"{base}/readiness/sessions/{training.pk}/")
    rows = page.locator("[data-testid=enrolment-row]")
    assert rows.count() == 3
    first = rows.first
    first.locator("input[type=number]").fill("92")
    first.locator("button[type=submit]").click()
    page.locator("[data-testid=record-filed]").first.wait_for()
    assert page.locator("[data-testid=enrolment-row]").count() == 3
    page.screenshot(path=str(artifacts / "training-session.png"), full_page=True)

    bad = tmp_path / "results.csv"
    bad.write_text("service_number,session,result\nQN-9999999,UN-CPTM-E2E,completed\n", encoding="utf-8")
    page.goto(f"{base}/readiness/import/")
    watch.expect_error_status(f"{base}/readiness/import/")  # the refused file is a 400, on purpose
    page.locator("#id_file").set_input_files(str(bad))
    with page.expect_navigation():
        page.locator("[data-testid=import-form] button[type=submit]").click()
    assert page.locator("[data-testid=import-errors] tbody tr").count() == 1
    page.screenshot(path=str(artifacts / "training-import.png"), full_page=True)
    page.context.close()

    page, _watch = open_page(height=1200)
    sign_in(page, base, "planner")
    page.goto(f"{base}/readiness/exercises/")
    page.locator("[data-testid=exercise-table] tbody a").first.click()
    page.wait_for_load_state()
    assert page.locator("[data-testid=finding]").count() == 3
    page.locator("#id_text").fill("The evacuation request form was in English only.")
    page.locator("#id_action_title").fill("Translate the evacuation request form")
    page.locator("[data-testid=finding-form] button[type=submit]").click()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=finding]').length === 4")
    page.screenshot(path=str(artifacts / "training-exercise.png"), full_page=True)
    page.context.close()

    page, _watch = open_page(height=1500)
    sign_in(page, base, "health")
    page.goto(f"{base}/readiness/dashboard/")
    page.wait_for_function("() => window.Chart && Chart.getChart('posts-chart')")
    assert page.evaluate("() => Chart.getChart('parity-chart').data.datasets[1].data") == [15, 25, 20, 30]
    page.screenshot(path=str(artifacts / "training-dashboard.png"), full_page=True)
