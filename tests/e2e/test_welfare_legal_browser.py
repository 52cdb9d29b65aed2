"""Welfare and legal in the browser: the administrator ticks the notification steps with HTMX (a public
statement before the family is refused on the page), the claims page shows the deadline, the compliance
page shows green and red; a planner without the compartments sees no casualty and no case.
Screenshots go to tests/e2e/artifacts/."""

from __future__ import annotations

import datetime as dt

import pytest

from .signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scenario(structure):
    from peaceops.access.context import system_scope
    from peaceops.demo import legal as demo_legal
    from peaceops.demo import welfare as demo_welfare
    from peaceops.missions.tests.factories import RotationFactory, mission
    from peaceops.org.models import Unit
    from peaceops.people.tests.factories import PersonFactory

    unmiss = mission("UNMISS")
    hospital = Unit.objects.get(code="L2FH-7")
    PersonFactory(level_id=0, owner="VDPO", unit=hospital, family_name="Phan", middle_name="Văn", given_name="Demo")
    RotationFactory(mission=unmiss, unit=hospital, number=3, start_date=dt.date(2026, 12, 15),
                    end_date=dt.date(2027, 12, 28))
    with system_scope("e2e: welfare and legal") as system:
        demo_welfare.load(system)
        demo_legal.load(system)


def test_welfare_and_legal_pages(scenario, open_page, live_server, artifacts):
    from peaceops.welfare.models import Incident

    base = live_server.url
    page, _watch = open_page()
    sign_in(page, base, "admin")
    page.goto(f"{base}/welfare/")
    page.screenshot(path=str(artifacts / "welfare-incidents.png"), full_page=True)
    incident = Incident.objects.unrestricted().get()
    page.goto(f"{base}/welfare/incidents/{incident.pk}/")
    checklist = page.locator("[data-testid=checklist]")
    assert checklist.locator(".step-done").count() == 2
    page.locator("[data-testid=tick-public_statement]").click()
    page.locator("[data-testid=checklist] .step-done").nth(2).wait_for()
    assert page.locator("[data-testid=checklist] .step-done").count() == 3
    page.screenshot(path=str(artifacts / "welfare-incident.png"), full_page=True)
    page.goto(f"{base}/welfare/claims/")
    assert page.locator("[data-testid=deadline]").count() >= 1
    page.screenshot(path=str(artifacts / "welfare-claims.png"), full_page=True)
    page.goto(f"{base}/legal/")
    assert page.locator("text=DEMO-MOU-L2FH-R3").count() == 1
    page.screenshot(path=str(artifacts / "legal-instruments.png"), full_page=True)
    page.goto(f"{base}/legal/compliance/")
    assert page.locator("[data-item=mou_signed][data-ok=yes]").count() == 1
    assert page.locator("[data-item=conduct_training][data-ok=no]").count() == 1
    page.screenshot(path=str(artifacts / "legal-compliance.png"), full_page=True)
    page.goto(f"{base}/legal/cases/")
    page.locator("table a.mono").first.click()
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts / "legal-case.png"), full_page=True)

    other, watch = open_page()
    sign_in(other, base, "planner")
    other.goto(f"{base}/welfare/incidents/{incident.pk}/")
    assert other.locator("[data-testid=casualty]").count() == 0
    other.goto(f"{base}/legal/cases/")
    assert other.locator("table a.mono").count() == 0
    other.screenshot(path=str(artifacts / "legal-cases-planner.png"), full_page=True)


def test_the_family_comes_first_in_the_browser(structure, open_page, live_server):
    from peaceops.access.actor import actor_for_user
    from peaceops.access.marking import Marking
    from peaceops.accounts.models import User
    from peaceops.missions.tests.factories import mission
    from peaceops.org.models import Agency
    from peaceops.people.tests.factories import PersonFactory
    from peaceops.welfare import services

    admin = actor_for_user(User.objects.get(username="admin"))
    vdpo = Agency.objects.get(code="VDPO")
    incident = services.incident_create(actor=admin, data=services.IncidentData(
        occurred_on=dt.date.today(), place="Test road", mission=mission("UNMISS"), incident_type="accident"),
        marking=Marking(level=0, owning_agency_id=vdpo.pk))
    services.casualty_create(actor=admin, incident=incident, person=PersonFactory(level_id=0, owner="VDPO"),
                             status="injured", marking=Marking(level=1, owning_agency_id=vdpo.pk,
                                                               compartments=("CASUALTY",)))
    base = live_server.url
    page, _watch = open_page()
    sign_in(page, base, "admin")
    page.goto(f"{base}/welfare/incidents/{incident.pk}/")
    page.locator("[data-testid=tick-public_statement]").click()
    page.locator("[data-testid=step-error]").wait_for()
    assert page.locator("[data-testid=checklist] .step-done").count() == 0
