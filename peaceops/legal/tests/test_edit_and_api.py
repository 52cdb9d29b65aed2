"""Editing an instrument on its page and through the API; recording cases and compliance items through the
API; a case's step refused with a JSON reason. Every write is refused on a stale version without writing."""

import datetime as dt

import pytest
from django.urls import reverse

from peaceops.access.marking import Marking
from peaceops.audit.models import AuditEvent
from peaceops.legal import services
from peaceops.legal.models import CaseTransition, ComplianceRecord, DisciplineCase, Instrument
from peaceops.missions.tests.factories import RotationFactory, mission
from peaceops.org.models import Agency

pytestmark = pytest.mark.django_db

D = dt.date
STALE = "Someone else saved this record after you opened it"


def marking(level=0, compartments=()):
    agencies = {a.code: a for a in Agency.objects.all()}
    return Marking(level=level, owning_agency_id=agencies["VDPO"].pk, compartments=compartments,
                   releasable_to=tuple(agencies[c] for c in ("MOD", "MFA", "MOH", "MPS")))


def api_marking(level="UNCLASSIFIED", compartments=()):
    return {"level": level, "owning_agency": "VDPO", "compartments": list(compartments),
            "releasable_to": ["MOD", "MFA", "MOH", "MPS"]}


@pytest.fixture
def decision(structure, actors):
    """An unclassified national decision every persona sees (only legal writers may change it)."""
    return services.instrument_create(actor=actors["admin"], data=services.InstrumentData(
        reference="T-QD-9", title="Decision on participation", kind="national_decision", status="signed",
        parties="Government", signed_on=D(2026, 1, 1)), marking=marking(0))


@pytest.fixture
def secret_mou(structure, actors):
    rotation = RotationFactory(number=4, start_date=dt.date.today() + dt.timedelta(days=20),
                               end_date=dt.date.today() + dt.timedelta(days=380))
    return services.instrument_create(actor=actors["admin"], data=services.InstrumentData(
        reference="T-MOU-9", title="MOU for the hospital", kind="mou", status="signed", parties="UN; MOD",
        rotation=rotation, signed_on=D(2026, 1, 1)), marking=marking(2))


@pytest.fixture
def adviser(make_user):
    """A legal adviser: the role that writes instruments and cases, with the DISCIPLINE compartment."""
    return make_user("adviser", level="SECRET", compartments=("DISCIPLINE",), roles=("legal",))


def form_values(instrument, **changes):
    values = {"reference": instrument.reference, "title": instrument.title, "kind": instrument.kind,
              "status": instrument.status, "parties": instrument.parties,
              "mission": instrument.mission.acronym if instrument.mission_id else "",
              "unit": instrument.unit.code if instrument.unit_id else "",
              "signed_on": instrument.signed_on.isoformat() if instrument.signed_on else "",
              "in_force_on": instrument.in_force_on.isoformat() if instrument.in_force_on else "",
              "expires_on": "", "notes": instrument.notes, "version": instrument.version}
    return {**values, **changes}


# --- the edit page --------------------------------------------------------------------------------

def test_a_legal_adviser_edits_an_instrument_and_the_change_is_audited(decision, adviser, client_of):
    web = client_of(adviser)
    detail = web.get(reverse("legal:instrument", args=[decision.pk])).content.decode()
    assert reverse("legal:instrument-edit", args=[decision.pk]) in detail
    page = web.get(reverse("legal:instrument-edit", args=[decision.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Edit legal instrument" in text and 'value="Decision on participation"' in text
    assert 'name="version" value="1"' in text
    response = web.post(reverse("legal:instrument-edit", args=[decision.pk]), form_values(
        decision, status="in_force", in_force_on="2026-01-15", title="Decision on participation (amended)"))
    assert response.status_code == 302 and response["Location"] == reverse("legal:instrument", args=[decision.pk])
    decision.refresh_from_db()
    assert (decision.status, decision.in_force_on, decision.version) == ("in_force", D(2026, 1, 15), 2)
    assert decision.title == "Decision on participation (amended)"
    event = AuditEvent.objects.filter(action="legal.instrument.update", target_id=str(decision.pk)).get()
    assert event.changes["status"] == ["signed", "in_force"]


def test_a_stale_edit_is_refused_with_a_message_and_writes_nothing_over(decision, actors, client_for):
    web = client_for("admin")
    opened = web.get(reverse("legal:instrument-edit", args=[decision.pk]))
    assert 'name="version" value="1"' in opened.content.decode()
    # Someone else saves first.
    services.instrument_update(actor=actors["admin"], instrument=Instrument.objects.unrestricted().get(pk=decision.pk),
                               data=services.InstrumentData(reference="T-QD-9", title="Their title",
                                                            kind="national_decision", status="signed",
                                                            parties="Government", signed_on=D(2026, 1, 1)),
                               expected_version=1)
    response = web.post(reverse("legal:instrument-edit", args=[decision.pk]),
                        form_values(decision, title="My title", version=1))
    assert response.status_code == 200
    assert STALE in response.content.decode()
    decision.refresh_from_db()
    assert (decision.title, decision.version) == ("Their title", 2)


def test_a_refused_edit_shows_the_reason_on_the_field_and_changes_nothing(decision, client_for):
    response = client_for("admin").post(reverse("legal:instrument-edit", args=[decision.pk]), form_values(
        decision, status="in_force", in_force_on="2025-12-01"))
    assert response.status_code == 200
    assert "cannot enter into force before it is signed" in response.content.decode()
    decision.refresh_from_db()
    assert (decision.status, decision.in_force_on, decision.version) == ("signed", None, 1)


def test_an_edit_keeps_the_rotation_the_page_does_not_show(secret_mou, client_for):
    rotation_id = secret_mou.rotation_id
    response = client_for("admin").post(reverse("legal:instrument-edit", args=[secret_mou.pk]),
                                        form_values(secret_mou, notes="Annex B attached"))
    assert response.status_code == 302
    secret_mou.refresh_from_db()
    assert (secret_mou.rotation_id, secret_mou.notes) == (rotation_id, "Annex B attached")


def test_the_edit_page_is_404_for_a_reader_who_may_not_see_the_instrument(secret_mou, client_for):
    web = client_for("auditor")  # CONFIDENTIAL; the MOU is SECRET
    url = reverse("legal:instrument-edit", args=[secret_mou.pk])
    assert web.get(url).status_code == 404
    assert web.post(url, form_values(secret_mou, title="x")).status_code == 404
    secret_mou.refresh_from_db()
    assert secret_mou.title == "MOU for the hospital"


def test_a_reader_without_a_legal_role_sees_the_instrument_but_no_edit_link_and_404_on_edit(decision, client_for):
    web = client_for("planner")
    detail = web.get(reverse("legal:instrument", args=[decision.pk]))
    assert detail.status_code == 200
    assert reverse("legal:instrument-edit", args=[decision.pk]) not in detail.content.decode()
    url = reverse("legal:instrument-edit", args=[decision.pk])
    assert web.get(url).status_code == 404
    assert web.post(url, form_values(decision, title="Planner's title")).status_code == 404
    decision.refresh_from_db()
    assert (decision.title, decision.version) == ("Decision on participation", 1)


# --- instruments in the API -------------------------------------------------------------------------

def test_the_api_records_an_instrument_and_a_rotation_gives_its_mission_and_unit(structure, api_of, adviser):
    rotation = RotationFactory(number=5, start_date=D(2027, 1, 10), end_date=D(2028, 1, 9))
    api = api_of(adviser)
    response = api.post(reverse("api:legal-instrument-list"), {
        "reference": "T-MOU-API", "title": "MOU by API", "kind": "mou", "status": "signed", "parties": "UN; MOD",
        "rotation": str(rotation.pk), "signed_on": "2026-11-01", "marking": api_marking("CONFIDENTIAL")},
        format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["mission"], body["unit"], body["version"]) == (rotation.mission.acronym, rotation.unit.code, 1)
    assert body["marking"]["level"] == "CONFIDENTIAL"
    assert Instrument.objects.unrestricted().filter(reference="T-MOU-API").exists()


def test_the_api_refuses_a_bad_instrument_with_a_json_reason(structure, api_for):
    api = api_for("admin")
    url = reverse("api:legal-instrument-list")
    sofa = api.post(url, {"reference": "T-X1", "title": "t", "kind": "sofa_soma", "parties": "p",
                          "marking": api_marking()}, format="json")
    assert sofa.status_code == 400
    assert "SOFA or SOMA is agreed for a mission" in sofa.json()["mission"][0]
    unmarked = api.post(url, {"reference": "T-X2", "title": "t", "kind": "national_decision", "parties": "p"},
                        format="json")
    assert unmarked.status_code == 400 and "marking" in unmarked.json()
    unknown = api.post(url, {"reference": "T-X3", "title": "t", "kind": "treaty", "parties": "p",
                             "marking": api_marking()}, format="json")
    assert unknown.status_code == 400 and "kind" in unknown.json()
    assert not Instrument.objects.unrestricted().filter(reference__startswith="T-X").exists()


def test_a_reader_without_a_legal_role_cannot_record_or_edit_an_instrument_by_api(decision, api_for):
    api = api_for("planner")
    created = api.post(reverse("api:legal-instrument-list"), {
        "reference": "T-P1", "title": "t", "kind": "national_decision", "parties": "p", "marking": api_marking()},
        format="json")
    assert created.status_code == 403 and created.json()["code"] == "not_permitted"
    patched = api.patch(reverse("api:legal-instrument-detail", args=[decision.pk]), {"title": "x", "version": 1},
                        format="json")
    assert patched.status_code == 403
    decision.refresh_from_db()
    assert (decision.title, decision.version) == ("Decision on participation", 1)


def test_patching_an_instrument_needs_the_version_and_a_stale_one_is_409(decision, api_for):
    api = api_for("admin")
    url = reverse("api:legal-instrument-detail", args=[decision.pk])
    missing = api.patch(url, {"title": "No version"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    done = api.patch(url, {"status": "in_force", "in_force_on": "2026-02-01", "version": 1}, format="json")
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["version"], done.json()["title"]) == (
        "in_force", 2, "Decision on participation")
    stale = api.patch(url, {"title": "Stale title", "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_edit"
    refused = api.patch(url, {"expires_on": "2025-01-01", "version": 2}, format="json")
    assert refused.status_code == 400 and "expiry cannot come before" in refused.json()["expires_on"][0]
    decision.refresh_from_db()
    assert (decision.title, decision.version, decision.expires_on) == ("Decision on participation", 2, None)


def test_an_instrument_the_caller_may_not_see_is_404_in_the_api(secret_mou, api_for):
    api = api_for("auditor")
    url = reverse("api:legal-instrument-detail", args=[secret_mou.pk])
    assert api.get(url).status_code == 404
    assert api.patch(url, {"title": "x", "version": 1}, format="json").status_code == 404


# --- discipline cases in the API -----------------------------------------------------------------------

def test_the_api_records_a_discipline_case_in_its_compartment(structure, adviser, api_of):
    api = api_of(adviser)
    url = reverse("api:legal-case-list")
    response = api.post(url, {"mission": mission().acronym, "category": "minor", "allegation": "Late to post",
                              "reported_on": "2026-06-03", "marking": api_marking("CONFIDENTIAL", ["DISCIPLINE"])},
                        format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"] == "CD-2026-001" and body["status"] == "reported"
    assert body["marking"]["compartments"] == ["DISCIPLINE"]
    outside = api.post(url, {"mission": mission().acronym, "category": "minor", "allegation": "x",
                             "reported_on": "2026-06-03", "marking": api_marking("CONFIDENTIAL")}, format="json")
    assert outside.status_code == 400 and "DISCIPLINE compartment" in outside.json()["compartments"][0]
    nobody = api.post(url, {"mission": mission().acronym, "category": "minor", "allegation": "x",
                            "reported_on": "2026-06-03", "service_number": "NOPE-1",
                            "marking": api_marking("CONFIDENTIAL", ["DISCIPLINE"])}, format="json")
    assert nobody.status_code == 400 and "service_number" in nobody.json()
    assert DisciplineCase.objects.unrestricted().count() == 1


def test_a_reader_without_a_legal_role_cannot_record_a_case_by_api(structure, api_for):
    response = api_for("planner").post(reverse("api:legal-case-list"), {
        "mission": mission().acronym, "category": "minor", "allegation": "x", "reported_on": "2026-06-03",
        "marking": api_marking("CONFIDENTIAL", ["DISCIPLINE"])}, format="json")
    assert response.status_code == 403
    assert not DisciplineCase.objects.unrestricted().exists()


@pytest.fixture
def case(structure, actors):
    return services.case_create(actor=actors["admin"], data=services.CaseData(
        mission=mission(), category="minor", allegation="Zq-allegation-text", reported_on=D(2026, 6, 3)),
        marking=marking(1, ("DISCIPLINE",)))


def test_a_refused_step_answers_400_with_the_reason_and_a_stale_one_409(case, api_for):
    api = api_for("admin")
    url = reverse("api:legal-case-steps", args=[case.pk])
    wrong = api.post(url, {"step": "close", "un_notified_on": "2026-06-05"}, format="json")
    assert wrong.status_code == 400
    assert "cannot be taken from the case's present status" in wrong.json()["detail"]
    lacking = api.post(url, {"step": "open_investigation"}, format="json")
    assert lacking.status_code == 400 and "Say who investigates" in lacking.json()["investigation"][0]
    taken = api.post(url, {"step": "open_investigation", "investigation": "NIO", "on": "2026-06-04",
                           "version": 1}, format="json")
    assert taken.status_code == 200, taken.content
    assert (taken.json()["from_status"], taken.json()["to_status"]) == ("reported", "investigating")
    stale = api.post(url, {"step": "conclude", "outcome": "substantiated", "findings": "Reprimand",
                           "on": "2026-06-05", "version": 1}, format="json")
    assert stale.status_code == 409
    case.refresh_from_db()
    assert (case.status, case.version) == ("investigating", 2)
    assert CaseTransition.objects.filter(case=case).count() == 1


def test_a_step_on_a_case_outside_the_callers_compartments_is_404(case, make_user, api_of):
    legal_without_discipline = make_user("adviser2", level="SECRET", roles=("legal",))
    response = api_of(legal_without_discipline).post(reverse("api:legal-case-steps", args=[case.pk]),
                                                     {"step": "open_investigation", "investigation": "NIO"},
                                                     format="json")
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == "reported"


# --- compliance records in the API --------------------------------------------------------------------

def test_the_api_records_a_compliance_item_and_the_checklist_shows_it(structure, api_for):
    rotation = RotationFactory(number=6, start_date=dt.date.today() + dt.timedelta(days=20),
                               end_date=dt.date.today() + dt.timedelta(days=380))
    api = api_for("planner")  # planners record the briefing and training of their rotations
    url = reverse("api:legal-compliance-list")
    response = api.post(url, {"rotation": str(rotation.pk), "item": "roe_briefed",
                              "done_on": dt.date.today().isoformat(), "evidence": "Roll 12"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["item"] == "roe_briefed" and response.json()["recorded_by"]
    checklist = api.get(url + f"?rotation={rotation.pk}").json()[0]
    assert {i["item"]: i["ok"] for i in checklist["items"]}["roe_briefed"] is True


def test_the_api_refuses_a_bad_compliance_record_with_a_json_reason(structure, api_for):
    rotation = RotationFactory(number=7, start_date=dt.date.today() + dt.timedelta(days=20),
                               end_date=dt.date.today() + dt.timedelta(days=380))
    api = api_for("admin")
    url = reverse("api:legal-compliance-list")
    computed = api.post(url, {"rotation": str(rotation.pk), "item": "mou_signed",
                              "done_on": dt.date.today().isoformat(), "evidence": "x"}, format="json")
    assert computed.status_code == 400 and "item" in computed.json()
    future = api.post(url, {"rotation": str(rotation.pk), "item": "insurance",
                            "done_on": (dt.date.today() + dt.timedelta(days=3)).isoformat(), "evidence": "x"},
                      format="json")
    assert future.status_code == 400 and "in the future" in future.json()["done_on"][0]
    nowhere = api.post(url, {"rotation": "00000000-0000-0000-0000-000000000000", "item": "insurance",
                             "done_on": dt.date.today().isoformat(), "evidence": "x"}, format="json")
    assert nowhere.status_code == 400 and "rotation" in nowhere.json()
    refused = api_for("health").post(url, {"rotation": str(rotation.pk), "item": "insurance",
                                           "done_on": dt.date.today().isoformat(), "evidence": "x"}, format="json")
    assert refused.status_code == 403
    assert not ComplianceRecord.objects.exists()


# --- query counts ---------------------------------------------------------------------------------------

# As measured on SQLite and on PostgreSQL (the same on both): the page, a save on the page, a PATCH.
EDIT_PAGE_QUERIES, SAVE_QUERIES, PATCH_QUERIES = 13, 18, 12


def count_queries(call) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_the_edit_page_and_a_save_cost_a_fixed_number_of_queries(decision, client_for, api_for):
    web, api = client_for("admin"), api_for("admin")
    page = reverse("legal:instrument-edit", args=[decision.pk])
    detail = reverse("api:legal-instrument-detail", args=[decision.pk])
    web.get(page)  # warm: session, content types, levels
    api.get(detail)
    shown = count_queries(lambda: web.get(page))
    saved = count_queries(lambda: web.post(page, form_values(decision, notes="n1")))
    patched = count_queries(lambda: api.patch(detail, {"notes": "n2", "version": 2}, format="json"))
    assert shown <= EDIT_PAGE_QUERIES and saved <= SAVE_QUERIES and patched <= PATCH_QUERIES
    decision.refresh_from_db()
    assert (decision.notes, decision.version) == ("n2", 3)
