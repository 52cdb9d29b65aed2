"""Creating and editing courses, sessions and exercises: on the pages and through the API, each write
audited, a stale version refused with a clear message (never saved over), bad input a 400 naming its
field, and a record the actor may not see or change a 404."""

import datetime as dt

import pytest
from django.urls import reverse

from peaceops.access.marking import Marking
from peaceops.audit.models import AuditEvent
from peaceops.core.errors import ServiceError, StaleEdit
from peaceops.org.models import Agency
from peaceops.people.tests.factories import PersonFactory

from .. import training_services as ts
from ..training_models import Course, CourseSession, Exercise, ExerciseParticipant
from .training_factories import CourseFactory, EnrolmentFactory, ExerciseFactory, SessionFactory

pytestmark = pytest.mark.django_db
STALE = "Someone else saved this record after you opened it"


@pytest.fixture(autouse=True)
def _english():
    """Messages read in English (the default language is Vietnamese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def en(client_for):
    def make(name):
        client = client_for(name)
        client.cookies["django_language"] = "en"
        return client
    return make


def _session_data(**change):
    values = dict(code="S-X", starts_on=dt.date(2026, 9, 7), ends_on=dt.date(2026, 9, 18), capacity=10,
                  place="Hà Nội")
    return ts.SessionData(**(values | change))


# -- courses ------------------------------------------------------------------------------------------

def test_a_training_writer_creates_and_edits_a_course_on_its_page(reference, en):
    web = en("personnel")
    assert web.get(reverse("readiness:course-create")).status_code == 200
    created = web.post(reverse("readiness:course-create"), {
        "code": "eng-b2", "title_vi": "Tiếng Anh B2", "title_en": "English to B2", "category": "english",
        "provider": "VDPO language centre", "hours": "120", "active": "on"})
    course = Course.objects.get(code="ENG-B2")
    assert created.status_code == 302 and created["Location"] == reverse("readiness:course", args=[course.pk])
    page = web.get(reverse("readiness:course-edit", args=[course.pk]))
    assert page.status_code == 200 and 'name="version" value="1"' in page.content.decode()
    edited = web.post(reverse("readiness:course-edit", args=[course.pk]), {
        "code": "IGNORED", "title_vi": "Tiếng Anh B2", "title_en": "English to level B2", "category": "english",
        "hours": "150", "active": "on", "version": "1"})
    assert edited.status_code == 302
    course.refresh_from_db()
    assert (course.code, course.title_en, course.hours, course.version) == ("ENG-B2", "English to level B2", 150, 2)
    assert AuditEvent.objects.filter(action__in=["readiness.course.create", "readiness.course.update"]).count() == 2


def test_a_stale_course_edit_is_refused_with_a_message_and_changes_nothing(reference, en):
    course = CourseFactory(code="C-STALE", title_en="Old title")
    ts.course_update(actor=_system(), course=course, data=ts.CourseData(
        code=course.code, title_vi=course.title_vi, title_en="Someone else's title", category="national"),
        expected_version=1)
    web = en("personnel")
    refused = web.post(reverse("readiness:course-edit", args=[course.pk]), {
        "title_en": "My title", "category": "national", "version": "1"})
    assert refused.status_code == 400 and STALE in refused.content.decode()
    course.refresh_from_db()
    assert course.title_en == "Someone else's title" and course.version == 2


def test_course_form_bad_input_names_its_field_and_readers_without_the_role_get_404(reference, en):
    web = en("personnel")
    refused = web.post(reverse("readiness:course-create"), {"code": "X1", "category": "nonsense", "hours": "0"})
    text = refused.content.decode()
    assert refused.status_code == 400 and "Give the course a title in at least one language." in text
    assert "Select a valid choice." in text and not Course.objects.filter(code="X1").exists()
    course = CourseFactory()
    assert en("public").get(reverse("readiness:course-create")).status_code == 404
    assert en("health").get(reverse("readiness:course-edit", args=[course.pk])).status_code == 404
    assert 'data-testid="course-create"' not in en("public").get(reverse("readiness:courses")).content.decode()
    assert 'data-testid="course-create"' in web.get(reverse("readiness:courses")).content.decode()


# -- sessions -----------------------------------------------------------------------------------------

def test_a_session_is_scheduled_from_its_course_and_edited(reference, en):
    course = CourseFactory(code="UN-X", provider="UN training centre")
    web = en("personnel")
    page = web.get(reverse("readiness:session-create"), {"course": str(course.pk)}).content.decode()
    assert f'value="{course.pk}" selected' in page and 'value="UN training centre"' in page
    created = web.post(reverse("readiness:session-create"), {
        "course": str(course.pk), "code": "un-x-1", "starts_on": "2026-09-07", "ends_on": "2026-09-18",
        "capacity": "12", "place": "Hà Nội"})
    session = CourseSession.objects.get(code="UN-X-1")
    assert created.status_code == 302 and session.course == course and session.capacity == 12
    backwards = web.post(reverse("readiness:session-edit", args=[session.pk]), {
        "starts_on": "2026-09-07", "ends_on": "2026-09-01", "capacity": "12", "version": "1"})
    assert backwards.status_code == 400 and "The session cannot end before it starts." in backwards.content.decode()
    edited = web.post(reverse("readiness:session-edit", args=[session.pk]), {
        "starts_on": "2026-09-14", "ends_on": "2026-09-25", "capacity": "15", "place": "Sơn Tây", "version": "1"})
    assert edited.status_code == 302
    session.refresh_from_db()
    assert (session.starts_on, session.capacity, session.place, session.version) == (dt.date(2026, 9, 14), 15,
                                                                                      "Sơn Tây", 2)
    stale = web.post(reverse("readiness:session-edit", args=[session.pk]), {
        "starts_on": "2026-09-14", "ends_on": "2026-09-25", "capacity": "20", "version": "1"})
    assert stale.status_code == 400 and STALE in stale.content.decode()
    assert AuditEvent.objects.filter(action="readiness.session.update").count() == 1


def test_a_session_keeps_at_least_as_many_places_as_people_on_it(reference, actors):
    session = SessionFactory(capacity=3)
    for _ in range(2):
        EnrolmentFactory(session=session, person=PersonFactory(owner="VDPO"))
    with pytest.raises(ServiceError) as refused:
        ts.session_update(actor=actors["personnel"], session=session, data=_session_data(capacity=1),
                          expected_version=1)
    assert refused.value.field == "capacity"
    ts.session_update(actor=actors["personnel"], session=session, data=_session_data(capacity=2), expected_version=1)
    assert CourseSession.objects.get(pk=session.pk).capacity == 2
    with pytest.raises(StaleEdit):
        ts.session_update(actor=actors["personnel"], session=session, data=_session_data(capacity=5),
                          expected_version=1)


# -- exercises ----------------------------------------------------------------------------------------

def _participants(prefix="participants", rows=(), total=6):
    data = {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}
    for index, (agency, count, role) in enumerate(rows):
        data |= {f"{prefix}-{index}-agency": str(agency.pk), f"{prefix}-{index}-count": str(count),
                 f"{prefix}-{index}-role": role}
    return data


def test_a_planner_plans_an_exercise_with_participants_and_its_marking_then_edits_it(reference, en, actors):
    mod, moh = Agency.objects.get(code="MOD"), Agency.objects.get(code="MOH")
    web = en("planner")
    page = web.get(reverse("readiness:exercise-create"))
    assert page.status_code == 200 and 'name="participants-TOTAL_FORMS"' in page.content.decode()
    created = web.post(reverse("readiness:exercise-create"), {
        "code": "tt-9", "title": "Mass casualty tabletop", "kind": "tabletop", "starts_on": "2026-05-04",
        "ends_on": "2026-05-05", "scenario": "A convoy is hit.", "objectives": "Test CASEVAC\nTest reporting",
        "level": "1", "owning_agency": str(mod.pk), "releasable_to": [str(moh.pk)],
        **_participants(rows=[(mod, 12, "Staff"), (moh, 4, "Medical")])})
    assert created.status_code == 302, created.content.decode()[:2000]
    exercise = Exercise.objects.unrestricted().get(code="TT-9")
    assert exercise.level_id == 1 and exercise.participants.count() == 2
    # only the participants change: the version still moves on, and the audit names them
    edited = web.post(reverse("readiness:exercise-edit", args=[exercise.pk]), {
        "title": exercise.title, "kind": "tabletop", "starts_on": "2026-05-04", "ends_on": "2026-05-05",
        "scenario": "A convoy is hit.", "objectives": "Test CASEVAC\nTest reporting", "version": "1",
        **_participants(rows=[(mod, 15, "Staff")])})
    assert edited.status_code == 302
    exercise.refresh_from_db()
    assert exercise.version == 2 and exercise.level_id == 1
    assert list(ExerciseParticipant.objects.filter(exercise=exercise).values_list("count", flat=True)) == [15]
    event = AuditEvent.objects.get(action="readiness.exercise.update")
    assert event.changes["participants"] == {"MOD": 15}
    stale = web.post(reverse("readiness:exercise-edit", args=[exercise.pk]), {
        "title": "Renamed", "kind": "tabletop", "starts_on": "2026-05-04", "ends_on": "2026-05-05",
        "scenario": "A convoy is hit.", "version": "1", **_participants()})
    assert stale.status_code == 400 and STALE in stale.content.decode()
    assert Exercise.objects.unrestricted().get(pk=exercise.pk).title == "Mass casualty tabletop"


def test_exercise_participants_are_checked_row_by_row_and_each_agency_once(reference, en):
    mod = Agency.objects.get(code="MOD")
    web = en("planner")
    base = {"code": "TT-10", "title": "T", "kind": "tabletop", "starts_on": "2026-05-04", "ends_on": "2026-05-04",
            "scenario": "S", "level": "0", "owning_agency": str(mod.pk)}
    missing_count = web.post(reverse("readiness:exercise-create"), {**base, **_participants(rows=[(mod, "", "")])})
    assert missing_count.status_code == 400 and "How many people did this agency send?" in missing_count.content.decode()
    twice = web.post(reverse("readiness:exercise-create"), {**base, **_participants(rows=[(mod, 2, ""), (mod, 3, "")])})
    assert twice.status_code == 400 and "Each agency once, please." in twice.content.decode()
    assert not Exercise.objects.unrestricted().filter(code="TT-10").exists()


def test_an_exercise_above_the_writer_is_404_on_its_edit_page_and_in_the_api(reference, en, actors, api_for):
    secret = ExerciseFactory(level_id=3, owner="MOD")
    assert en("planner").get(reverse("readiness:exercise-edit", args=[secret.pk])).status_code == 404
    assert api_for("planner").patch(f"/api/v1/readiness/exercises/{secret.pk}/", {"title": "x", "version": 1},
                                    format="json").status_code == 404
    mine = ExerciseFactory(level_id=0, owner="MOD")
    assert en("personnel").get(reverse("readiness:exercise-edit", args=[mine.pk])).status_code == 404  # no role


# -- the API ------------------------------------------------------------------------------------------

def test_courses_and_sessions_are_created_and_changed_through_the_api(reference, api_for):
    api = api_for("personnel")
    created = api.post("/api/v1/readiness/courses/", {"code": "api-1", "title_en": "API course",
                                                      "category": "partner", "grants": "UN_CPTM"}, format="json")
    assert created.status_code == 201, created.content
    course = created.json()
    assert course["code"] == "API-1" and course["grants"] == "UN_CPTM" and course["version"] == 1
    for body, field in [({"code": "api-2", "category": "nope", "title_en": "x"}, "category"),
                        ({"code": "api-2", "category": "national"}, "title_en"),
                        ({"code": "api-1", "category": "national", "title_en": "x"}, "code"),
                        ({"code": "api-2", "category": "national", "title_en": "x", "grants": "MEDICAL"}, "grants"),
                        ({"code": "api-2", "category": "national", "title_en": "x", "hours": 0}, "hours")]:
        refused = api.post("/api/v1/readiness/courses/", body, format="json")
        assert refused.status_code == 400 and field in refused.json(), (body, refused.content)
    url = f"/api/v1/readiness/courses/{course['id']}/"
    assert api.patch(url, {"hours": 30}, format="json").status_code == 400  # no version
    changed = api.patch(url, {"hours": 30, "version": 1}, format="json")
    assert changed.status_code == 200 and changed.json()["hours"] == 30 and changed.json()["version"] == 2
    assert api.patch(url, {"hours": 31, "version": 1}, format="json").status_code == 409
    assert api_for("public").post("/api/v1/readiness/courses/", {"code": "P", "title_en": "P",
                                                                 "category": "national"}, format="json").status_code == 404

    session = api.post("/api/v1/readiness/sessions/", {"course": "API-1", "code": "api-1-s1", "starts_on": "2026-09-07",
                                                       "ends_on": "2026-09-11", "capacity": 8}, format="json")
    assert session.status_code == 201 and session.json()["course"] == "API-1", session.content
    assert api.post("/api/v1/readiness/sessions/", {"course": "NOPE", "code": "s2", "starts_on": "2026-09-07",
                                                    "ends_on": "2026-09-11", "capacity": 8},
                    format="json").json()["course"] == ["No such course."]
    backwards = api.post("/api/v1/readiness/sessions/", {"course": "API-1", "code": "s3", "starts_on": "2026-09-07",
                                                         "ends_on": "2026-09-01", "capacity": 8}, format="json")
    assert backwards.status_code == 400 and "ends_on" in backwards.json()
    url = f"/api/v1/readiness/sessions/{session.json()['id']}/"
    moved = api.patch(url, {"place": "Sơn Tây", "capacity": 9, "version": 1}, format="json")
    assert moved.status_code == 200 and moved.json()["place"] == "Sơn Tây" and moved.json()["capacity"] == 9
    assert api.patch(url, {"capacity": 10, "version": 1}, format="json").status_code == 409


def test_exercises_are_planned_and_changed_through_the_api(reference, api_for):
    api = api_for("planner")
    created = api.post("/api/v1/readiness/exercises/", {
        "code": "api-ex", "title": "Field exercise", "kind": "field", "scenario": "Deploy a platoon.",
        "starts_on": "2026-10-01", "ends_on": "2026-10-03",
        "participants": [{"agency": "MOD", "count": 30, "role": "Troops"}, {"agency": "MOH", "count": 5}],
        "marking": {"level": "CONFIDENTIAL", "owning_agency": "MOD"}}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["marking"]["level"] == "CONFIDENTIAL" and len(body["participants"]) == 2
    twice = api.post("/api/v1/readiness/exercises/", {
        "code": "api-ex2", "title": "T", "kind": "field", "scenario": "S", "starts_on": "2026-10-01",
        "ends_on": "2026-10-01", "participants": [{"agency": "MOD", "count": 1}, {"agency": "MOD", "count": 2}]},
        format="json")
    assert twice.status_code == 400 and "participants" in twice.json()
    url = f"/api/v1/readiness/exercises/{body['id']}/"
    changed = api.patch(url, {"participants": [{"agency": "MOD", "count": 25}], "version": 1}, format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert [p["count"] for p in changed.json()["participants"]] == [25]
    assert api.patch(url, {"title": "Renamed", "version": 1}, format="json").status_code == 409
    assert api.patch(url, {"marking": {"level": "UNCLASSIFIED", "owning_agency": "MOD"}, "version": 2},
                     format="json").status_code == 400


def _system():
    from peaceops.access.context import system_scope

    with system_scope("test: a concurrent editor") as actor:
        return actor


def test_exercise_update_refuses_a_stale_version_even_when_only_participants_change(reference, actors):
    planner = actors["planner"]
    exercise = ts.exercise_create(actor=planner, data=ts.ExerciseData(
        code="EX-S", title="T", kind="tabletop", scenario="S", starts_on=dt.date(2026, 5, 4),
        ends_on=dt.date(2026, 5, 4)), marking=Marking(level=0, owning_agency_id=Agency.objects.get(code="MOD").pk))
    data = ts.ExerciseData(code="EX-S", title="T2", kind="tabletop", scenario="S", starts_on=dt.date(2026, 5, 4),
                           ends_on=dt.date(2026, 5, 4))
    ts.exercise_update(actor=planner, exercise=exercise, data=data, expected_version=1)
    mod = Agency.objects.get(code="MOD")
    with pytest.raises(StaleEdit):
        ts.exercise_update(actor=planner, exercise=Exercise.objects.unrestricted().get(pk=exercise.pk),
                           data=ts.ExerciseData(**{**data.__dict__, "participants": [(mod, 3, "")]}),
                           expected_version=1)
    assert not ExerciseParticipant.objects.filter(exercise=exercise).exists()
