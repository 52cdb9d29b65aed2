"""Unit readiness through the API, the evidence form and the CLI: each PCRS criterion on both sides of its
rule, the evidence service audited, bad input a 400 with its reason, and what a reader may not see a 404."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from peaceops.access.marking import Marking
from peaceops.audit.models import AuditEvent
from peaceops.core.errors import ServiceError
from peaceops.missions.models import PledgeLevel
from peaceops.missions.tests.factories import PledgeFactory
from peaceops.org.models import Unit
from peaceops.readiness import eligibility as engine
from peaceops.readiness.unit_models import UnitReadinessEvidence
from peaceops.readiness.units import evidence_record, unit_readiness

from .conftest import TOUR_FROM, TOUR_TO, nurse

pytestmark = pytest.mark.django_db
TOUR = engine.Tour(TOUR_FROM, TOUR_TO)
TOUR_QUERY = {"from": TOUR_FROM.isoformat(), "to": TOUR_TO.isoformat()}


@pytest.fixture(autouse=True)
def _english():
    """Messages read in English (the default language is Vietnamese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def hospital(reference):
    return Unit.objects.get(code="L2FH-7")


def _own(actor, level=0):
    return Marking(level=level, owning_agency_id=sorted(actor.agency_ids, key=str)[0])


def _record(actor, unit, criterion, *, outcome="met", on=dt.date(2026, 6, 1), level=0, **extra):
    return evidence_record(actor=actor, unit=unit, criterion=criterion, outcome=outcome, on=on,
                           evidence=extra.pop("evidence", f"{criterion} report"), marking=_own(actor, level), **extra)


def _met(readiness) -> dict:
    return {criterion.code: criterion.met for criterion in readiness.criteria}


# -- the service -----------------------------------------------------------------------------------

def test_recording_evidence_keeps_who_when_and_the_document_and_is_audited(hospital, actors):
    planner = actors["planner"]
    item = _record(planner, hospital, "aav_passed", reference="AAV/2026/014", assessed_by="UN DPO/FGS AAV team")
    assert item.recorded_by_id == planner.user_id and item.assessed_by == "UN DPO/FGS AAV team"
    event = AuditEvent.objects.get(action="readiness.unit_evidence.create")
    assert event.changes["reference"] == "AAV/2026/014" and event.changes["assessed_by"] == "UN DPO/FGS AAV team"
    assert event.changes["unit"] == "L2FH-7"
    evidence = unit_readiness(actor=planner, unit=hospital, tour=TOUR).criteria[1].evidence[0]
    assert evidence["recorded_by"] == "planner" and evidence["reference"] == "AAV/2026/014"


def test_evidence_may_be_dated_today_but_not_tomorrow_and_a_refusal_writes_nothing(hospital, actors):
    today = timezone.localdate()
    _record(actors["planner"], hospital, "pledge_registered", on=today)
    with pytest.raises(ServiceError) as refused:
        _record(actors["planner"], hospital, "pledge_registered", on=today + dt.timedelta(days=1))
    assert refused.value.field == "on"
    with pytest.raises(ServiceError) as refused:
        _record(actors["planner"], hospital, "pledge_registered", evidence="   ")
    assert refused.value.field == "evidence"
    assert UnitReadinessEvidence.objects.unrestricted().count() == 1
    assert AuditEvent.objects.filter(action="readiness.unit_evidence.create").count() == 1


def test_a_unit_without_a_table_of_organisation_takes_no_evidence(hospital, actors):
    bare = Unit.objects.filter(table_posts__isnull=True).first()
    with pytest.raises(ServiceError) as refused:
        _record(actors["planner"], bare, "pledge_registered")
    assert refused.value.field == "unit"


# -- each criterion, both sides ------------------------------------------------------------------------

def test_pledge_registered_is_met_by_a_registered_pledge_and_not_by_an_unregistered_one(hospital, actors):
    PledgeFactory(unit=hospital, capability="Level-2 hospital", registered_on=None)
    assert _met(unit_readiness(actor=actors["planner"], unit=hospital, tour=TOUR))["pledge_registered"] is False
    PledgeFactory(unit=hospital, capability="Level-2 hospital (2)", registered_on=dt.date(2025, 1, 15))
    readiness = unit_readiness(actor=actors["planner"], unit=hospital, tour=TOUR)
    assert _met(readiness)["pledge_registered"] is True and readiness.level == "level_1"


def test_a_pledge_level_step_counts_from_its_first_day_not_before(hospital, actors):
    pledge = PledgeFactory(unit=hospital, registered_on=dt.date(2025, 1, 15))
    PledgeLevel.objects.create(pledge=pledge, level="level_2", from_date=dt.date(2026, 4, 1), evidence="AAV passed")
    day_before = unit_readiness(actor=actors["planner"], unit=hospital, tour=TOUR, today=dt.date(2026, 3, 31))
    first_day = unit_readiness(actor=actors["planner"], unit=hospital, tour=TOUR, today=dt.date(2026, 4, 1))
    assert _met(day_before)["aav_passed"] is False and day_before.level == "level_1"
    assert _met(first_day)["aav_passed"] is True and first_day.level == "level_2"
    assert _met(first_day)["requirement_matched"] is False  # a level-2 step says nothing about level 3


@pytest.mark.parametrize("criterion", ["pledge_registered", "aav_passed", "requirement_matched", "rdl_verified"])
def test_the_latest_recorded_evidence_decides_a_criterion(hospital, actors, criterion):
    planner = actors["planner"]
    _record(planner, hospital, criterion, outcome="met", on=dt.date(2026, 5, 1))
    assert _met(unit_readiness(actor=planner, unit=hospital, tour=TOUR))[criterion] is True
    _record(planner, hospital, criterion, outcome="not_met", on=dt.date(2026, 5, 2))
    assert _met(unit_readiness(actor=planner, unit=hospital, tour=TOUR))[criterion] is False
    _record(planner, hospital, criterion, outcome="met", on=dt.date(2026, 5, 3))
    assert _met(unit_readiness(actor=planner, unit=hospital, tour=TOUR))[criterion] is True


def test_each_level_needs_its_criterion_and_every_lower_one(hospital, actors):
    planner = actors["planner"]

    def level():
        return unit_readiness(actor=planner, unit=hospital, tour=TOUR).level

    _record(planner, hospital, "rdl_verified")  # the top criterion alone reaches nothing
    assert level() is None
    _record(planner, hospital, "pledge_registered")
    assert level() == "level_1"
    _record(planner, hospital, "aav_passed")
    assert level() == "level_2"
    _record(planner, hospital, "requirement_matched")  # with the verification already met: the top level
    assert level() == "rapid_deployment"
    _record(planner, hospital, "aav_passed", outcome="not_met", on=dt.date(2026, 7, 1))
    assert level() == "level_1"


# -- the API ----------------------------------------------------------------------------------------------

def test_the_api_lists_units_with_their_readiness_and_details_one(hospital, api_for):
    nurse(marker="Api1", unit=hospital)
    api = api_for("planner")
    listing = api.get("/api/v1/readiness/units/", TOUR_QUERY)
    assert listing.status_code == 200
    row = next(u for u in listing.json()["units"] if u["unit"]["code"] == "L2FH-7")
    assert row["posts"] == 63 and row["filled"] == 1 and row["members"] == 1 and row["level"] is None
    detail = api.get("/api/v1/readiness/units/L2FH-7/", TOUR_QUERY)
    body = detail.json()
    assert detail.status_code == 200 and body["tour"] == {"start": "2027-03-01", "end": "2028-02-29"}
    nurses = next(line for line in body["lines"] if line["post_code"] == "NURSE")
    assert nurses["post_type"] == "NURSE" and nurses["count"] == 20
    assert sum(gap["gap"] for gap in body["gaps"]) == body["gap"] == body["assessed_posts"] - 1
    assert [c["criterion"] for c in body["criteria"]] == ["pledge_registered", "aav_passed", "requirement_matched",
                                                          "rdl_verified"]
    assert api.get("/api/v1/readiness/units/NOPE/").status_code == 404
    bad = api.get("/api/v1/readiness/units/L2FH-7/", {"from": "2027-13-01"})
    assert bad.status_code == 400 and "from" in bad.json()


def test_posting_evidence_through_the_api_records_it_and_bad_input_is_a_400(hospital, api_for):
    api = api_for("mfa")
    url = "/api/v1/readiness/units/L2FH-7/evidence/"
    good = {"criterion": "aav_passed", "outcome": "met", "on": "2026-06-01", "evidence": "AAV report: passed",
            "reference": "AAV/2026/014", "assessed_by": "UN AAV team",
            "marking": {"level": "CONFIDENTIAL", "owning_agency": "MFA", "releasable_to": ["MOD"]}}
    created = api.post(url, good, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["recorded_by"] == "mfa" and created.json()["marking"]["level"] == "CONFIDENTIAL"
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    for change, field in [({"criterion": "nonsense"}, "criterion"), ({"on": tomorrow}, "on"), ({"on": "1 June"}, "on"),
                          ({"evidence": ""}, "evidence"), ({"reference": "x" * 201}, "reference"),
                          ({"outcome": "maybe"}, "outcome"),
                          ({"marking": {"level": "SECRET", "owning_agency": "NOPE"}}, "marking")]:
        refused = api.post(url, {**good, **change}, format="json")
        assert refused.status_code == 400, (change, refused.content)
        assert field in refused.json(), (change, refused.json())
    above = api.post(url, {**good, "marking": {"level": "TOP_SECRET", "owning_agency": "MFA"}}, format="json")
    assert above.status_code in (400, 403)  # no write up
    assert UnitReadinessEvidence.objects.unrestricted().count() == 1
    assert api.post("/api/v1/readiness/units/NOPE/evidence/", good, format="json").status_code == 404


def test_a_reader_without_the_role_gets_404_for_the_evidence_endpoint_and_form(hospital, api_for, client_for):
    body = {"criterion": "aav_passed", "on": "2026-06-01", "evidence": "x"}
    assert api_for("health").post("/api/v1/readiness/units/L2FH-7/evidence/", body, format="json").status_code == 404
    assert client_for("health").get(reverse("readiness:unit-evidence", args=["L2FH-7"])).status_code == 404
    assert not UnitReadinessEvidence.objects.unrestricted().exists()


def test_evidence_above_the_reader_is_404_absent_from_the_list_and_hidden_in_the_detail(hospital, actors, api_for):
    secret = _record(actors["planner"], hospital, "pledge_registered", level=2, evidence="Secret annex",
                     reference="S-01")
    api = api_for("public")
    assert api.get(f"/api/v1/readiness/unit-evidence/{secret.pk}/").status_code == 404
    assert api.get("/api/v1/readiness/unit-evidence/").json()["count"] == 0
    criterion = api.get("/api/v1/readiness/units/L2FH-7/", TOUR_QUERY).json()["criteria"][0]
    assert criterion["met"] is True
    assert criterion["evidence"] == [{"source": "recorded", "on": "2026-06-01", "hidden": True, "outcome": "met",
                                      "id": None, "text": "", "reference": "", "assessed_by": "", "recorded_by": ""}]
    planner = api_for("planner")
    assert planner.get(f"/api/v1/readiness/unit-evidence/{secret.pk}/").json()["reference"] == "S-01"


# -- the page and the CLI -----------------------------------------------------------------------------------

def test_the_evidence_form_records_evidence_and_names_bad_fields(hospital, client_for):
    web = client_for("planner")
    web.cookies["django_language"] = "en"
    url = reverse("readiness:unit-evidence", args=["L2FH-7"])
    page = web.get(url, {"criterion": "rdl_verified"})
    text = page.content.decode()
    assert page.status_code == 200 and 'value="rdl_verified" selected' in text and 'for="id_assessed_by"' in text
    owner = page.context["form"].fields["owning_agency"].choices[0][0]
    post = {"criterion": "rdl_verified", "outcome": "met", "on": "2026-06-01", "evidence": "RDL visit passed",
            "reference": "RDV/2026/3", "assessed_by": "UN team", "level": "0", "owning_agency": owner}
    refused = web.post(url, {**post, "evidence": ""})
    assert refused.status_code == 400 and "This field is required." in refused.content.decode()
    future = web.post(url, {**post, "on": (timezone.localdate() + dt.timedelta(days=1)).isoformat()})
    assert future.status_code == 400 and "The date cannot be in the future." in future.content.decode()
    done = web.post(url, post)
    assert done.status_code == 302 and done["Location"].endswith("/readiness/units/L2FH-7/#criterion-rdl_verified")
    htmx = web.post(url, {**post, "reference": "RDV/2026/4"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"].endswith("#criterion-rdl_verified")
    assert UnitReadinessEvidence.objects.unrestricted().filter(criterion="rdl_verified").count() == 2
    detail = web.get(reverse("readiness:unit", args=["L2FH-7"]), TOUR_QUERY).content.decode()
    assert "RDV/2026/3" in detail and "recorded by planner" in detail and 'data-testid="record-evidence"' in detail
    assert web.get(reverse("readiness:unit-evidence", args=["NOPE"])).status_code == 404


def test_the_unit_list_page_shows_each_units_figures(hospital, client_for):
    nurse(marker="Lst1", unit=hospital)
    page = client_for("planner").get(reverse("readiness:units"), TOUR_QUERY).content.decode()
    assert 'data-unit="L2FH-7"' in page and "1 / " in page


def test_the_cli_prints_a_units_readiness_and_records_evidence(hospital, actors):
    out = StringIO()
    call_command("readiness", "unit-evidence", "--code", "L2FH-7", "--criterion", "pledge_registered",
                 "--on", "2026-05-01", "--evidence", "Registered", "--reference", "PCRS-77", "--as", "planner",
                 stdout=out)
    assert out.getvalue().startswith("recorded ")
    out = StringIO()
    call_command("readiness", "unit", "--code", "l2fh-7", "--from", "2027-03-01", "--json", "--as", "planner",
                 stdout=out)
    body = json.loads(out.getvalue())
    assert body["posts"] == 63 and body["level"] == "level_1"
    assert body["criteria"][0]["evidence"][0]["reference"] == "PCRS-77"
    with pytest.raises(CommandError):
        call_command("readiness", "unit-evidence", "--code", "L2FH-7", "--criterion", "aav_passed",
                     "--on", "2026-05-01", "--evidence", "x", "--as", "health")
    with pytest.raises(CommandError):
        call_command("readiness", "unit", "--code", "NOPE", "--as", "planner")
