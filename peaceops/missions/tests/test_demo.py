"""The force-generation demo: what it builds, the same every time, nothing new on a second run."""

import datetime as dt

import pytest

from peaceops.access.context import system_scope
from peaceops.demo import forcegen, scenario
from peaceops.demo import readiness as demo_readiness
from peaceops.missions import services, transitions
from peaceops.missions.models import Deployment, Pledge, Requirement, Rotation, StrengthReturn

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(structure):
    with system_scope("test: forcegen demo") as actor:
        scenario.load_people(actor, structure, 400)
        services.missions_load(actor=actor)
        demo_readiness.load_readiness(actor)
        first = forcegen.load(actor)
        again = forcegen.load(actor)
    return first, again


def test_a_second_run_creates_nothing(demo):
    first, again = demo
    assert again == {}
    assert first["rotations"] == 3 + 1 + 2 and first["pledges"] == 2 and first["pledge_levels"] == 6


def test_the_hospital_rotations_are_done_current_and_upcoming_with_open_slots_in_r3(demo):
    rotations = {r.number: r for r in Rotation.objects.filter(unit__code="L2FH-7")}
    assert sorted(rotations) == [1, 2, 3]
    posts = {n: sum(Requirement.objects.filter(rotation=r).values_list("count", flat=True))
             for n, r in rotations.items()}
    assert posts == {1: 63, 2: 63, 3: 63}  # every line of the table of organisation
    r1 = Deployment.objects.unrestricted().filter(rotation=rotations[1])
    assert r1.exists() and set(r1.values_list("status", flat=True)) == {"repatriated"}
    r2 = Deployment.objects.unrestricted().filter(rotation=rotations[2])
    assert set(r2.values_list("status", flat=True)) == {"deployed", "extended", "repatriated", "withdrawn"}
    assert r2.filter(status__in=transitions.ACTIVE).count() == 63 - 2
    assert not Deployment.objects.unrestricted().filter(rotation=rotations[3]).exists()


def test_the_hospital_pledge_reached_level_2_after_the_aav_then_level_3(demo):
    pledge = Pledge.objects.prefetch_related("levels").get(unit__code="L2FH-7")
    assert pledge.level_on(dt.date(2017, 12, 1)) == "level_2"
    assert pledge.level_on(dt.date(2026, 1, 1)) == "level_3"


def test_individual_posts_use_real_missions_and_the_ugps_share(demo):
    individual = Requirement.objects.filter(rotation__unit__isnull=True)
    assert set(individual.values_list("mission__acronym", flat=True)) == {"MINUSCA", "UNISFA"}
    assert set(individual.values_list("post_type__code", flat=True)) == {"SO", "MEM"}
    assert {str(v) for v in individual.values_list("women_target", flat=True)} == {"0.250"}


def test_strength_returns_cover_twelve_months_of_three_missions(demo):
    months = set(StrengthReturn.objects.values_list("month", flat=True))
    assert len(months) == 12 and all(m.day == 1 for m in months)
    assert set(StrengthReturn.objects.values_list("mission__acronym", flat=True)) == {"UNMISS", "MINUSCA", "UNISFA"}


def test_the_r3_cohort_is_prepared_once_from_people_not_deployed_and_audited(demo):
    from peaceops.audit.models import AuditEvent
    from peaceops.readiness.models import Qualification

    first, _again = demo
    records = Qualification.objects.unrestricted().filter(reference__startswith=forcegen.COHORT_REFERENCE)
    assert records.count() == first["cohort_records"] > 0
    assert set(records.values_list("taken_on", flat=True)) == {forcegen.PREPARED_ON}
    deployed = set(Deployment.objects.unrestricted().values_list("person_id", flat=True))
    assert not deployed & set(records.values_list("person_id", flat=True))
    assert AuditEvent.objects.filter(action="readiness.qualification.create").count() == records.count()
    # medical and vetting results keep their compartment
    assert all(q.compartment_mask for q in records.filter(type__code__in=["MEDICAL", "VETTING"]))
