"""The UN datasets in the database: loading with provenance, pages, CSV and API."""

import csv
import io

import pytest
from django.urls import reverse

from peaceops.audit.models import AuditEvent
from peaceops.insights import services
from peaceops.insights.models import Contribution, Dataset, Fatality, MissionMonth, YearlyContribution

pytestmark = pytest.mark.django_db
QUICK = ["contributions-yearly", "mission-months", "fatalities", "ranking"]


@pytest.fixture
def public_data(structure, system_actor):
    from peaceops.missions.services import missions_load

    missions_load(actor=system_actor)
    services.datasets_load(actor=system_actor, keys=QUICK)


def test_loading_every_dataset_twice_changes_nothing_the_second_time(structure, system_actor):
    first = services.datasets_load(actor=system_actor)
    assert {r.status for r in first} == {"loaded"}
    counts = {m.__name__: m.objects.count() for m in (Contribution, YearlyContribution, MissionMonth, Fatality)}
    loaded_at = dict(Dataset.objects.values_list("key", "loaded_at"))
    events = AuditEvent.objects.count()
    second = services.datasets_load(actor=system_actor)
    assert {r.status for r in second} == {"unchanged"}
    assert {m.__name__: m.objects.count() for m in (Contribution, YearlyContribution, MissionMonth, Fatality)} == counts
    assert dict(Dataset.objects.values_list("key", "loaded_at")) == loaded_at
    assert AuditEvent.objects.count() == events
    assert counts["Fatality"] == 4_429 and counts["MissionMonth"] == 5_330


def test_each_dataset_keeps_its_provenance_and_cleaning_tally(public_data):
    fatalities = Dataset.objects.get(key="fatalities")
    assert fatalities.source_commit == "8e75c160aa26c36451994577c30a1e5ea09ac7d3"
    assert fatalities.sha256 == "eeb8d8bef3ebfbee65424e62ede466318265ce6d37d5b71476f6868ce9fc7b98"
    assert fatalities.rows_in_file == fatalities.rows_loaded == 4_429
    assert fatalities.cleaning["blank_iso3_kept_unknown"] == 52
    assert "UN" in fatalities.publisher and fatalities.licence_note
    event = AuditEvent.objects.filter(action="insights.dataset.load").order_by("seq").first()
    assert event is not None and event.changes["sha256"]


def test_a_partly_lost_dataset_is_loaded_again_in_full(public_data, system_actor):
    Fatality.objects.filter(mission="UNMISS").delete()
    result = services.dataset_load(actor=system_actor, key="fatalities")
    assert result.status == "loaded" and Fatality.objects.count() == 4_429


def test_no_per_country_fact_is_an_aggregate(structure, system_actor):
    services.dataset_load(actor=system_actor, key="contributions-gender")
    assert not Contribution.objects.filter(country_name="all").exists()
    assert not Contribution.objects.filter(mission="all").exists()
    assert not Contribution.objects.filter(country_name__endswith="'").exists()
    assert Contribution.objects.filter(country_iso3="VNM").count() == 1


def test_the_contributions_page_compares_viet_nam_with_asean(public_data, client_for):
    page = client_for("public").get(reverse("insights:contributions"))
    assert page.status_code == 200
    table = page.context["table"]
    assert table.columns[0] == "VNM" and {"IDN", "MYS", "THA", "KHM"} <= set(table.columns)
    vietnam = dict(zip(table.periods, table.values["VNM"], strict=True))
    assert vietnam["2019"] == 73  # 68 at UNMISS + 5 at MINUSCA
    assert 'id="chart-data"' in page.content.decode()


def test_the_csv_export_is_the_table_behind_the_chart(public_data, client_for):
    response = client_for("public").get(reverse("insights:contributions-export"), {"measure": "women"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][1].startswith("Viet Nam") or rows[0][1].startswith("Việt")
    by_year = {r[0]: r for r in rows[1:]}
    assert (by_year["2019"][1], by_year["2020"][1]) == ("10", "12")  # UNMISS 10 + MINUSCA 0; 11 + 1


def test_the_fatalities_page_states_its_method_and_limits(public_data, client_for):
    page = client_for("planner").get(reverse("insights:fatalities"))
    assert page.status_code == 200
    rows = page.context["with_rate"]
    assert rows and all(r.result.person_years > 0 for r in rows)
    text = page.content.decode()
    assert "1,000" in text or "1.000" in text
    assert page.context["coverage"]["strength_last"].isoformat() == "2017-03-31"


def test_the_sources_page_lists_every_dataset_and_the_mission_fixes(public_data, client_for):
    page = client_for("auditor").get(reverse("insights:datasets"))
    assert page.status_code == 200
    assert len(page.context["datasets"]) == len(QUICK)
    assert any(f["mission"] == "MINUSMA" for f in page.context["mission_fixes"])


@pytest.mark.parametrize("name", ["insights:contributions", "insights:fatalities", "insights:datasets",
                                  "insights:contributions-export"])
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_the_api_gives_the_series_and_the_rates(public_data, api_for):
    api = api_for("public")
    series = api.get("/api/v1/insights/contributions/", {"country": "VNM", "peers": "none"}).json()
    assert [c["code"] for c in series["columns"]] == ["VNM"]
    rates = api.get("/api/v1/insights/fatality-rates/", {"scope": "all"}).json()
    assert rates["pooled"]["rate"] > 0 and rates["missions"]
    assert api.get("/api/v1/insights/datasets/fatalities/").json()["rows_loaded"] == 4_429


@pytest.mark.parametrize("url,query", [
    ("/api/v1/insights/contributions/", {"country": "XXX"}),
    ("/api/v1/insights/contributions/", {"measure": "height"}),
    ("/api/v1/insights/contributions/", {"start": "2020", "end": "2010"}),
    ("/api/v1/insights/contributions/", {"peers": "G77"}),
    ("/api/v1/insights/fatality-rates/", {"scope": "martians"}),
    ("/api/v1/insights/fatality-rates/", {"min_years": "-3"}),
])
def test_the_api_answers_400_with_a_reason_to_bad_input(public_data, api_for, url, query):
    response = api_for("public").get(url, query)
    assert response.status_code == 400 and response.json()


def test_pages_work_before_anything_is_loaded(structure, client_for):
    web = client_for("public")
    for name in ("insights:contributions", "insights:fatalities", "insights:datasets", "missions:list"):
        assert web.get(reverse(name)).status_code == 200, name
