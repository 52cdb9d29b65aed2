"""The demo's readiness data: deterministic, idempotent, and pools that are neither empty nor full."""

import pytest

from peaceops.access.context import system_scope
from peaceops.demo import readiness as demo_readiness
from peaceops.demo import scenario
from peaceops.people.models import Person
from peaceops.readiness.models import Qualification, QualificationType

pytestmark = pytest.mark.django_db


def test_the_demo_records_are_the_same_every_time_and_a_second_load_adds_nothing(structure):
    with system_scope("test: demo") as actor:
        scenario.load_people(actor, structure, 300)
        first = demo_readiness.load_readiness(actor)
        again = demo_readiness.load_readiness(actor)
    assert first["people"] == 300 and first["qualifications"] > 300
    assert again == {"reference_changed": False, "people": 0, "qualifications": 0}
    types = {t.code: t for t in QualificationType.objects.all()}
    masks = {"MEDICAL": 0, "PERSONAL-DATA": 0}
    person = Person.objects.unrestricted().values(*demo_readiness.PERSON_FIELDS).get(service_number__endswith="0000007")
    once = demo_readiness.records_for(7, person, types, masks)
    twice = demo_readiness.records_for(7, person, types, masks)
    assert [(q.type.code, q.result, q.taken_on, q.valid_until) for q in once[1]] == \
        [(q.type.code, q.result, q.taken_on, q.valid_until) for q in twice[1]]


def test_medical_and_vetting_records_of_the_demo_carry_their_compartments(structure):
    with system_scope("test: demo") as actor:
        scenario.load_people(actor, structure, 120)
        demo_readiness.load_readiness(actor)
        medical = Qualification.objects.unrestricted().filter(type__code="MEDICAL")
        assert medical.exists() and all(q.compartments == ["MEDICAL"] for q in medical)
        vetting = Qualification.objects.unrestricted().filter(type__code="VETTING")
        assert vetting.exists() and all(q.compartments == ["PERSONAL-DATA"] for q in vetting)
