"""Factories for courses, sessions, enrolments and exercises."""

import datetime as dt

import factory

from peaceops.people.tests.factories import MarkedFactory, PersonFactory

from ..models import QualificationType
from ..training_models import Course, CourseSession, Enrolment, Exercise


class CourseFactory(factory.django.DjangoModelFactory):
    """Pass grants_code="CONTINGENT_PDT" for a course that files that record."""

    class Meta:
        model = Course

    class Params:
        grants_code = None

    code = factory.Sequence(lambda n: f"C-{n:04d}")
    title_vi = factory.LazyAttribute(lambda o: f"Khóa {o.code}")
    title_en = factory.LazyAttribute(lambda o: f"Course {o.code}")
    category = "national"
    provider = "VDPO training centre"
    hours = 40
    grants = factory.LazyAttribute(
        lambda o: QualificationType.objects.get(code=o.grants_code) if o.grants_code else None)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseSession

    course = factory.SubFactory(CourseFactory)
    code = factory.Sequence(lambda n: f"S-{n:04d}")
    starts_on = dt.date(2026, 3, 2)
    ends_on = dt.date(2026, 3, 13)
    place = "Hà Nội"
    capacity = 30


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory)


class ExerciseFactory(MarkedFactory):
    class Meta:
        model = Exercise

    code = factory.Sequence(lambda n: f"EX-{n:04d}")
    title = factory.LazyAttribute(lambda o: f"Exercise {o.code}")
    kind = "tabletop"
    scenario = "A Level-2 hospital receives mass casualties after an attack on a convoy."
    starts_on = dt.date(2026, 5, 4)
    ends_on = dt.date(2026, 5, 5)
    objectives = "Test the casualty evacuation chain\nTest reporting to the ministry"
