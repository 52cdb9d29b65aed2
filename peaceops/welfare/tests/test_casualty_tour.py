"""A casualty knows the tour its person was on, and bringing them home ends that tour."""

import datetime as dt

import pytest

from peaceops.audit.models import AuditEvent
from peaceops.missions import services as missions
from peaceops.missions.models import Deployment, DeploymentStatusChange
from peaceops.people.tests.factories import PersonFactory
from peaceops.welfare import services

from .conftest import casualty_marking

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_tour(admin, unmiss, incident):
    """A person deployed in the incident's mission since before the incident."""
    person = PersonFactory(level_id=0, owner="VDPO", released=("MOD", "MFA", "MOH", "MPS"))
    start = incident.occurred_on - dt.timedelta(days=100)
    rotation = missions.rotation_create(actor=admin, mission=unmiss, number=1, start_date=start,
                                        end_date=start + dt.timedelta(days=365))
    deployment = missions.deployment_create(actor=admin, person=person, rotation=rotation, status="deployed",
                                            start_date=start, end_date=start + dt.timedelta(days=365), on=start)
    return person, deployment


def record(admin, incident, person):
    return services.casualty_create(actor=admin, incident=incident, person=person, status="injured",
                                    marking=casualty_marking())


def test_a_casualty_on_tour_is_linked_to_that_deployment_and_one_off_tour_to_none(admin, incident, on_tour):
    person, deployment = on_tour
    assert record(admin, incident, person).deployment_id == deployment.pk
    stranger = PersonFactory(level_id=0, owner="VDPO", released=("MOD", "MFA", "MOH", "MPS"))
    assert record(admin, incident, stranger).deployment_id is None


def test_a_tour_that_ended_before_the_incident_is_not_linked(admin, incident, on_tour):
    person, deployment = on_tour
    Deployment.objects.unrestricted().filter(pk=deployment.pk).update(
        end_date=incident.occurred_on - dt.timedelta(days=1))
    assert record(admin, incident, person).deployment_id is None


def test_repatriation_ends_the_tour_on_the_departure_day_in_the_same_audited_transaction(admin, incident, on_tour):
    person, deployment = on_tour
    casualty = record(admin, incident, person)
    departs = incident.occurred_on + dt.timedelta(days=3)
    row = services.repatriation_add(actor=admin, casualty=casualty, data=services.RepatriationData(
        departs_on=departs, route="Bentiu – Juba – Hà Nội"))
    assert row.ended_deployment
    deployment.refresh_from_db()
    assert (deployment.status, deployment.end_date) == ("repatriated", departs)
    change = DeploymentStatusChange.objects.get(deployment=deployment, to_status="repatriated")
    assert incident.reference in change.reason
    assert AuditEvent.objects.filter(action="missions.deployment.transition", target_id=str(deployment.pk)).exists()

    # A second repatriation row (the remains follow later, say) leaves the ended tour alone.
    again = services.repatriation_add(actor=admin, casualty=casualty, data=services.RepatriationData(
        departs_on=departs + dt.timedelta(days=2), route="Juba – Hà Nội"))
    assert not again.ended_deployment


def test_the_casualty_page_and_api_show_the_tour(admin, incident, on_tour, client_for, api_for):
    person, deployment = on_tour
    casualty = record(admin, incident, person)
    page = client_for("admin").get(f"/welfare/casualties/{casualty.pk}/")
    assert page.status_code == 200
    assert 'data-testid="casualty-tour"' in page.content.decode()
    body = api_for("admin").get(f"/api/v1/welfare/casualties/{casualty.pk}/").json()
    assert body["deployment"] == str(deployment.pk)
