"""Training pages: catalogue search, a session's results recorded by HTMX, exercise findings,
the import upload, and the dashboard drawn only from what the reader may see."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peaceops.access.testing import stat_value
from peaceops.decisions.models import ActionItem
from peaceops.documents.models import Lesson
from peaceops.people.tests.factories import PersonFactory

from ..models import Qualification
from ..training_models import Enrolment
from .conftest import nurse
from .factories import QualificationFactory
from .training_factories import CourseFactory, EnrolmentFactory, ExerciseFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client_for):
    """A persona's client reading English."""
    def make(name):
        client = client_for(name)
        client.cookies["django_language"] = "en"
        return client
    return make


def test_the_catalogue_is_searched_and_filtered(reference, en):
    CourseFactory(code="CORE-PDT", title_en="UN core pre-deployment training", category="un_core",
                  grants_code="UN_CPTM")
    CourseFactory(code="ENG-B2", title_en="English for peacekeepers", category="english")
    web = en("public")
    page = web.get(reverse("readiness:courses"), {"q": "english"}).content.decode()
    assert "ENG-B2" in page and "CORE-PDT" not in page
    page = web.get(reverse("readiness:courses"), {"category": "un_core"}).content.decode()
    assert "CORE-PDT" in page and "ENG-B2" not in page
    assert web.get(reverse("readiness:courses"), {"category": "nonsense"}).status_code == 200


def test_recording_a_result_by_htmx_answers_with_the_row_and_files_the_record(reference, en):
    person = PersonFactory(owner="VDPO", released=("MOD",))
    session = SessionFactory(course=CourseFactory(grants_code="UN_CPTM"), starts_on=dt.date(2026, 3, 2),
                             ends_on=dt.date(2026, 3, 13))
    enrolment = EnrolmentFactory(session=session, person=person)
    web = en("personnel")
    page = web.get(reverse("readiness:session", args=[session.pk])).content.decode()
    assert person.full_name in page and "result-form" in page
    prefix = f"e{enrolment.pk.hex[:12]}"
    response = web.post(reverse("readiness:enrolment-result", args=[enrolment.pk]), {
        f"{prefix}-result": "completed", f"{prefix}-completed_on": "2026-03-13", f"{prefix}-score": "88",
        f"{prefix}-version": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<tr") and 'data-testid="record-filed"' in body
    assert Qualification.objects.unrestricted().filter(person=person, type__code="UN_CPTM").count() == 1


def test_the_session_page_banner_rises_to_the_people_it_lists(reference, en):
    session = SessionFactory()
    plain = en("personnel").get(reverse("readiness:session", args=[session.pk])).content.decode()
    assert 'data-rank="0"' in plain
    EnrolmentFactory(session=session, person=PersonFactory(owner="VDPO", level_id=1))
    page = en("personnel").get(reverse("readiness:session", args=[session.pk])).content.decode()
    assert 'data-rank="1"' in page and 'data-rank="0"' not in page


def test_a_stale_result_form_is_refused_with_the_reason_in_the_row(reference, en):
    enrolment = EnrolmentFactory(person=PersonFactory(owner="VDPO"))
    prefix = f"e{enrolment.pk.hex[:12]}"
    response = en("personnel").post(reverse("readiness:enrolment-result", args=[enrolment.pk]), {
        f"{prefix}-result": "completed", f"{prefix}-completed_on": "2026-03-13", f"{prefix}-version": "9"},
        HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "Someone else saved this record" in response.content.decode()


def test_someone_who_may_not_see_the_person_gets_404_for_their_enrolment(reference, en):
    enrolment = EnrolmentFactory(person=PersonFactory(level_id=2, owner="MFA"))
    url = reverse("readiness:enrolment-result", args=[enrolment.pk])
    assert en("personnel").post(url, {}).status_code == 404
    page = en("personnel").get(reverse("readiness:session", args=[enrolment.session_id])).content.decode()
    assert enrolment.person.full_name not in page


def test_enrolling_by_service_number_from_the_session_page(reference, en):
    person = PersonFactory(owner="VDPO", service_number="QN-0000042")
    session = SessionFactory()
    web = en("personnel")
    response = web.post(reverse("readiness:session-enrol", args=[session.pk]), {"service_number": "qn-0000042"})
    assert response.status_code == 302 and Enrolment.objects.filter(session=session, person=person).exists()
    again = web.post(reverse("readiness:session-enrol", args=[session.pk]), {"service_number": "QN-0000042"})
    assert again.status_code == 400 and "already enrolled" in again.content.decode()


def test_adding_a_finding_on_the_exercise_page_files_a_lesson_and_an_action(structure, en):
    exercise = ExerciseFactory(owner="VDPO")
    web = en("planner")
    assert "finding-form" in web.get(reverse("readiness:exercise", args=[exercise.pk])).content.decode()
    response = web.post(reverse("readiness:exercise-finding", args=[exercise.pk]), {
        "category": "lesson", "text": "Radio nets were not rehearsed.", "action_title": "Rehearse the radio nets",
        "owner_agency": "", "due_on": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Radio nets were not rehearsed." in response.content.decode()
    assert Lesson.objects.unrestricted().count() == 1 and ActionItem.objects.unrestricted().count() == 1
    assert "finding-form" not in en("public").get(reverse("readiness:exercise", args=[exercise.pk])).content.decode()


def test_an_empty_finding_is_shown_with_its_error(structure, en):
    exercise = ExerciseFactory(owner="VDPO")
    response = en("planner").post(reverse("readiness:exercise-finding", args=[exercise.pk]),
                                  {"category": "lesson", "text": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and not Lesson.objects.unrestricted().exists()


def test_the_import_page_reports_bad_rows_and_writes_nothing(reference, en):
    PersonFactory(owner="VDPO", service_number="QN-0000001")
    content = b"service_number,qualification,result,taken_on\nQN-0000001,ENGLISH,B2,2026-05-02\nQN-0000404,ENGLISH,B2,2026-05-02\n"
    response = en("personnel").post(reverse("readiness:import"),
                                    {"file": SimpleUploadedFile("tests.csv", content, content_type="text/csv")})
    body = response.content.decode()
    assert response.status_code == 400 and 'data-testid="import-errors"' in body and "QN-0000404" in body
    assert not Qualification.objects.unrestricted().exists()


def test_the_import_page_is_hidden_from_those_who_may_not_import(reference, en):
    assert en("public").get(reverse("readiness:import")).status_code == 404
    assert en("personnel").get(reverse("readiness:import")).status_code == 200


def test_a_health_officer_sees_medical_expiries_a_planner_does_not(reference, en, today):
    person = nurse(medical_until=None, english=None)
    QualificationFactory(person=person, type_code="MEDICAL", result="fit", taken_on=today - dt.timedelta(days=700),
                         valid_until=today + dt.timedelta(days=30), level_id=1, compartments=("MEDICAL",),
                         owner="VDPO", released=("MOD", "MOH"))
    QualificationFactory(person=person, type_code="ENGLISH", result="B2", taken_on=today - dt.timedelta(days=700),
                         valid_until=today + dt.timedelta(days=90), owner="VDPO", released=("MOD", "MOH"))
    QualificationFactory(person=person, type_code="FIREARMS", result="passed", taken_on=today - dt.timedelta(days=300),
                         valid_until=today + dt.timedelta(days=91), owner="VDPO", released=("MOD", "MOH"))
    health = en("health").get(reverse("readiness:dashboard")).content.decode()
    planner = en("planner").get(reverse("readiness:dashboard")).content.decode()
    assert stat_value(health, "expiring") == 2 and stat_value(planner, "expiring") == 1  # day 91 is out
    assert stat_value(health, "expiring-MEDICAL") == 1
    assert 'data-stat="expiring-MEDICAL"' not in planner


def test_the_dashboard_counts_the_pool_and_women_against_the_targets(reference, actors):
    from ..dashboard import dashboard

    nurse(marker="Ann", gender="F")
    nurse(marker="Bob", gender="M")
    nurse(marker="Cat", gender="F", english="A1")  # not eligible: English
    board = dashboard(actor=actors["planner"], today=dt.date(2026, 11, 20))  # the tour of conftest
    nurses = next(p for p in board.posts if p.code == "NURSE")
    assert (nurses.eligible, nurses.women) == (2, 1)
    troops = next(c for c in board.categories if c.code == "troops")
    assert (troops.eligible, troops.women, troops.share, troops.target_2028) == (2, 1, 50.0, 15)
    assert board.chart()["parity"]["target"] == [15, 25, 20, 30]


def test_the_dashboard_page_labels_unverified_targets_and_has_no_inline_script(reference, en):
    page = en("planner").get(reverse("readiness:dashboard")).content.decode()
    assert "UNVERIFIED" in page and "2028 target" in page and 'id="dashboard-data"' in page
    assert re.search(r'data-stat="share-troops">', page)
    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\"))[^>]*>", page)
