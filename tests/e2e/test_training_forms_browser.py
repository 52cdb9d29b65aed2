"""Training forms in the browser: a training officer creates a course, schedules a session of it, enrols
a person by service number and records the result (HTMX); the course record is filed. Keyboard and
native controls only; no console errors, no CSP violations, nothing fetched from another host."""

from __future__ import annotations

import pytest

from .signin import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def person(structure):
    from peaceops.access.context import system_scope
    from peaceops.people.tests.factories import PersonFactory
    from peaceops.readiness.services import reference_load

    with system_scope("e2e: training forms") as actor:
        reference_load(actor=actor)
    return PersonFactory(owner="VDPO", service_number="QN-7700001")


def test_create_a_course_schedule_a_session_enrol_a_person_and_record_a_result(open_page, live_server, artifacts,
                                                                               person):
    from peaceops.readiness.models import Qualification, QualificationType
    from peaceops.readiness.training_models import Course, CourseSession, Enrolment

    base = live_server.url
    page, watch = open_page(height=1100)
    sign_in(page, base, "personnel")

    page.goto(f"{base}/readiness/courses/")
    with page.expect_navigation():
        page.locator("[data-testid=course-create]").click()
    page.locator("#id_code").fill("UN-CPTM-E2E")
    page.locator("#id_title_vi").fill("Huấn luyện trước triển khai cốt lõi của LHQ")
    page.locator("#id_title_en").fill("UN core pre-deployment training")
    page.locator("#id_category").select_option("un_core")
    page.locator("#id_hours").fill("40")
    page.locator("#id_grants").select_option(str(QualificationType.objects.get(code="UN_CPTM").pk))
    page.screenshot(path=str(artifacts / "training-course-form.png"), full_page=True)
    with page.expect_navigation():
        page.locator("[data-testid=course-form] button[type=submit]").click()
    course = Course.objects.get(code="UN-CPTM-E2E")
    assert page.url.endswith(f"/readiness/courses/{course.pk}/")

    with page.expect_navigation():
        page.locator("[data-testid=schedule-session]").click()
    assert page.locator("#id_course").input_value() == str(course.pk)
    page.locator("#id_code").fill("UN-CPTM-E2E-1")
    page.locator("#id_starts_on").fill("2026-09-07")
    page.locator("#id_ends_on").fill("2026-09-18")
    page.locator("#id_capacity").fill("12")
    page.locator("#id_place").fill("Hà Nội")
    page.screenshot(path=str(artifacts / "training-session-form.png"), full_page=True)
    with page.expect_navigation():
        page.locator("[data-testid=session-form] button[type=submit]").click()
    session = CourseSession.objects.get(code="UN-CPTM-E2E-1")
    assert page.url.endswith(f"/readiness/sessions/{session.pk}/")

    page.locator("[data-testid=enrol-form] input[name=service_number]").fill("QN-7700001")
    with page.expect_navigation():
        page.locator("[data-testid=enrol-form] input[name=service_number]").press("Enter")
    rows = page.locator("[data-testid=enrolment-row]")
    assert rows.count() == 1 and "QN-7700001" in rows.first.inner_text()

    row = rows.first
    # a refused result comes back in its row (a 400 swapped in place), then the corrected one is filed
    watch.expect_error_status(f"{base}/readiness/enrolments/{Enrolment.objects.get().pk}/result/")
    row.locator("input[type=date]").fill("2099-01-01")
    row.locator("button[type=submit]").click()
    page.locator("[data-testid=enrolment-row] [role=alert]").first.wait_for()
    row = page.locator("[data-testid=enrolment-row]").first
    row.locator("select").select_option("completed")
    row.locator("input[type=date]").fill("2026-09-18")
    row.locator("input[type=number]").fill("91")
    row.locator("button[type=submit]").click()
    page.locator("[data-testid=record-filed]").wait_for()
    page.screenshot(path=str(artifacts / "training-session-result.png"), full_page=True)

    enrolment = Enrolment.objects.get(session=session, person=person)
    assert enrolment.status == "completed" and enrolment.score == 91 and enrolment.qualification_id
    assert Qualification.objects.unrestricted().filter(pk=enrolment.qualification_id, type__code="UN_CPTM").exists()
