"""The rest-between-tours rule of the readiness engine reads real deployments through the provider."""

import datetime as dt

import pytest

from peaceops.access.context import system_scope
from peaceops.readiness import eligibility as engine
from peaceops.readiness import providers
from peaceops.readiness import selectors as readiness
from peaceops.readiness.services import reference_load
from peaceops.readiness.tests.conftest import TOUR_FROM, TOUR_TO, nurse

from .factories import DeploymentFactory, RotationFactory

pytestmark = pytest.mark.django_db

TOUR = engine.Tour(TOUR_FROM, TOUR_TO)


@pytest.fixture
def reference(structure):
    with system_scope("test: readiness reference") as actor:
        return reference_load(actor=actor)


def verdict(actor, person):
    post_type = readiness.post_type_get(actor=actor, code="NURSE")
    _rules, answer = readiness.person_verdict(actor=actor, person=person, post_type=post_type, tour=TOUR)
    return answer


def earlier_tour(person, *, ended: dt.date, status="repatriated"):
    rotation = RotationFactory(start_date=ended - dt.timedelta(days=365), end_date=ended)
    return DeploymentFactory(person=person, rotation=rotation, status=status, start_date=rotation.start_date,
                             end_date=ended, level_id=1, owner="VDPO", released=("MOD", "MOH"))


def test_the_nurse_rule_asks_for_twelve_months_of_rest(reference, actors):
    post_type = readiness.post_type_get(actor=actors["planner"], code="NURSE")
    rules, _answer = readiness.person_verdict(actor=actors["planner"], person=nurse(), post_type=post_type, tour=TOUR)
    assert rules.rules.rest_months == 12


def test_someone_back_three_months_ago_fails_the_rest_rule(reference, actors):
    subject = nurse()
    earlier_tour(subject, ended=TOUR_FROM - dt.timedelta(days=91))
    answer = verdict(actors["planner"], subject)
    assert not answer.eligible and answer.first_failing == "rest"
    [(check, reason)] = answer.reasons
    assert (check, reason.code) == ("rest", "rest_too_short")


def test_someone_back_thirteen_months_ago_passes(reference, actors):
    subject = nurse()
    earlier_tour(subject, ended=TOUR_FROM - dt.timedelta(days=400))
    assert verdict(actors["planner"], subject).eligible


def test_a_withdrawn_nomination_is_not_a_tour(reference, actors):
    subject = nurse()
    earlier_tour(subject, ended=TOUR_FROM - dt.timedelta(days=30), status="withdrawn")
    assert verdict(actors["planner"], subject).eligible


def test_the_provider_answers_in_one_query_for_many_people(structure, django_assert_num_queries):
    people = [earlier_tour(nurse_person, ended=dt.date(2026, 1, 1) + dt.timedelta(days=i)).person
              for i, nurse_person in enumerate(_people(5))]
    with django_assert_num_queries(1):
        answer = providers.last_tour_end([p.pk for p in people])
    assert answer[people[4].pk] == dt.date(2026, 1, 5)


def _people(n):
    from peaceops.people.tests.factories import PersonFactory

    return [PersonFactory(level_id=1) for _ in range(n)]
