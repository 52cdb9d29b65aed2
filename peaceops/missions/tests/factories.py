"""Force-generation test records. Factories bypass the services (set-up, not a user's write)."""

import datetime as dt

import factory

from peaceops.org.models import Unit
from peaceops.people.tests.factories import MarkedFactory, PersonFactory
from peaceops.readiness.models import PostType

from ..models import Deployment, Mission, Pledge, Requirement, Rotation

R2_FROM, R2_TO = dt.date(2027, 3, 1), dt.date(2028, 2, 29)


def mission(acronym="UNMISS") -> Mission:
    found = Mission.objects.filter(acronym=acronym).first()
    if found:
        return found
    return Mission.objects.create(acronym=acronym, name=f"Test mission {acronym}", start_date=dt.date(2011, 7, 9))


def post_type(code="NURSE") -> PostType:
    found = PostType.objects.filter(code=code).first()
    if found:
        return found
    return PostType.objects.create(code=code, name_vi=code, name_en=code, category="contingent")


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    unit = factory.LazyFunction(lambda: Unit.objects.get(code="L2FH-7"))
    capability = "Level-2 hospital"
    personnel = 63


class RotationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rotation

    mission = factory.LazyFunction(mission)
    unit = factory.LazyFunction(lambda: Unit.objects.get(code="L2FH-7"))
    number = factory.Sequence(lambda n: n + 1)
    kind = "unit"
    start_date = R2_FROM
    end_date = R2_TO


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement

    rotation = factory.SubFactory(RotationFactory)
    mission = factory.LazyAttribute(lambda o: o.rotation.mission if o.rotation else mission())
    post_type = factory.LazyFunction(post_type)
    count = 2
    start_date = R2_FROM
    end_date = R2_TO


class DeploymentFactory(MarkedFactory):
    class Meta:
        model = Deployment

    level_id = 1
    person = factory.SubFactory(PersonFactory)
    rotation = factory.SubFactory(RotationFactory)
    requirement = None
    status = "nominated"
    start_date = factory.LazyAttribute(lambda o: o.rotation.start_date)
    end_date = factory.LazyAttribute(lambda o: o.rotation.end_date)
