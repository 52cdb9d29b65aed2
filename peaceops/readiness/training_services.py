"""Writes to training: the catalogue, sessions, enrolments and results, exercises and their findings.

Each checks the policy, writes and audits in one transaction. A completed session files the
qualification its course grants through readiness.services.qualification_record, so the eligibility
rules that require a course (rule "qualifications", e.g. UN_CPTM) see it like any other record.
Exercise findings become a documents.Lesson and, when something must be done, a decisions.ActionItem
(through decisions.services.action_item_create), both with the exercise's marking.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.actor import Actor
from peaceops.access.marking import Marking, apply_marking, check_no_write_up
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service, update_fields_checked
from peaceops.people.models import Person

from . import eligibility
from . import services as readiness_services
from .models import QualificationType
from .training_choices import CourseCategory, EnrolmentStatus, ExerciseKind
from .training_models import Course, CourseSession, Enrolment, Exercise, ExerciseFinding, ExerciseParticipant

FAILED = "failed"  # a result that never files a record, whatever the course's scale


def _require(actor: Actor, action: str, model, obj=None) -> None:
    if not policy_for(model).allows(actor, action, obj):
        raise NotPermitted()


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# -- catalogue ------------------------------------------------------------------------------------

@dataclass
class CourseData:
    code: str
    title_vi: str
    title_en: str
    category: str
    provider: str = ""
    hours: int | None = None
    grants: QualificationType | None = None
    description: str = ""
    source: str = ""
    active: bool = True

    def fields(self) -> dict:
        return {"title_vi": self.title_vi, "title_en": self.title_en, "category": self.category,
                "provider": self.provider, "hours": self.hours, "grants": self.grants,
                "description": self.description, "source": self.source[:300], "active": self.active}


def _check_course(data: CourseData) -> None:
    if not data.code.strip():
        raise ServiceError(_("Give the course a code."), field="code")
    if not (data.title_vi.strip() or data.title_en.strip()):
        raise ServiceError(_("Give the course a title."), field="title_en")
    if data.category not in CourseCategory.values:
        raise ServiceError(_("Unknown course category."), field="category")
    if data.hours is not None and not 0 < data.hours <= 2000:
        raise ServiceError(_("Hours must be between 1 and 2000."), field="hours")


@service
def course_create(*, actor: Actor, data: CourseData) -> Course:
    _require(actor, "create", Course)
    _check_course(data)
    code = data.code.strip().upper()
    if Course.objects.filter(code=code).exists():
        raise ServiceError(_("A course with this code exists already."), field="code")
    course = Course(code=code, **data.fields())
    course.save(force_insert=True)
    record(actor=actor, action="readiness.course.create", target=course,
           changes={"code": code, "category": data.category, "grants": data.grants.code if data.grants else None})
    return course


@service
def course_update(*, actor: Actor, course: Course, data: CourseData, expected_version: int) -> Course:
    _require(actor, "change", Course, course)
    _check_course(data)
    changes = update_fields_checked(course, expected_version=expected_version, fields=data.fields())
    if changes:
        record(actor=actor, action="readiness.course.update", target=course,
               changes={k: [str(v[0]) if v[0] is not None else None, str(v[1]) if v[1] is not None else None]
                        for k, v in changes.items()})
    return course


# -- sessions -------------------------------------------------------------------------------------

@dataclass
class SessionData:
    code: str
    starts_on: dt.date
    ends_on: dt.date
    capacity: int
    place: str = ""
    provider: str = ""
    funding_partner: object = None  # partners.Partner or None
    notes: str = ""


def _check_session(data: SessionData) -> None:
    if data.ends_on < data.starts_on:
        raise ServiceError(_("The session cannot end before it starts."), field="ends_on")
    if not 1 <= data.capacity <= 1000:
        raise ServiceError(_("Places must be between 1 and 1000."), field="capacity")


@service
def session_create(*, actor: Actor, course: Course, data: SessionData) -> CourseSession:
    _require(actor, "create", CourseSession)
    code = data.code.strip().upper()
    if not code:
        raise ServiceError(_("Give the session a code."), field="code")
    if CourseSession.objects.filter(code=code).exists():
        raise ServiceError(_("A session with this code exists already."), field="code")
    _check_session(data)
    session = CourseSession(course=course, code=code, starts_on=data.starts_on, ends_on=data.ends_on,
                            capacity=data.capacity, place=data.place, provider=data.provider or course.provider,
                            funding_partner=data.funding_partner, notes=data.notes)
    session.save(force_insert=True)
    record(actor=actor, action="readiness.session.create", target=session,
           changes={"course": course.code, "code": code, "from": _iso(data.starts_on), "to": _iso(data.ends_on),
                    "capacity": data.capacity,
                    "funding_partner": str(data.funding_partner.pk) if data.funding_partner else None})
    return session


def _audit_changes(changes: dict) -> dict:
    return {k: [_plain(a), _plain(b)] for k, (a, b) in changes.items()}


def _plain(value):
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(getattr(value, "code", value))


@service
def session_update(*, actor: Actor, session: CourseSession, data: SessionData,
                   expected_version: int | None) -> CourseSession:
    """Change a session's dates, place, provider, funding partner, places or notes (its course and code
    stay). Its places cannot drop below the people already on it; a stale version is refused."""
    _require(actor, "change", CourseSession, session)
    _check_session(data)
    taken = Enrolment.objects.filter(session=session).exclude(status=EnrolmentStatus.WITHDRAWN).count()
    if data.capacity < taken:
        raise ServiceError(_("%(n)s people are on this session: it needs at least as many places.") % {"n": taken},
                           field="capacity")
    recorded = Enrolment.objects.filter(session=session, completed_on__lt=data.starts_on).exists()
    if recorded:
        raise ServiceError(_("A result is dated before this start: the session cannot start later."),
                           field="starts_on")
    changes = update_fields_checked(session, expected_version=expected_version, fields={
        "starts_on": data.starts_on, "ends_on": data.ends_on, "capacity": data.capacity, "place": data.place,
        "provider": data.provider, "funding_partner": data.funding_partner, "notes": data.notes})
    if changes:
        record(actor=actor, action="readiness.session.update", target=session,
               changes={"code": session.code, **_audit_changes(changes)})
    return session


# -- enrolments and results -----------------------------------------------------------------------

def _visible_person(actor: Actor, person: Person) -> None:
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise NotPermitted()


@service
def enrol(*, actor: Actor, session: CourseSession, person: Person) -> Enrolment:
    """Put a person the writer may see on a session, within its places."""
    _require(actor, "create", Enrolment)
    _visible_person(actor, person)
    if Enrolment.objects.filter(session=session, person=person).exists():
        raise ServiceError(_("This person is already enrolled on this session."), field="person")
    taken = Enrolment.objects.filter(session=session).exclude(status=EnrolmentStatus.WITHDRAWN).count()
    if taken >= session.capacity:
        raise ServiceError(_("The session is full."), field="person")
    enrolment = Enrolment(session=session, person=person)
    enrolment.save(force_insert=True)
    record(actor=actor, action="readiness.enrolment.create", target=enrolment,
           changes={"session": session.code, "person": str(person.pk)})
    return enrolment


def result_choices(course: Course) -> list[str]:
    """The results a session of this course may end with: the granted record's scale, and "failed"."""
    scale = eligibility.SCALES[course.grants.scale] if course.grants_id else eligibility.SCALES["completion"]
    passing = [level for level, rank in scale.items() if rank >= 1]
    return [*passing, FAILED]


def result_marking(actor: Actor, person: Person) -> Marking:
    """The marking of a record filed from a result: unclassified (the type's compartment is added
    by qualification_record), seen by whoever sees the person. Owned by the person's agency when
    the writer belongs to it, otherwise by the writer's agency and released to the person's."""
    releasable = person.releasable_mask
    owner = person.owning_agency_id
    if not actor.is_system and owner not in actor.agency_ids:
        releasable |= 1 << person.owning_agency.bit
        owner = sorted(actor.agency_ids, key=str)[0]
    return Marking(level=0, owning_agency_id=owner, _releasable_mask=releasable)


@service
def enrolment_record_result(*, actor: Actor, enrolment: Enrolment, result: str, completed_on: dt.date,
                            score: Decimal | None = None, expected_version: int | None) -> Enrolment:
    """Record how a person finished a session. A pass files the record the course grants (once)."""
    _require(actor, "change", Enrolment, enrolment)
    session, person = enrolment.session, enrolment.person
    course = session.course
    if enrolment.qualification_id is not None:
        raise ServiceError(_("This result is already filed as a qualification record; it cannot be changed here."),
                           field="result")
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        raise ServiceError(_("This person withdrew from the session."), field="result")
    choices = result_choices(course)
    if result not in choices:
        raise ServiceError(_("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)}, field="result")
    if completed_on < session.starts_on:
        raise ServiceError(_("The result cannot date from before the session started."), field="completed_on")
    if completed_on > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field="completed_on")
    if score is not None and not Decimal(0) <= score <= Decimal(1000):
        raise ServiceError(_("The score must be between 0 and 1000."), field="score")
    passed = result != FAILED
    changes = update_fields_checked(enrolment, expected_version=expected_version, fields={
        "status": EnrolmentStatus.COMPLETED if passed else EnrolmentStatus.FAILED, "result": result,
        "score": score, "completed_on": completed_on})
    filed = None
    if passed and course.grants_id:
        granted = course.grants
        valid_until = eligibility.add_months(completed_on, granted.validity_months) if granted.validity_months else None
        filed = readiness_services.qualification_record(
            actor=actor, person=person, type=granted, result=result, taken_on=completed_on, valid_until=valid_until,
            score=score, reference=session.code[:120], marking=result_marking(actor, person))
        Enrolment.objects.filter(pk=enrolment.pk).update(qualification=filed)
        enrolment.qualification = filed
    record(actor=actor, action="readiness.enrolment.result", target=enrolment,
           changes={"session": session.code, "person": str(person.pk),
                    **{k: [str(a) if a is not None else None, str(b) if b is not None else None]
                       for k, (a, b) in changes.items()},
                    "qualification": str(filed.pk) if filed else None})
    return enrolment


@service
def enrolment_withdraw(*, actor: Actor, enrolment: Enrolment, expected_version: int | None) -> Enrolment:
    _require(actor, "change", Enrolment, enrolment)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ServiceError(_("Only someone still enrolled can withdraw."), field="status")
    changes = update_fields_checked(enrolment, expected_version=expected_version,
                                    fields={"status": EnrolmentStatus.WITHDRAWN})
    record(actor=actor, action="readiness.enrolment.withdraw", target=enrolment, changes=changes)
    return enrolment


# -- exercises ------------------------------------------------------------------------------------

@dataclass
class ExerciseData:
    code: str
    title: str
    kind: str
    scenario: str
    starts_on: dt.date
    ends_on: dt.date
    place: str = ""
    objectives: str = ""
    participants: list[tuple[object, int, str]] = field(default_factory=list)  # (Agency, count, role)


def _check_exercise(data: ExerciseData) -> None:
    if not data.title.strip():
        raise ServiceError(_("Give the exercise a title."), field="title")
    if data.kind not in ExerciseKind.values:
        raise ServiceError(_("Unknown kind of exercise."), field="kind")
    if not data.scenario.strip():
        raise ServiceError(_("Describe the scenario."), field="scenario")
    if data.ends_on < data.starts_on:
        raise ServiceError(_("The exercise cannot end before it starts."), field="ends_on")
    seen = set()
    for agency, count, _role in data.participants:
        if agency.pk in seen:
            raise ServiceError(_("Each agency once, please."), field="participants")
        if count < 1:
            raise ServiceError(_("Give at least one participant per agency."), field="participants")
        seen.add(agency.pk)


def _save_participants(exercise: Exercise, participants) -> None:
    for agency, count, role in participants:
        ExerciseParticipant(exercise=exercise, agency=agency, count=count, role=role[:200]).save(force_insert=True)


@service
def exercise_create(*, actor: Actor, data: ExerciseData, marking: Marking) -> Exercise:
    _require(actor, "create", Exercise)
    check_no_write_up(actor, marking)
    code = data.code.strip().upper()
    if not code:
        raise ServiceError(_("Give the exercise a code."), field="code")
    if Exercise.objects.unrestricted().filter(code=code).exists():
        raise ServiceError(_("An exercise with this code exists already."), field="code")
    _check_exercise(data)
    exercise = Exercise(code=code, title=data.title.strip(), kind=data.kind, scenario=data.scenario.strip(),
                        starts_on=data.starts_on, ends_on=data.ends_on, place=data.place,
                        objectives=data.objectives.strip())
    apply_marking(exercise, marking)
    exercise.save(force_insert=True)
    _save_participants(exercise, data.participants)
    record(actor=actor, action="readiness.exercise.create", target=exercise,
           changes={"code": code, "kind": data.kind, "from": _iso(data.starts_on), "to": _iso(data.ends_on),
                    "participants": {a.code: n for a, n, _r in data.participants},
                    "marking": exercise.marking_dict()})
    return exercise


@service
def exercise_update(*, actor: Actor, exercise: Exercise, data: ExerciseData,
                    expected_version: int | None) -> Exercise:
    """Change an exercise's title, kind, scenario, dates, place, objectives and participants (its code and
    marking stay: lowering a marking is its own action). A stale version is refused, participants too."""
    _require(actor, "change", Exercise, exercise)
    if not Exercise.objects.visible_to(actor).filter(pk=exercise.pk).exists():
        raise NotPermitted()
    _check_exercise(data)
    before = {p.agency_id: (p.count, p.role) for p in ExerciseParticipant.objects.filter(exercise=exercise)}
    after = {agency.pk: (count, role[:200]) for agency, count, role in data.participants}
    changes = update_fields_checked(exercise, expected_version=expected_version, fields={
        "title": data.title.strip(), "kind": data.kind, "scenario": data.scenario.strip(),
        "starts_on": data.starts_on, "ends_on": data.ends_on, "place": data.place,
        "objectives": data.objectives.strip()})
    audit = _audit_changes(changes)
    if before != after:
        if not changes:  # only the participants changed: the version still moves, and a stale one is refused
            bump_version(exercise)
        ExerciseParticipant.objects.filter(exercise=exercise).delete()
        _save_participants(exercise, data.participants)
        audit["participants"] = {a.code: n for a, n, _r in data.participants}
    if audit:
        record(actor=actor, action="readiness.exercise.update", target=exercise, changes={"code": exercise.code,
                                                                                           **audit})
    return exercise


def bump_version(instance) -> None:
    """Move a record's version on when only its related rows changed (a conditional UPDATE, like
    update_fields_checked: a concurrent save makes it fail)."""
    from peaceops.core.errors import StaleEdit

    current = instance.version
    updated = type(instance)._base_manager.filter(pk=instance.pk, version=current).update(
        version=current + 1, updated_at=timezone.now())
    if updated != 1:
        raise StaleEdit()
    instance.version = current + 1


@service
def finding_add(*, actor: Actor, exercise: Exercise, text: str, category: str = "finding",
                action_title: str = "", owner_agency=None, due_on: dt.date | None = None) -> ExerciseFinding:
    """File a finding: a lesson in the library and, with an action title, an action item on the
    roadmap; both carry the exercise's marking and name the exercise."""
    from peaceops.decisions import services as decision_services
    from peaceops.decisions.choices import ActionSource
    from peaceops.documents.choices import LessonCategory
    from peaceops.documents.models import Lesson

    _require(actor, "create", ExerciseFinding)
    if not Exercise.objects.visible_to(actor).filter(pk=exercise.pk).exists():
        raise NotPermitted()
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Say what the exercise showed."), field="text")
    if category not in LessonCategory.values:
        raise ServiceError(_("Unknown category."), field="category")
    if not policy_for(Lesson).allows(actor, "create"):
        raise NotPermitted()
    marking = Marking.of(exercise)
    check_no_write_up(actor, marking)
    # documents has no service that files a single lesson (its report import creates them inside the
    # document's own transaction); this is that write, with the lesson policy and its audit row.
    lesson = Lesson(section=f"{exercise.code} · {exercise.title}"[:200], category=category, text=text)
    apply_marking(lesson, marking)
    lesson.save(force_insert=True)
    record(actor=actor, action="documents.lesson.create", target=lesson,
           changes={"source": "exercise", "exercise": exercise.code, "category": category})
    action = None
    if (action_title or "").strip():
        action = decision_services.action_item_create(
            actor=actor, title=action_title.strip()[:500], marking=marking, owner_agency=owner_agency,
            due_on=due_on, description=text, source=ActionSource.EXERCISE)
    finding = ExerciseFinding(exercise=exercise, category=category, text=text, lesson=lesson, action_item=action)
    finding.save(force_insert=True)
    record(actor=actor, action="readiness.exercise.finding", target=exercise,
           changes={"finding": str(finding.pk), "lesson": str(lesson.pk),
                    "action_item": str(action.pk) if action else None})
    return finding
