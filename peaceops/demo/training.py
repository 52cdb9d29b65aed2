"""Demo: the course catalogue, sessions with enrolments and results of demo people, one tabletop exercise.

Idempotent (a course, session or exercise whose code exists is left alone) and deterministic (people
are chosen by service number). Course names are those DOMAIN_FACTS.md and the readiness reference
name (UN core pre-deployment training, the UN specialised courses); the sessions, places and
exercise are invented for the demo. Results go through the services, so completing a session files
the record its course grants, exactly as on the session page.
"""

from __future__ import annotations

import datetime as dt

from peaceops.access.marking import Marking
from peaceops.org.models import Agency
from peaceops.people.models import Person
from peaceops.readiness import training_services as ts
from peaceops.readiness.models import QualificationType
from peaceops.readiness.training_models import Course, CourseSession, Exercise

from .scenario import TODAY

CENTRE = "Trung tâm Huấn luyện GGHB (VDPO-TC)"
SOURCE = "DOMAIN_FACTS.md §6, §10; readiness reference qualification types"

COURSES = [
    # code, title vi, title en, category, provider, hours, grants
    ("UN-CPTM", "Huấn luyện cơ bản trước triển khai của LHQ (CPTM)", "UN core pre-deployment training (CPTM)",
     "un_core", CENTRE, 40, "UN_CPTM"),
    ("UN-STM-MEM", "Khóa chuyên gia quân sự LHQ", "UN military experts on mission course", "un_specialised",
     CENTRE, 120, "UN_STM_MEM"),
    ("UN-STM-SO", "Khóa sĩ quan tham mưu LHQ", "UN staff officers course", "un_specialised", CENTRE, 120,
     "UN_STM_SO"),
    ("UN-STM-POL", "Khóa cảnh sát LHQ trước triển khai", "UN police pre-deployment course", "un_specialised",
     "Bộ Công an", 80, "UN_STM_POLICE"),
    ("VN-PDT", "Huấn luyện trước triển khai của đơn vị", "Contingent pre-deployment training", "national", CENTRE,
     160, "CONTINGENT_PDT"),
    ("VN-DRIVE-4X4", "Lái xe địa hình 4×4", "4×4 driving", "national", CENTRE, 24, None),
    ("EN-PK", "Tiếng Anh cho lực lượng gìn giữ hòa bình", "English for peacekeepers", "english", CENTRE, 200, None),
    ("PARTNER-EN", "Khóa tiếng Anh do đối tác hỗ trợ", "Partner-provided English course", "partner",
     "Partner programme (demo example)", 120, None),
]

# code, course, start offset from TODAY (days), length (days), places, place, people (slice of the cohort), done
SESSIONS = [
    ("UN-CPTM-2026-1", "UN-CPTM", -120, 10, 30, "Hà Nội", (0, 24), True),
    ("VN-PDT-2026-2", "VN-PDT", -75, 28, 70, "Hà Nội", (0, 40), True),
    ("UN-STM-MEM-2026-1", "UN-STM-MEM", -60, 21, 20, "Hà Nội", (263, 275), True),
    ("EN-PK-2026-3", "EN-PK", -40, 30, 25, "Hà Nội", (40, 55), False),
    ("UN-CPTM-2026-4", "UN-CPTM", 45, 10, 30, "Hà Nội", (24, 40), False),
    ("PARTNER-EN-2027-1", "PARTNER-EN", 90, 30, 20, "Hà Nội", (), False),
]

EXERCISE = {
    "code": "TTX-L2H-2026", "title": "Level-2 hospital mass-casualty tabletop (demo)", "kind": "tabletop",
    "place": "VDPO-TC, Hà Nội",
    "scenario": ("A convoy of the mission is ambushed 40 km from the Level-2 hospital; twelve casualties arrive "
                 "within two hours while the road to the Level-3 facility is closed. The hospital must triage, "
                 "treat, report to the mission and to the ministries, and ask for air evacuation."),
    "objectives": ("Rehearse triage and the flow of casualties through the hospital\n"
                   "Test casualty reporting from the hospital to the ministries at home\n"
                   "Test the request for air medical evacuation"),
    "participants": [("MOD", 24, "Hospital staff and command"), ("MOH", 4, "Observers and trauma advisers"),
                     ("VDPO", 6, "Exercise control"), ("MFA", 2, "Consular liaison")],
}
FINDINGS = [
    ("finding", "Triage was quick, but the casualty board fell out of date within the first hour.", "", None, 0),
    ("lesson", "Casualty reports reached the ministries six hours after the first arrival: nobody owned the "
               "report at home.", "Name who sends the first casualty report home and by when", "VDPO", 60),
    ("recommendation", "Interpreters were too few for the local patients' families.",
     "Train two more hospital interpreters before the rotation", "MOD", 120),
]


def _cohort() -> list[Person]:
    return list(Person.objects.unrestricted().filter(service_number__regex=r"^[A-Z]{2}-\d{7}$")
                .order_by("service_number")[:300])


def load(actor) -> dict:
    created = {"courses": 0, "sessions": 0, "enrolments": 0, "results": 0, "exercises": 0, "findings": 0}
    types = {t.code: t for t in QualificationType.objects.all()}
    if not types:
        return created  # the readiness reference is not loaded: nothing to grant
    for code, vi, en, category, provider, hours, grants in COURSES:
        if Course.objects.filter(code=code).exists():
            continue
        ts.course_create(actor=actor, data=ts.CourseData(code=code, title_vi=vi, title_en=en, category=category,
                                                         provider=provider, hours=hours, grants=types.get(grants),
                                                         source=SOURCE))
        created["courses"] += 1
    courses = {c.code: c for c in Course.objects.all()}
    cohort = _cohort()
    for code, course_code, offset, length, places, place, people, done in SESSIONS:
        if CourseSession.objects.filter(code=code).exists():
            continue
        starts = TODAY + dt.timedelta(days=offset)
        session = ts.session_create(actor=actor, course=courses[course_code], data=ts.SessionData(
            code=code, starts_on=starts, ends_on=starts + dt.timedelta(days=length - 1), capacity=places,
            place=place))
        created["sessions"] += 1
        members = cohort[people[0]:people[1]] if people else []
        for index, person in enumerate(members):
            enrolment = ts.enrol(actor=actor, session=session, person=person)
            created["enrolments"] += 1
            if done:
                result = "failed" if index % 11 == 7 else ts.result_choices(session.course)[0]
                ts.enrolment_record_result(actor=actor, enrolment=enrolment, result=result,
                                           completed_on=session.ends_on, score=None,
                                           expected_version=enrolment.version)
                created["results"] += 1
    if not Exercise.objects.unrestricted().filter(code=EXERCISE["code"]).exists():
        agencies = {a.code: a for a in Agency.objects.all()}
        if {"VDPO", "MOD", "MOH", "MFA"} <= set(agencies):
            start = TODAY - dt.timedelta(days=30)
            exercise = ts.exercise_create(actor=actor, data=ts.ExerciseData(
                code=EXERCISE["code"], title=EXERCISE["title"], kind=EXERCISE["kind"], scenario=EXERCISE["scenario"],
                starts_on=start, ends_on=start, place=EXERCISE["place"], objectives=EXERCISE["objectives"],
                participants=[(agencies[c], n, role) for c, n, role in EXERCISE["participants"]]),
                marking=Marking(level=1, owning_agency_id=agencies["VDPO"].pk,
                                releasable_to=(agencies["MOD"], agencies["MOH"])))
            created["exercises"] += 1
            for category, text, action, owner, due_days in FINDINGS:
                ts.finding_add(actor=actor, exercise=exercise, text=text, category=category, action_title=action,
                               owner_agency=agencies.get(owner) if owner else None,
                               due_on=TODAY + dt.timedelta(days=due_days) if action else None)
                created["findings"] += 1
    return created
