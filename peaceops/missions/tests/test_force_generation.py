"""Force-generation records: database constraints, services (policy, audit, refusals) and selectors."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from peaceops.audit.models import AuditEvent
from peaceops.core.errors import NotPermitted, ServiceError, StaleEdit
from peaceops.missions import selectors, services
from peaceops.missions.models import Deployment, DeploymentStatusChange, Requirement, Rotation, StrengthReturn
from peaceops.org.models import Unit
from peaceops.people.tests.factories import PersonFactory

from .factories import (
    R2_FROM,
    R2_TO,
    DeploymentFactory,
    PledgeFactory,
    RequirementFactory,
    RotationFactory,
    mission,
)
from .factories import post_type as make_post_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def hospital(structure):
    return Unit.objects.get(code="L2FH-7")


@pytest.fixture
def rotation(hospital):
    return RotationFactory(unit=hospital, number=2)


def refused(callable_, *args, **kwargs) -> ServiceError:
    """The refusal, worded in English (the default language is Vietnamese)."""
    with translation.override("en"), pytest.raises(ServiceError) as caught:
        callable_(*args, **kwargs)
    return caught.value


# -- database constraints ----------------------------------------------------------------------

def test_the_database_refuses_a_requirement_of_zero_posts(rotation):
    with pytest.raises(IntegrityError), transaction.atomic():
        RequirementFactory(rotation=rotation, count=0)


def test_the_database_refuses_dates_out_of_order(rotation):
    with pytest.raises(IntegrityError), transaction.atomic():
        RequirementFactory(rotation=rotation, start_date=R2_TO, end_date=R2_FROM)
    with pytest.raises(IntegrityError), transaction.atomic():
        RotationFactory(number=9, start_date=R2_TO, end_date=R2_FROM)


def test_the_database_refuses_a_second_active_deployment_of_one_person_on_one_rotation(rotation):
    first = DeploymentFactory(rotation=rotation)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeploymentFactory(rotation=rotation, person=first.person)


def test_a_withdrawn_deployment_does_not_block_a_new_nomination(rotation):
    first = DeploymentFactory(rotation=rotation, status="withdrawn")
    DeploymentFactory(rotation=rotation, person=first.person)
    assert Deployment.objects.unrestricted().filter(person=first.person).count() == 2


def test_rotation_numbers_are_unique_per_unit_and_per_mission_for_individual_posts(rotation):
    with pytest.raises(IntegrityError), transaction.atomic():
        RotationFactory(unit=rotation.unit, number=2)
    RotationFactory(unit=None, kind="individual", number=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        RotationFactory(unit=None, kind="individual", number=2)


def test_a_unit_rotation_without_a_unit_is_refused_by_the_database(structure):
    with pytest.raises(IntegrityError), transaction.atomic():
        RotationFactory(unit=None, kind="unit")


# -- services -----------------------------------------------------------------------------------

def test_the_planner_creates_a_requirement_and_it_is_audited(rotation, actors):
    requirement = services.requirement_create(
        actor=actors["planner"], mission=rotation.mission, rotation=rotation, post_type=make_post_type("SURGEON"),
        count=3, start_date=R2_FROM, end_date=R2_TO, place="Bor", women_target="0.25")
    assert requirement.women_target == Decimal("0.250")
    event = AuditEvent.objects.get(action="missions.requirement.create", target_id=str(requirement.pk))
    assert event.changes["count"] == 3


@pytest.mark.parametrize(("changes", "field"), [
    ({"count": 0}, "count"), ({"count": -1}, "count"), ({"end_date": dt.date(2026, 1, 1)}, "end_date"),
    ({"women_target": "1.5"}, "women_target"), ({"women_target": "abc"}, "women_target"),
])
def test_a_bad_requirement_is_refused_with_the_field_named(rotation, actors, changes, field):
    values = dict(mission=rotation.mission, rotation=rotation, post_type=make_post_type(), count=2,
                  start_date=R2_FROM, end_date=R2_TO) | changes
    assert refused(services.requirement_create, actor=actors["planner"], **values).field == field
    assert not Requirement.objects.exists()


def test_a_reader_without_the_planner_role_may_not_create_a_requirement(rotation, actors):
    with pytest.raises(NotPermitted):
        services.requirement_create(actor=actors["health"], mission=rotation.mission, post_type=make_post_type(),
                                    count=1, start_date=R2_FROM, end_date=R2_TO)


def test_a_stale_requirement_edit_is_refused(rotation, actors):
    requirement = RequirementFactory(rotation=rotation)
    services.requirement_update(actor=actors["planner"], requirement=requirement, expected_version=1, count=4)
    stale = Requirement.objects.get(pk=requirement.pk)
    stale.version = 1
    with pytest.raises(StaleEdit):
        services.requirement_update(actor=actors["planner"], requirement=stale, expected_version=1, count=5)
    assert Requirement.objects.get(pk=requirement.pk).count == 4


def test_pledge_levels_answer_the_level_in_force_on_a_day(hospital, actors):
    pledge = services.pledge_create(actor=actors["planner"], unit=hospital, capability="Level-2 hospital",
                                    personnel=63, registered_on=dt.date(2016, 5, 1))
    services.pledge_level_set(actor=actors["planner"], pledge=pledge, level="level_1", from_date=dt.date(2016, 5, 1),
                              evidence="Registered in PCRS")
    services.pledge_level_set(actor=actors["planner"], pledge=pledge, level="level_2", from_date=dt.date(2017, 3, 1),
                              evidence="AAV report")
    pledge = selectors.pledge_get(actor=actors["planner"], pk=pledge.pk)
    assert pledge.level_on(dt.date(2016, 4, 30)) is None
    assert pledge.level_on(dt.date(2016, 12, 1)) == "level_1"
    assert pledge.level_on(dt.date(2017, 3, 1)) == "level_2"
    assert AuditEvent.objects.filter(action="missions.pledge.level", target_id=str(pledge.pk)).count() == 2


def test_a_level_without_evidence_or_before_registration_is_refused(hospital, actors):
    pledge = PledgeFactory(unit=hospital, registered_on=dt.date(2016, 5, 1))
    assert refused(services.pledge_level_set, actor=actors["planner"], pledge=pledge, level="level_2",
                   from_date=dt.date(2017, 1, 1), evidence=" ").field == "evidence"
    assert refused(services.pledge_level_set, actor=actors["planner"], pledge=pledge, level="level_2",
                   from_date=dt.date(2015, 1, 1), evidence="AAV").field == "from_date"
    assert refused(services.pledge_level_set, actor=actors["planner"], pledge=pledge, level="level_9",
                   from_date=dt.date(2017, 1, 1), evidence="AAV").field == "level"


def test_a_rotation_is_created_with_its_phased_return_and_named_like_the_interface_says(hospital, actors):
    rotation = services.rotation_create(
        actor=actors["planner"], mission=mission(), unit=hospital, number=3, start_date=R2_FROM, end_date=R2_TO,
        overlap_days=14, phased_return=[{"on": "2028-02-29", "count": 30}, {"on": "2028-02-15", "count": 33}])
    assert str(rotation) == "UNMISS · L2FH-7 · R3"
    assert [g["on"] for g in rotation.phased_return] == ["2028-02-15", "2028-02-29"]
    assert refused(services.rotation_create, actor=actors["planner"], mission=mission(), unit=hospital, number=3,
                   start_date=R2_FROM, end_date=R2_TO).field == "number"
    assert refused(services.rotation_create, actor=actors["planner"], mission=mission(), unit=hospital, number=4,
                   start_date=R2_FROM, end_date=R2_TO, phased_return=[{"on": "x", "count": 1}]).field == "phased_return"
    assert Rotation.objects.count() == 1


def nominate(actor, rotation, person=None, requirement=None):
    person = person or PersonFactory(level_id=1, owner="VDPO", released=("MOD",))
    return services.deployment_create(actor=actor, person=person, rotation=rotation, requirement=requirement,
                                      start_date=rotation.start_date, end_date=rotation.end_date,
                                      on=dt.date(2026, 11, 1))


def test_a_deployment_is_marked_like_its_person_and_starts_its_history(rotation, actors):
    deployment = nominate(actors["planner"], rotation)
    assert deployment.level_id == 1 and deployment.owning_agency_id == deployment.person.owning_agency_id
    assert deployment.releasable_mask == deployment.person.releasable_mask
    [change] = DeploymentStatusChange.objects.filter(deployment=deployment)
    assert (change.from_status, change.to_status, change.on) == ("", "nominated", dt.date(2026, 11, 1))


def test_a_requirement_takes_no_more_people_than_its_count(rotation, actors):
    requirement = RequirementFactory(rotation=rotation, count=1)
    nominate(actors["planner"], rotation, requirement=requirement)
    assert refused(nominate, actors["planner"], rotation, requirement=requirement).field == "requirement"


def test_the_same_person_twice_on_a_rotation_is_refused_with_a_message(rotation, actors):
    first = nominate(actors["planner"], rotation)
    error = refused(nominate, actors["planner"], rotation, person=first.person)
    assert error.field == "person"


def test_a_person_the_actor_cannot_see_cannot_be_nominated(rotation, actors):
    hidden = PersonFactory(level_id=2, owner="MFA")
    with pytest.raises(NotPermitted):
        nominate(actors["planner"], rotation, person=hidden)


def test_a_deployment_walks_its_life_cycle_and_every_step_is_recorded(rotation, actors):
    planner = actors["planner"]
    deployment = nominate(planner, rotation)
    services.deployment_transition(actor=planner, deployment=deployment, to_status="accepted", on=dt.date(2027, 1, 5))
    services.deployment_transition(actor=planner, deployment=deployment, to_status="deployed", on=dt.date(2027, 3, 2))
    services.deployment_transition(actor=planner, deployment=deployment, to_status="extended", on=dt.date(2028, 1, 1),
                                   end_date=dt.date(2028, 5, 31), reason="Handover delayed")
    services.deployment_transition(actor=planner, deployment=deployment, to_status="repatriated",
                                   on=dt.date(2028, 5, 30))
    deployment.refresh_from_db()
    assert (deployment.status, deployment.start_date, deployment.end_date) == (
        "repatriated", dt.date(2027, 3, 2), dt.date(2028, 5, 30))
    steps = list(selectors.deployment_history(actor=planner, deployment=deployment).values_list("to_status", flat=True))
    assert steps == ["nominated", "accepted", "deployed", "extended", "repatriated"]
    assert AuditEvent.objects.filter(action="missions.deployment.transition",
                                     target_id=str(deployment.pk)).count() == 4


def test_a_refused_move_says_which_moves_are_allowed(rotation, actors):
    deployment = nominate(actors["planner"], rotation)
    error = refused(services.deployment_transition, actor=actors["planner"], deployment=deployment,
                    to_status="deployed", on=dt.date(2027, 3, 1))
    assert error.field == "to_status"
    assert "Accepted by the UN" in str(error.message) and "Withdrawn" in str(error.message)
    assert Deployment.objects.unrestricted().get(pk=deployment.pk).status == "nominated"


def test_a_final_status_is_said_to_be_final(rotation, actors):
    deployment = nominate(actors["planner"], rotation)
    services.deployment_transition(actor=actors["planner"], deployment=deployment, to_status="withdrawn",
                                   on=dt.date(2027, 1, 1), reason="Failed medical")
    error = refused(services.deployment_transition, actor=actors["planner"], deployment=deployment,
                    to_status="accepted", on=dt.date(2027, 1, 2))
    assert "final" in str(error.message)


def test_withdrawal_needs_a_reason_and_extension_a_later_end_date(rotation, actors):
    deployment = nominate(actors["planner"], rotation)
    assert refused(services.deployment_transition, actor=actors["planner"], deployment=deployment,
                   to_status="withdrawn", on=dt.date(2027, 1, 1)).field == "reason"
    deployment.status = "deployed"
    Deployment.objects.unrestricted().filter(pk=deployment.pk).update(status="deployed")
    assert refused(services.deployment_transition, actor=actors["planner"], deployment=deployment,
                   to_status="extended", on=dt.date(2027, 1, 1), end_date=R2_TO).field == "end_date"


def test_a_stale_transition_is_refused(rotation, actors):
    deployment = nominate(actors["planner"], rotation)
    with pytest.raises(StaleEdit):
        services.deployment_transition(actor=actors["planner"], deployment=deployment, to_status="accepted",
                                       on=dt.date(2027, 1, 5), expected_version=deployment.version - 1 or 99)


def test_slots_are_requirements_times_count(rotation, actors):
    RequirementFactory(rotation=rotation, count=2, post_type=make_post_type("SURGEON"))
    RequirementFactory(rotation=rotation, count=3, post_type=make_post_type("NURSE"))
    slots = selectors.rotation_slots(actor=actors["planner"], rotation=rotation)
    assert len(slots) == 5 and sorted(i for _r, i in slots) == [0, 0, 1, 1, 2]


def test_strength_returns_are_recorded_once_per_line_and_corrected_in_place(structure, actors):
    unmiss = mission()
    row, outcome = services.strength_return_record(actor=actors["planner"], mission=unmiss, month=dt.date(2026, 3, 17),
                                                   category="troops", gender="F", count=12)
    assert outcome == "created" and row.month == dt.date(2026, 3, 1)
    _row, outcome = services.strength_return_record(actor=actors["planner"], mission=unmiss, month=dt.date(2026, 3, 1),
                                                    category="troops", gender="F", count=12)
    assert outcome == "unchanged"
    _row, outcome = services.strength_return_record(actor=actors["planner"], mission=unmiss, month=dt.date(2026, 3, 1),
                                                    category="troops", gender="F", count=14)
    assert outcome == "updated" and StrengthReturn.objects.get().count == 14
    assert refused(services.strength_return_record, actor=actors["planner"], mission=unmiss,
                   month=dt.date(2026, 3, 1), category="troops", gender="F", count=-1).field == "count"
