import datetime as dt

import pytest

from peaceops.access.context import system_scope
from peaceops.people.tests.factories import PassportFactory, PersonFactory

from ..services import reference_load
from .factories import QualificationFactory, service_start

TOUR_FROM, TOUR_TO = dt.date(2027, 3, 1), dt.date(2028, 2, 29)


@pytest.fixture
def reference(structure):
    """The shipped post types, qualification types and rule sets."""
    with system_scope("test: readiness reference") as actor:
        return reference_load(actor=actor)


def nurse(*, owner="VDPO", released=("MOD", "MOH"), level=1, medical_until=dt.date(2028, 6, 30),
          english="B1", passport_until=dt.date(2030, 1, 1), marker="Zq", **person):
    """A nurse of the field hospital, eligible for NURSE on the test tour unless told otherwise. Her
    records are released like her (to MOD and MOH), so the planner and the health officer both see her."""
    defaults = dict(rank="OF-2", service="medical", date_of_birth=dt.date(1990, 5, 1), given_name=marker,
                    level_id=level, owner=owner, released=released)
    subject = PersonFactory(**(defaults | person))
    service_start(subject)
    marking = dict(owner=owner, released=released)
    if english:
        QualificationFactory(person=subject, type_code="ENGLISH", result=english, valid_until=dt.date(2028, 1, 1),
                             **marking)
    QualificationFactory(person=subject, type_code="NURSING", result="completed", **marking)
    QualificationFactory(person=subject, type_code="CONTINGENT_PDT", result="completed", **marking)
    if medical_until:
        QualificationFactory(person=subject, type_code="MEDICAL", result="fit", valid_until=medical_until,
                             level_id=1, compartments=("MEDICAL",), reference=f"MED-{marker}", **marking)
    QualificationFactory(person=subject, type_code="VETTING", result="cleared", valid_until=dt.date(2028, 1, 1),
                         level_id=1, compartments=("PERSONAL-DATA",), **marking)
    if passport_until:
        PassportFactory(person=subject, expires_on=passport_until, level_id=1, compartments=("PERSONAL-DATA",),
                        **marking)
    return subject
