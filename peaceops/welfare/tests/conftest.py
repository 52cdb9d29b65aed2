import datetime as dt

import pytest

from peaceops.access.context import system_scope
from peaceops.access.marking import Marking
from peaceops.org.models import Agency
from peaceops.people.tests.factories import PersonFactory
from peaceops.welfare import services


@pytest.fixture(autouse=True)
def _english(english):
    """This app's tests read messages in English; the persona clients send the language cookie."""


@pytest.fixture
def unmiss(structure):
    from peaceops.missions.models import Mission

    return Mission.objects.create(acronym="UNMISS", name="UN Mission in the Republic of South Sudan",
                                  start_date=dt.date(2011, 7, 8))


def agencies():
    return {a.code: a for a in Agency.objects.all()}


def open_marking(level=0):
    """Owned by VDPO, released to every ministry."""
    found = agencies()
    return Marking(level=level, owning_agency_id=found["VDPO"].pk,
                   releasable_to=tuple(found[c] for c in ("MOD", "MFA", "MOH", "MPS")))


def casualty_marking(level=1):
    found = agencies()
    return Marking(level=level, owning_agency_id=found["VDPO"].pk, compartments=("CASUALTY",),
                   releasable_to=tuple(found[c] for c in ("MOD", "MFA", "MOH", "MPS")))


@pytest.fixture
def admin(actors):
    return actors["admin"]


@pytest.fixture
def incident(unmiss, admin):
    data = services.IncidentData(occurred_on=dt.date.today() - dt.timedelta(days=10), place="Bentiu–Rubkona road",
                                 mission=unmiss, incident_type="accident",
                                 description="Ambulance overturned on the supply road (test).")
    return services.incident_create(actor=admin, data=data, marking=open_marking())


@pytest.fixture
def person(structure):
    return PersonFactory(level_id=0, owner="VDPO", released=("MOD", "MFA", "MOH", "MPS"),
                         family_name="Hoàng", middle_name="Thị", given_name="Thử nghiệm")


@pytest.fixture
def make_casualty(incident, admin):
    def make(status="deceased", person_obj=None):
        person_obj = person_obj or PersonFactory(level_id=0, owner="VDPO", released=("MOD", "MFA", "MOH", "MPS"))
        return services.casualty_create(actor=admin, incident=incident, person=person_obj, status=status,
                                        marking=casualty_marking(), next_steps="Escort home; claim.")

    return make


@pytest.fixture
def periods(structure):
    with system_scope("test: deadline periods") as system:
        services.deadline_parameter_set(actor=system, code="claim_submission", days=60, warn_days=20,
                                        effective_from=dt.date(2000, 1, 1), source="Test figure (not a UN rule)")
        services.deadline_parameter_set(actor=system, code="un_settlement", days=90, warn_days=30,
                                        effective_from=dt.date(2000, 1, 1), source="Test figure (not a UN rule)")
