"""The missions catalogue in the database: loading, status over time, pages and API."""

import datetime as dt

import pytest
from django.urls import reverse

from peaceops.audit.models import AuditEvent
from peaceops.missions import services
from peaceops.missions.models import Mission, MissionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(structure, system_actor):
    services.missions_load(actor=system_actor)
    return {m.acronym: m for m in Mission.objects.all()}


def test_loading_twice_changes_nothing_the_second_time(catalogue, system_actor):
    missions, statuses = Mission.objects.count(), MissionStatus.objects.count()
    versions = dict(Mission.objects.values_list("acronym", "version"))
    events = AuditEvent.objects.count()
    report = services.missions_load(actor=system_actor)
    assert report.changes == 0 and report.unchanged == 81
    assert (Mission.objects.count(), MissionStatus.objects.count()) == (missions, statuses) == (81, 149)
    assert dict(Mission.objects.values_list("acronym", "version")) == versions
    assert AuditEvent.objects.count() == events


def test_every_created_mission_is_audited(catalogue):
    assert AuditEvent.objects.filter(action="missions.mission.create").count() == 81
    assert AuditEvent.objects.filter(action="missions.status.create").count() == 149


def test_a_changed_record_is_put_back_and_the_change_audited(catalogue, system_actor):
    Mission.objects.filter(acronym="MINUSMA").update(end_date=None)
    report = services.missions_load(actor=system_actor)
    assert report.changed == ["MINUSMA"]
    assert Mission.objects.get(acronym="MINUSMA").end_date == dt.date(2023, 12, 31)
    assert AuditEvent.objects.filter(action="missions.mission.update").count() == 1


def test_a_reader_without_the_admin_role_cannot_write_the_catalogue(catalogue, actors):
    from peaceops.core.errors import NotPermitted

    with pytest.raises(NotPermitted):
        services.mission_upsert(actor=actors["planner"], acronym="UNXX", values={"name": "x"})


def test_status_over_time_follows_the_history(catalogue):
    minusma = Mission.objects.with_status_on(dt.date(2023, 6, 1)).get(acronym="MINUSMA")
    assert minusma.status_now == "active"
    assert Mission.objects.with_status_on(dt.date(2024, 1, 1)).get(acronym="MINUSMA").status_now == "closed"
    assert Mission.objects.with_status_on(dt.date(2026, 12, 31)).get(acronym="UNIFIL").status_now == "active"
    assert Mission.objects.with_status_on(dt.date(2027, 1, 1)).get(acronym="UNIFIL").status_now == "drawdown"
    assert Mission.objects.with_status_on(dt.date(2020, 1, 1)).get(acronym="UNOHCI").status_now == "closed"
    assert catalogue["UNIFIL"].status_on(dt.date(2027, 2, 1)) == "drawdown"


def test_missions_operating_on_a_date(catalogue):
    on_2024 = set(Mission.objects.active_on(dt.date(2024, 6, 1)).values_list("acronym", flat=True))
    assert len(on_2024) == 11 and "MINUSMA" not in on_2024
    assert "MINUSMA" in set(Mission.objects.active_on(dt.date(2023, 12, 31)).values_list("acronym", flat=True))


def test_the_list_page_filters_sorts_and_searches(catalogue, client_for):
    web = client_for("public")
    page = web.get(reverse("missions:list"), {"status": "active", "sort": "-start", "per_page": 100})
    assert page.status_code == 200
    rows = list(page.context["page_obj"])
    assert len(rows) == 11 and rows[0].acronym == "MINUSCA"
    assert [m.acronym for m in web.get(reverse("missions:list"), {"q": "somalia"}).context["page_obj"]] == [
        "UNOSOM", "UNOSOM I", "UNOSOM II"]
    by_region = web.get(reverse("missions:list"), {"region": "South-Eastern Asia", "per_page": 100})
    assert {m.acronym for m in by_region.context["page_obj"]} >= {"UNTAC", "UNTAET", "UNMIT"}
    on_date = web.get(reverse("missions:list"), {"active_on": "1993-06-01", "per_page": 100})
    assert "UNTAC" in {m.acronym for m in on_date.context["page_obj"]}


def test_the_list_page_shows_pages_of_25(catalogue, client_for):
    page = client_for("public").get(reverse("missions:list"))
    assert len(page.context["page_obj"]) == 25 and page.context["page_obj"].paginator.count == 81


def test_a_bad_filter_on_the_page_is_reported_not_a_server_error(catalogue, client_for):
    page = client_for("public").get(reverse("missions:list"), {"status": "exploded", "active_on": "notadate"})
    assert page.status_code == 200


def test_the_mission_page_shows_its_history(catalogue, client_for):
    page = client_for("mfa").get(reverse("missions:detail", args=[catalogue["MINUSMA"].pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "31/12/2023" in text and "MINUSMA" in text


@pytest.mark.parametrize("name", ["missions:list"])
def test_anonymous_visitors_are_sent_to_sign_in(catalogue, client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    detail = client.get(reverse("missions:detail", args=[catalogue["UNMISS"].pk]))
    assert detail.status_code == 302


def test_the_api_lists_filters_and_shows_one_mission(catalogue, api_for):
    api = api_for("public")
    listed = api.get("/api/v1/missions/", {"status": "active"}).json()
    assert listed["count"] == 11
    one = api.get(f"/api/v1/missions/{catalogue['MINUSMA'].pk}/").json()
    assert one["end_date"] == "2023-12-31" and one["status_today"] == "closed"
    assert [s["status"] for s in one["statuses"]] == ["active", "closed"]


@pytest.mark.parametrize("query", [{"status": "exploded"}, {"active_on": "31/31/2020"}, {"region": "Atlantis"},
                                   {"lead_department": "XYZ"}])
def test_the_api_answers_400_to_a_bad_filter(catalogue, api_for, query):
    response = api_for("public").get("/api/v1/missions/", query)
    assert response.status_code == 400


def test_the_api_needs_sign_in(catalogue, client):
    assert client.get("/api/v1/missions/").status_code in (401, 403)
