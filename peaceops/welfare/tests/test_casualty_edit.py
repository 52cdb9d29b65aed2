"""Editing a casualty's status and next steps on its page and through the API (PATCH with the version):
allowed to welfare writers who see it, refused on a stale version without writing, 404 to those who may not
see it or may not change it."""

import pytest
from django.urls import reverse

from peaceops.audit.models import AuditEvent
from peaceops.welfare import services
from peaceops.welfare.models import Casualty

from .conftest import open_marking

pytestmark = pytest.mark.django_db

STALE = "Someone else saved this record after you opened it"


@pytest.fixture
def casualty(make_casualty, person):
    return make_casualty(status="injured", person_obj=person)


@pytest.fixture
def reader(make_user):
    """Sees casualty records (CASUALTY compartment) but holds no welfare role: an auditor."""
    return make_user("casualty-reader", level="SECRET", compartments=("CASUALTY",),
                     agencies=("VDPO", "MOD", "MFA", "MPS", "MOH"), roles=("auditor",))


@pytest.fixture
def officer(make_user):
    """A personnel officer who runs casualty affairs (a welfare writer), cleared for CASUALTY."""
    return make_user("casualty-officer", level="SECRET", compartments=("CASUALTY", "PERSONAL-DATA"),
                     agencies=("VDPO", "MOD"), roles=("personnel",))


def fresh(casualty):
    return Casualty.objects.unrestricted().get(pk=casualty.pk)


# --- the page ------------------------------------------------------------------------------------

def test_a_personnel_officer_edits_the_status_and_next_steps_and_the_change_is_audited(casualty, officer,
                                                                                       client_of):
    web = client_of(officer)
    card = web.get(reverse("welfare:casualty", args=[casualty.pk])).content.decode()
    url = reverse("welfare:casualty-edit", args=[casualty.pk])
    assert url in card
    page = web.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Edit casualty status" in text and "Hoàng Thị Thử nghiệm" in text and casualty.incident.reference in text
    assert 'name="version" value="1"' in text and "Escort home; claim." in text
    response = web.post(url, {"status": "seriously_injured", "next_steps": "Evacuate to level 3", "version": 1})
    assert response.status_code == 302 and response["Location"] == reverse("welfare:casualty", args=[casualty.pk])
    saved = fresh(casualty)
    assert (saved.status, saved.next_steps, saved.version) == ("seriously_injured", "Evacuate to level 3", 2)
    event = AuditEvent.objects.filter(action="welfare.casualty.update", target_id=str(casualty.pk)).get()
    assert event.changes["status"] == ["injured", "seriously_injured"]
    assert "Seriously injured" in web.get(reverse("welfare:casualty", args=[casualty.pk])).content.decode()


def test_a_stale_edit_is_refused_with_a_message_and_writes_nothing_over(casualty, admin, client_for):
    web = client_for("admin")
    url = reverse("welfare:casualty-edit", args=[casualty.pk])
    assert 'name="version" value="1"' in web.get(url).content.decode()
    services.casualty_update(actor=admin, casualty=fresh(casualty), status="deceased", next_steps="Their steps",
                             expected_version=1)
    response = web.post(url, {"status": "injured", "next_steps": "My steps", "version": 1})
    assert response.status_code == 200
    assert STALE in response.content.decode()
    saved = fresh(casualty)
    assert (saved.status, saved.next_steps, saved.version) == ("deceased", "Their steps", 2)


def test_an_unknown_status_is_refused_on_the_page(casualty, client_for):
    response = client_for("admin").post(reverse("welfare:casualty-edit", args=[casualty.pk]),
                                        {"status": "recovered", "next_steps": "", "version": 1})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert fresh(casualty).status == "injured"


def test_the_edit_page_is_404_for_an_officer_without_the_casualty_compartment(casualty, client_for):
    web = client_for("planner")
    url = reverse("welfare:casualty-edit", args=[casualty.pk])
    assert web.get(url).status_code == 404
    assert web.post(url, {"status": "deceased", "version": 1}).status_code == 404
    assert fresh(casualty).status == "injured"


def test_a_reader_without_a_welfare_role_sees_the_casualty_but_no_edit_link_and_404_on_edit(casualty, reader,
                                                                                            client_of):
    web = client_of(reader)
    card = web.get(reverse("welfare:casualty", args=[casualty.pk]))
    assert card.status_code == 200
    url = reverse("welfare:casualty-edit", args=[casualty.pk])
    assert url not in card.content.decode()
    assert web.get(url).status_code == 404
    assert web.post(url, {"status": "deceased", "version": 1}).status_code == 404
    assert (fresh(casualty).status, fresh(casualty).version) == ("injured", 1)


# --- the API -------------------------------------------------------------------------------------

def test_patch_changes_the_status_with_the_version_and_a_stale_one_is_409(casualty, officer, api_of):
    api = api_of(officer)
    url = reverse("api:welfare-casualty-detail", args=[casualty.pk])
    missing = api.patch(url, {"status": "deceased"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    done = api.patch(url, {"status": "deceased", "version": 1}, format="json")
    assert done.status_code == 200, done.content
    body = done.json()
    assert (body["status"], body["version"], body["next_steps"]) == ("deceased", 2, "Escort home; claim.")
    assert body["person"] == str(casualty.person_id)
    stale = api.patch(url, {"next_steps": "Late", "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_edit"
    unknown = api.patch(url, {"status": "recovered", "version": 2}, format="json")
    assert unknown.status_code == 400 and "status" in unknown.json()
    saved = fresh(casualty)
    assert (saved.status, saved.next_steps, saved.version) == ("deceased", "Escort home; claim.", 2)


def test_patch_does_not_move_a_casualty_to_another_incident_or_person(casualty, admin, api_for, unmiss):
    other = services.incident_create(actor=admin, data=services.IncidentData(
        occurred_on=casualty.incident.occurred_on, place="Elsewhere", mission=unmiss, incident_type="illness"),
        marking=open_marking())
    response = api_for("admin").patch(reverse("api:welfare-casualty-detail", args=[casualty.pk]), {
        "incident": str(other.pk), "service_number": "NOPE-1", "next_steps": "Unchanged home", "version": 1},
        format="json")
    assert response.status_code == 200, response.content
    saved = fresh(casualty)
    assert (saved.incident_id, saved.person_id, saved.next_steps) == (casualty.incident_id, casualty.person_id,
                                                                      "Unchanged home")


def test_patch_is_404_without_the_compartment_and_403_without_a_welfare_role(casualty, reader, api_for, api_of):
    url = reverse("api:welfare-casualty-detail", args=[casualty.pk])
    assert api_for("planner").patch(url, {"status": "deceased", "version": 1}, format="json").status_code == 404
    refused = api_of(reader).patch(url, {"status": "deceased", "version": 1}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "not_permitted"
    assert (fresh(casualty).status, fresh(casualty).version) == ("injured", 1)


def test_put_is_not_offered(casualty, api_for):
    url = reverse("api:welfare-casualty-detail", args=[casualty.pk])
    assert api_for("admin").put(url, {"status": "deceased", "version": 1}, format="json").status_code == 405


# --- query counts ---------------------------------------------------------------------------------------

# As measured on SQLite and on PostgreSQL (the same on both): the page, a save on the page, a PATCH.
EDIT_PAGE_QUERIES, SAVE_QUERIES, PATCH_QUERIES = 9, 15, 16


def count_queries(call) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_the_edit_page_and_a_save_cost_a_fixed_number_of_queries(casualty, client_for, api_for):
    web, api = client_for("admin"), api_for("admin")
    page = reverse("welfare:casualty-edit", args=[casualty.pk])
    detail = reverse("api:welfare-casualty-detail", args=[casualty.pk])
    web.get(page)  # warm: session, content types, levels
    api.get(detail)
    shown = count_queries(lambda: web.get(page))
    saved = count_queries(lambda: web.post(page, {"status": "injured", "next_steps": "n1", "version": 1}))
    patched = count_queries(lambda: api.patch(detail, {"next_steps": "n2", "version": 2}, format="json"))
    assert shown <= EDIT_PAGE_QUERIES and saved <= SAVE_QUERIES and patched <= PATCH_QUERIES
    assert (fresh(casualty).next_steps, fresh(casualty).version) == ("n2", 3)
