"""A hospital rotation to plan: NURSE posts (with a women's share asked) and SURGEON-less simplicity.

Nurses come from readiness's test helper (eligible for NURSE on the test tour unless told otherwise);
they sit in three home units so that the home-unit cap can bind."""

import datetime as dt

import pytest

from peaceops.access.context import system_scope
from peaceops.missions.tests.factories import RequirementFactory, RotationFactory
from peaceops.org.models import Unit
from peaceops.readiness.services import reference_load
from peaceops.readiness.tests.conftest import TOUR_FROM, TOUR_TO, nurse


@pytest.fixture(autouse=True)
def _english(english):
    """This app's tests read messages in English; the persona clients send the language cookie."""


# (marker, gender, unit, english) — 4 women of 9; two English levels above B1
NURSES = [
    ("Anh", "F", "HOSP-108", "B2"), ("Binh", "M", "HOSP-108", "B1"), ("Chau", "F", "MMA", "C1"),
    ("Dung", "M", "MMA", "B1"), ("Giang", "M", "HOSP-108", "B1"), ("Ha", "F", "L2FH-7", "B1"),
    ("Khanh", "M", "L2FH-7", "B2"), ("Long", "M", "MMA", "B1"), ("Mai", "F", "L2FH-7", "B1"),
]


@pytest.fixture
def reference(structure):
    with system_scope("test: readiness reference") as actor:
        return reference_load(actor=actor)


@pytest.fixture
def nurses(reference):
    units = {u.code: u for u in Unit.objects.all()}
    return {marker: nurse(marker=marker, gender=gender, unit=units[unit], english=english)
            for marker, gender, unit, english in NURSES}


@pytest.fixture
def rotation(reference):
    rotation = RotationFactory(number=3, start_date=TOUR_FROM, end_date=TOUR_TO)
    return rotation


@pytest.fixture
def requirement(rotation):
    from peaceops.missions.tests.factories import post_type

    return RequirementFactory(rotation=rotation, post_type=post_type("NURSE"), count=5, place="Bentiu",
                              start_date=TOUR_FROM, end_date=TOUR_TO, women_target="0.400")


def run_plan(actor, rotation, **parameters):
    from peaceops.planning import services

    return services.plan_run_start(actor=actor, rotation=rotation, parameters=parameters)


def tour_dates():
    return TOUR_FROM, TOUR_TO, dt.date(2026, 11, 1)
