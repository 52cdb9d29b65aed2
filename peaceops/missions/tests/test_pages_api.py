"""Force-generation pages and API as the personas use them."""

import datetime as dt

import pytest
from django.urls import reverse

from peaceops.missions import services
from peaceops.missions.models import Deployment, Requirement, StrengthReturn
from peaceops.org.models import Unit
from peaceops.people.tests.factories import PersonFactory

from .factories import R2_FROM, R2_TO, PledgeFactory, RequirementFactory, RotationFactory, mission, post_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def rotation(structure):
    return RotationFactory(unit=Unit.objects.get(code="L2FH-7"), number=2)


@pytest.fixture
def nominated(rotation, actors):
    requirement = RequirementFactory(rotation=rotation, count=3)
    person = PersonFactory(level_id=1, owner="VDPO", released=("MOD",), given_name="Zxnominee")
    return services.deployment_create(actor=actors["planner"], person=person, rotation=rotation,
                                      requirement=requirement, start_date=R2_FROM, end_date=R2_TO)


@pytest.fixture
def hidden(rotation):
    """A deployment of a SECRET MFA person: the planner (MOD, VDPO) may not see it."""
    person = PersonFactory(level_id=2, owner="MFA", given_name="Zxhidden")
    deployment = Deployment(person=person, rotation=rotation, status="nominated", start_date=R2_FROM,
                            end_date=R2_TO, level_id=2, owning_agency=person.owning_agency)
    deployment.save(force_insert=True)
    return deployment


# -- pages --------------------------------------------------------------------------------------

def test_the_rotation_page_lists_slots_and_deployments_with_their_moves(nominated, hidden, client_for):
    response = client_for("planner").get(reverse("missions:rotation", args=[nominated.rotation_id]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Zxnominee" in text and "Zxhidden" not in text
    assert text.count('data-testid="deployment-row"') == 1
    assert 'value="accepted"' in text and 'value="withdrawn"' in text and 'value="deployed"' not in text
    assert "1 / 3" in text


def test_a_move_over_htmx_returns_the_row_in_its_new_status(nominated, client_for):
    response = client_for("planner").post(
        reverse("missions:deployment-transition", args=[nominated.pk]),
        {"to_status": "accepted", "on": "2027-01-10", "version": nominated.version}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-status="accepted"' in response.content.decode()
    assert Deployment.objects.unrestricted().get(pk=nominated.pk).status == "accepted"


def test_a_refused_move_over_htmx_shows_the_reason_in_the_row(nominated, client_for, settings):
    web = client_for("planner")
    web.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = web.post(
        reverse("missions:deployment-transition", args=[nominated.pk]),
        {"to_status": "repatriated", "on": "2027-01-10"}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert 'data-testid="transition-error"' in text and "cannot become" in text
    assert Deployment.objects.unrestricted().get(pk=nominated.pk).status == "nominated"


def test_a_deployment_the_reader_cannot_see_is_a_404_for_its_move(hidden, client_for):
    response = client_for("planner").post(reverse("missions:deployment-transition", args=[hidden.pk]),
                                          {"to_status": "accepted", "on": "2027-01-10"})
    assert response.status_code == 404


def test_the_mission_page_shows_requirements_pledges_rotations_and_strength(nominated, actors, client_for):
    PledgeFactory(mission=mission(), capability="Level-2 hospital")
    services.strength_return_record(actor=actors["planner"], mission=mission(), month=dt.date(2026, 9, 1),
                                    category="troops", gender="F", count=11)
    text = client_for("health").get(reverse("missions:detail", args=[mission().pk])).content.decode()
    for marker in ('data-testid="mission-requirements"', "NURSE", "Level-2 hospital", "R2", "09/2026", ">11<"):
        assert marker in text, marker


def test_a_reader_without_the_role_gets_404_for_the_forms(rotation, client_for):
    web = client_for("health")
    assert web.get(reverse("missions:requirement-create")).status_code == 404
    assert web.get(reverse("missions:rotation-edit", args=[rotation.pk])).status_code == 404


def test_the_planner_creates_a_requirement_from_the_rotation_page(rotation, client_for):
    web = client_for("planner")
    form = web.get(reverse("missions:requirement-create") + f"?rotation={rotation.pk}")
    assert form.status_code == 200 and R2_FROM.isoformat() in form.content.decode()
    response = web.post(reverse("missions:requirement-create"), {
        "mission": "UNMISS", "rotation": str(rotation.pk), "post_type": str(post_type("SURGEON").pk), "count": 6,
        "place": "Bentiu", "start_date": "2027-03-01", "end_date": "2028-02-29", "language": "en",
        "women_target": "0.15"})
    assert response.status_code == 302
    assert Requirement.objects.get().count == 6


def test_a_stale_rotation_edit_shows_what_the_other_officer_saved(rotation, actors, client_for):
    web = client_for("planner")
    services.rotation_update(actor=actors["planner"], rotation=rotation, expected_version=rotation.version,
                             overlap_days=21)
    response = web.post(reverse("missions:rotation-edit", args=[rotation.pk]), {
        "mission": "UNMISS", "kind": "unit", "unit": "L2FH-7", "number": 2, "start_date": "2027-03-01",
        "end_date": "2028-02-29", "overlap_days": 10, "phased_return": "", "version": 1})
    text = response.content.decode()
    assert response.status_code == 200 and 'data-testid="their-changes"' in text and "21" in text


def test_pledges_page_sets_a_level_with_evidence(structure, client_for):
    pledge = PledgeFactory()
    web = client_for("planner")
    response = web.post(reverse("missions:pledge-level", args=[pledge.pk]),
                        {"level": "level_2", "from_date": "2017-11-20", "evidence": "AAV report"})
    assert response.status_code == 302
    text = web.get(reverse("missions:pledges")).content.decode()
    assert "AAV report" in text and 'data-testid="level-now"' in text


def test_the_strength_page_records_a_line_and_draws_the_chart_from_json(structure, client_for):
    mission()
    web = client_for("planner")
    response = web.post(reverse("missions:strength"), {"mission": "UNMISS", "month": "2026-09", "category": "troops",
                                                       "gender": "F", "count": 12})
    assert response.status_code == 302 and StrengthReturn.objects.get().month == dt.date(2026, 9, 1)
    text = web.get(reverse("missions:strength") + "?mission=UNMISS").content.decode()
    assert 'id="strength-chart-data"' in text and "09/2026" in text and "<script>" not in text


def test_a_bad_strength_line_is_shown_next_to_its_field(structure, client_for):
    mission()
    response = client_for("planner").post(reverse("missions:strength"), {
        "mission": "UNMISS", "month": "not a month", "category": "troops", "gender": "F", "count": -3})
    assert response.status_code == 200 and 'class="invalid-feedback d-block"' in response.content.decode()
    assert not StrengthReturn.objects.exists()


@pytest.mark.parametrize("people", [2, 12])
def test_the_rotation_page_reads_in_a_fixed_number_of_queries(rotation, actors, client_for, people,
                                                              django_assert_max_num_queries):
    requirement = RequirementFactory(rotation=rotation, count=30)
    for _ in range(people):
        person = PersonFactory(level_id=1, owner="VDPO", released=("MOD",))
        services.deployment_create(actor=actors["planner"], person=person, rotation=rotation,
                                   requirement=requirement, start_date=R2_FROM, end_date=R2_TO)
    web = client_for("planner")
    with django_assert_max_num_queries(23):
        assert web.get(reverse("missions:rotation", args=[rotation.pk])).status_code == 200


# -- API ----------------------------------------------------------------------------------------

def test_the_api_creates_a_requirement_and_refuses_a_bad_one_with_400(rotation, api_for):
    api = api_for("planner")
    url = reverse("api:mission-requirement-list")
    good = {"mission": "UNMISS", "rotation": str(rotation.pk), "post_type": post_type("NURSE").code, "count": 20,
            "start_date": "2027-03-01", "end_date": "2028-02-29", "women_target": "0.150"}
    created = api.post(url, good, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["count"] == 20
    for bad in ({"count": 0}, {"end_date": "2020-01-01"}, {"women_target": "2"}, {"mission": "NOPE"},
                {"count": 10**12}):
        response = api.post(url, good | bad, format="json")
        assert response.status_code == 400, (bad, response.content)
    assert api.get(url, {"active_on": "not-a-date"}).status_code == 400
    assert api.get(url, {"mission": "unmiss"}).json()["count"] == 1


def test_the_api_update_needs_the_current_version(rotation, api_for):
    requirement = RequirementFactory(rotation=rotation)
    url = reverse("api:mission-requirement-detail", args=[requirement.pk])
    api = api_for("planner")
    assert api.patch(url, {"count": 4, "version": 1}, format="json").status_code == 200
    assert api.patch(url, {"count": 5, "version": 1}, format="json").status_code == 409


def test_the_api_moves_a_deployment_and_says_why_a_move_is_refused(nominated, api_for):
    api = api_for("planner")
    url = reverse("api:mission-deployment-transition", args=[nominated.pk])
    refused = api.post(url, {"to_status": "deployed", "on": "2027-03-01"}, format="json")
    assert refused.status_code == 400 and "to_status" in refused.json()
    moved = api.post(url, {"to_status": "accepted", "on": "2027-01-10"}, format="json")
    assert moved.status_code == 200 and moved.json()["status"] == "accepted"
    detail = api.get(reverse("api:mission-deployment-detail", args=[nominated.pk])).json()
    assert [c["to_status"] for c in detail["changes"]] == ["nominated", "accepted"]


def test_the_api_hides_deployments_the_caller_may_not_see(nominated, hidden, api_for):
    api = api_for("planner")
    listed = api.get(reverse("api:mission-deployment-list")).json()
    assert listed["count"] == 1 and "Zxhidden" not in str(listed)
    assert api.get(reverse("api:mission-deployment-detail", args=[hidden.pk])).status_code == 404
    assert api.post(reverse("api:mission-deployment-transition", args=[hidden.pk]),
                    {"to_status": "accepted", "on": "2027-01-10"}, format="json").status_code == 404


def test_the_api_nominates_only_people_the_caller_sees(rotation, hidden, api_for):
    api = api_for("planner")
    url = reverse("api:mission-deployment-list")
    response = api.post(url, {"person": str(hidden.person_id), "rotation": str(rotation.pk),
                              "start_date": "2027-03-01", "end_date": "2028-02-29"}, format="json")
    assert response.status_code == 400 and "person" in response.json()
    visible = PersonFactory(level_id=1, owner="VDPO")
    response = api.post(url, {"person": str(visible.pk), "rotation": str(rotation.pk),
                              "start_date": "2027-03-01", "end_date": "2028-02-29"}, format="json")
    assert response.status_code == 201, response.content


def test_the_api_pledge_levels_and_strength_returns(structure, api_for):
    mission()
    api = api_for("planner")
    pledge = api.post(reverse("api:mission-pledge-list"), {"unit": "L2FH-7", "capability": "Level-2 hospital",
                                                           "personnel": 63, "registered_on": "2017-03-15"},
                      format="json")
    assert pledge.status_code == 201, pledge.content
    level = api.post(reverse("api:mission-pledge-levels", args=[pledge.json()["id"]]),
                     {"level": "level_2", "from_date": "2017-11-20", "evidence": "AAV"}, format="json")
    assert level.status_code == 201 and level.json()["levels"][0]["level"] == "level_2"
    url = reverse("api:mission-strength-return-list")
    line = {"mission": "UNMISS", "month": "2026-09-17", "category": "troops", "gender": "F", "count": 11}
    assert api.post(url, line, format="json").status_code == 201
    assert api.post(url, line | {"count": 12}, format="json").status_code == 200
    assert api.get(url, {"mission": "UNMISS"}).json()["results"][0]["month"] == "2026-09-01"
    assert api.post(url, line | {"category": "generals"}, format="json").status_code == 400


def test_the_api_refuses_writes_without_the_role(rotation, api_for):
    response = api_for("health").post(reverse("api:mission-rotation-list"), {
        "mission": "UNMISS", "unit": "L2FH-7", "number": 7, "start_date": "2027-03-01", "end_date": "2028-02-29"},
        format="json")
    assert response.status_code == 403


@pytest.mark.parametrize("people", [2, 15])
def test_the_deployment_list_reads_in_a_fixed_number_of_queries(rotation, actors, api_for, people,
                                                                 django_assert_max_num_queries):
    for _ in range(people):
        person = PersonFactory(level_id=1, owner="VDPO", released=("MOD",))
        services.deployment_create(actor=actors["planner"], person=person, rotation=rotation,
                                   start_date=R2_FROM, end_date=R2_TO)
    api = api_for("planner")
    with django_assert_max_num_queries(6):
        assert api.get(reverse("api:mission-deployment-list")).json()["count"] == people
