"""Training writes: enrolments and results (a completed course becomes the record the rules require),
exercise findings (a lesson and an action item with the exercise's marking), all audited."""

import datetime as dt
from decimal import Decimal

import pytest

from peaceops.access.marking import Marking
from peaceops.audit.models import AuditEvent
from peaceops.core.errors import NotPermitted, ServiceError, StaleEdit
from peaceops.decisions.models import ActionItem
from peaceops.documents.models import Lesson
from peaceops.people.tests.factories import PersonFactory, agency

from .. import selectors, training_services
from ..models import PostType, Qualification
from ..training_choices import EnrolmentStatus
from ..training_models import ExerciseFinding
from .conftest import TOUR_FROM, TOUR_TO, nurse
from .training_factories import CourseFactory, EnrolmentFactory, ExerciseFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages read in English (the default language is Vietnamese)."""
    from django.utils import translation

    with translation.override("en"):
        yield
TOUR = selectors.engine.Tour(TOUR_FROM, TOUR_TO)


def nurse_verdict(actor, person):
    return selectors.person_verdict(actor=actor, person=person, post_type=PostType.objects.get(code="NURSE"),
                                    tour=TOUR)[1]


@pytest.fixture
def untrained_nurse(reference):
    """A nurse eligible for NURSE but for the contingent pre-deployment training she has not done."""
    person = nurse()
    Qualification.objects.unrestricted().filter(person=person, type__code="CONTINGENT_PDT").delete()
    return person


@pytest.fixture
def pdt_session(reference):
    return SessionFactory(course=CourseFactory(code="PDT-L2", category="national", grants_code="CONTINGENT_PDT"),
                          code="PDT-L2-2026-1", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 13))


def test_completing_a_session_makes_the_course_count_for_eligibility(untrained_nurse, pdt_session, actors):
    personnel = actors["personnel"]
    before = nurse_verdict(personnel, untrained_nurse)
    assert not before.eligible and before.first_failing == "qualification:CONTINGENT_PDT"
    enrolment = training_services.enrol(actor=personnel, session=pdt_session, person=untrained_nurse)
    training_services.enrolment_record_result(actor=personnel, enrolment=enrolment, result="completed",
                                              completed_on=dt.date(2026, 3, 13), score=Decimal("87.5"),
                                              expected_version=enrolment.version)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED and enrolment.qualification is not None
    filed = Qualification.objects.unrestricted().get(pk=enrolment.qualification_id)
    assert (filed.type.code, filed.result, filed.taken_on, filed.reference) == (
        "CONTINGENT_PDT", "completed", dt.date(2026, 3, 13), "PDT-L2-2026-1")
    assert nurse_verdict(personnel, untrained_nurse).eligible
    assert AuditEvent.objects.filter(action="readiness.enrolment.result", target_id=str(enrolment.pk)).exists()
    assert AuditEvent.objects.filter(action="readiness.qualification.create", target_id=str(filed.pk)).exists()


def test_a_failed_session_files_nothing_and_the_person_stays_ineligible(untrained_nurse, pdt_session, actors):
    personnel = actors["personnel"]
    enrolment = training_services.enrol(actor=personnel, session=pdt_session, person=untrained_nurse)
    training_services.enrolment_record_result(actor=personnel, enrolment=enrolment, result="failed",
                                              completed_on=dt.date(2026, 3, 13), expected_version=enrolment.version)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.FAILED and enrolment.qualification is None
    assert nurse_verdict(personnel, untrained_nurse).first_failing == "qualification:CONTINGENT_PDT"


def test_a_result_off_the_scale_is_refused_and_names_the_choices(untrained_nurse, pdt_session, actors):
    enrolment = training_services.enrol(actor=actors["personnel"], session=pdt_session, person=untrained_nurse)
    with pytest.raises(ServiceError) as error:
        training_services.enrolment_record_result(actor=actors["personnel"], enrolment=enrolment, result="B2",
                                                  completed_on=dt.date(2026, 3, 13), expected_version=1)
    assert error.value.field == "result" and "completed" in str(error.value.message)


def test_a_result_dated_before_the_session_or_in_the_future_is_refused(untrained_nurse, pdt_session, actors, today):
    enrolment = training_services.enrol(actor=actors["personnel"], session=pdt_session, person=untrained_nurse)
    for day in (pdt_session.starts_on - dt.timedelta(days=1), today + dt.timedelta(days=1)):
        with pytest.raises(ServiceError) as error:
            training_services.enrolment_record_result(actor=actors["personnel"], enrolment=enrolment,
                                                      result="completed", completed_on=day, expected_version=1)
        assert error.value.field == "completed_on"
    # the first day of the session is accepted (the other side of the boundary)
    training_services.enrolment_record_result(actor=actors["personnel"], enrolment=enrolment, result="completed",
                                              completed_on=pdt_session.starts_on, expected_version=1)


def test_a_stale_result_is_refused(untrained_nurse, pdt_session, actors):
    enrolment = training_services.enrol(actor=actors["personnel"], session=pdt_session, person=untrained_nurse)
    with pytest.raises(StaleEdit):
        training_services.enrolment_record_result(actor=actors["personnel"], enrolment=enrolment, result="completed",
                                                  completed_on=dt.date(2026, 3, 13), expected_version=7)
    assert not Qualification.objects.unrestricted().filter(type__code="CONTINGENT_PDT",
                                                           person=untrained_nurse).exists()


def test_a_result_filed_once_cannot_be_filed_again(untrained_nurse, pdt_session, actors):
    enrolment = training_services.enrol(actor=actors["personnel"], session=pdt_session, person=untrained_nurse)
    training_services.enrolment_record_result(actor=actors["personnel"], enrolment=enrolment, result="completed",
                                              completed_on=dt.date(2026, 3, 13), expected_version=1)
    with pytest.raises(ServiceError):
        training_services.enrolment_record_result(actor=actors["personnel"], enrolment=enrolment,
                                                  result="completed", completed_on=dt.date(2026, 3, 13),
                                                  expected_version=enrolment.version)


def test_a_session_takes_as_many_people_as_it_has_places(reference, actors):
    session = SessionFactory(capacity=2)
    people = [PersonFactory(owner="VDPO") for _ in range(3)]
    training_services.enrol(actor=actors["personnel"], session=session, person=people[0])
    training_services.enrol(actor=actors["personnel"], session=session, person=people[1])
    with pytest.raises(ServiceError) as error:
        training_services.enrol(actor=actors["personnel"], session=session, person=people[2])
    assert "full" in str(error.value.message)


def test_nobody_enrols_someone_they_may_not_see(reference, actors):
    secret = PersonFactory(level_id=2, owner="MFA")
    with pytest.raises(NotPermitted):
        training_services.enrol(actor=actors["personnel"], session=SessionFactory(), person=secret)


def test_a_health_officer_may_not_record_course_results(reference, actors):
    enrolment = EnrolmentFactory(person=PersonFactory(owner="MOH"))
    with pytest.raises(NotPermitted):
        training_services.enrolment_record_result(actor=actors["health"], enrolment=enrolment, result="completed",
                                                  completed_on=dt.date(2026, 3, 13), expected_version=1)


def test_a_result_for_someone_of_another_agency_is_owned_by_the_writer_and_released_to_theirs(
        reference, actors, pdt_session):
    police = PersonFactory(owner="MPS", released=("VDPO",), service="police")
    enrolment = training_services.enrol(actor=actors["personnel"], session=pdt_session, person=police)
    training_services.enrolment_record_result(actor=actors["personnel"], enrolment=enrolment, result="completed",
                                              completed_on=dt.date(2026, 3, 13), expected_version=1)
    filed = Qualification.objects.unrestricted().get(pk=Qualification.objects.unrestricted()
                                                     .filter(person=police).values("pk")[:1])
    assert filed.owning_agency_id in actors["personnel"].agency_ids
    assert filed.releasable_mask & (1 << agency("MPS").bit)


# -- exercises ------------------------------------------------------------------------------------

def test_a_finding_becomes_a_lesson_and_an_action_item_with_the_exercise_marking(structure, actors):
    exercise = ExerciseFactory(level_id=1, owner="VDPO", released=("MOD",))
    finding = training_services.finding_add(
        actor=actors["planner"], exercise=exercise, category="lesson",
        text="Casualty reports reached the ministry six hours late.",
        action_title="Write a casualty reporting SOP", owner_agency=agency("MOD"), due_on=dt.date(2027, 1, 31))
    lesson = Lesson.objects.unrestricted().get(pk=finding.lesson_id)
    action = ActionItem.objects.unrestricted().get(pk=finding.action_item_id)
    assert lesson.text.startswith("Casualty reports") and lesson.category == "lesson"
    assert exercise.code in lesson.section
    assert action.source == "exercise" and action.owner_agency.code == "MOD" and action.due_on == dt.date(2027, 1, 31)
    for record in (lesson, action):
        assert (record.level_id, record.owning_agency_id, record.releasable_mask) == (
            1, exercise.owning_agency_id, exercise.releasable_mask)
    assert AuditEvent.objects.filter(action="documents.lesson.create", target_id=str(lesson.pk)).exists()
    assert AuditEvent.objects.filter(action="decisions.action_item.create", target_id=str(action.pk)).exists()


def test_a_finding_without_an_action_files_only_a_lesson(structure, actors):
    exercise = ExerciseFactory(owner="VDPO")
    finding = training_services.finding_add(actor=actors["planner"], exercise=exercise, text="The map was old.")
    assert finding.lesson_id and finding.action_item_id is None
    assert not ActionItem.objects.unrestricted().exists()


def test_an_empty_finding_is_refused_and_nothing_is_filed(structure, actors):
    exercise = ExerciseFactory(owner="VDPO")
    with pytest.raises(ServiceError):
        training_services.finding_add(actor=actors["planner"], exercise=exercise, text="  ", action_title="x")
    assert not Lesson.objects.unrestricted().exists() and not ExerciseFinding.objects.exists()


def test_nobody_files_findings_on_an_exercise_they_may_not_see(structure, actors):
    exercise = ExerciseFactory(level_id=2, owner="MFA")
    with pytest.raises(NotPermitted):
        training_services.finding_add(actor=actors["planner"], exercise=exercise, text="Seen")


def test_an_exercise_is_created_with_its_participants_and_audited(structure, actors):
    data = training_services.ExerciseData(
        code="ttx-2026-1", title="Hospital mass-casualty tabletop", kind="tabletop", scenario="Convoy attack",
        starts_on=dt.date(2026, 5, 4), ends_on=dt.date(2026, 5, 4),
        participants=[(agency("MOD"), 12, "Hospital staff"), (agency("MOH"), 3, "Observers")])
    exercise = training_services.exercise_create(actor=actors["planner"], data=data,
                                                 marking=Marking(level=0, owning_agency_id=agency("VDPO").pk))
    assert exercise.code == "TTX-2026-1"
    assert {(p.agency.code, p.count) for p in exercise.participants.all()} == {("MOD", 12), ("MOH", 3)}
    event = AuditEvent.objects.get(action="readiness.exercise.create", target_id=str(exercise.pk))
    assert event.changes["participants"] == {"MOD": 12, "MOH": 3}


def test_an_exercise_ending_before_it_starts_is_refused(structure, actors):
    data = training_services.ExerciseData(code="X", title="X", kind="field", scenario="S",
                                          starts_on=dt.date(2026, 5, 4), ends_on=dt.date(2026, 5, 3))
    with pytest.raises(ServiceError) as error:
        training_services.exercise_create(actor=actors["planner"], data=data,
                                          marking=Marking(level=0, owning_agency_id=agency("VDPO").pk))
    assert error.value.field == "ends_on"
