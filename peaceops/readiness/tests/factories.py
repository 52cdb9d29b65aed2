import datetime as dt

import factory

from peaceops.people.tests.factories import MarkedFactory, PersonFactory
from peaceops.readiness.eligibility import SCALES

from ..models import Qualification, QualificationType, ServiceRecord


class QualificationFactory(MarkedFactory):
    """Pass type_code="ENGLISH", result="B2"; the marking as in people's factories."""

    class Meta:
        model = Qualification

    class Params:
        type_code = "ENGLISH"

    person = factory.SubFactory(PersonFactory)
    type = factory.LazyAttribute(lambda o: QualificationType.objects.get(code=o.type_code))
    result = "B2"
    result_rank = factory.LazyAttribute(lambda o: SCALES[o.type.scale][o.result])
    taken_on = dt.date(2026, 1, 10)
    valid_until = None


def service_start(person, day=dt.date(2010, 1, 1)):
    record = ServiceRecord(person=person, service_start=day)
    record.save(force_insert=True)
    return record
