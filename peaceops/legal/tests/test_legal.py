"""Legal: instruments, the rotation checklist (computed and recorded), discipline cases and their workflow."""

import ast
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from peaceops.access.marking import Marking
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.legal import compliance, discipline, services
from peaceops.legal.models import CaseTransition
from peaceops.missions.tests.factories import RotationFactory, mission
from peaceops.org.models import Agency, Unit

D = dt.date


# --- pure --------------------------------------------------------------------------------------

ROT = compliance.RotationFacts("r3", "unmiss", "l2fh", D(2026, 12, 15), D(2027, 12, 28))


JAN_2026 = D(2026, 1, 1)


def facts(ref, kind, *, status="in_force", mission_id="unmiss", unit_id=None, rotation_id=None,
          in_force=JAN_2026, expires=None):
    return compliance.InstrumentFacts(ref, ref, kind, status, mission_id, unit_id, rotation_id, in_force, expires)


def test_the_checklist_is_green_only_when_instruments_cover_the_whole_rotation():
    instruments = [facts("QD", "national_decision", mission_id=None),
                   facts("MOU", "mou", unit_id="l2fh", expires=D(2027, 6, 30)),
                   facts("SOFA", "sofa_soma", status="draft")]
    records = [compliance.Record("insurance", D(2026, 12, 1), "policy"),
               compliance.Record("roe_briefed", D(2027, 1, 2), "late roll")]
    rows = {r.item: r for r in compliance.checklist(ROT, instruments, records)}
    assert (rows["legal_basis"].ok, rows["legal_basis"].evidence) == (True, "QD")
    assert (rows["mou_signed"].ok, rows["mou_signed"].reason) == (False, "not_in_force_for_rotation")
    assert (rows["sofa_soma"].ok, rows["sofa_soma"].reason) == (False, "not_in_force_for_rotation")
    assert rows["insurance"].ok and not rows["roe_briefed"].ok and rows["roe_briefed"].reason == "recorded_after_start"
    assert (rows["conduct_training"].ok, rows["conduct_training"].reason) == (False, "not_recorded")


def test_an_mou_for_another_unit_or_rotation_does_not_count():
    rows = {r.item: r for r in compliance.checklist(ROT, [facts("MOU-ENG", "mou", unit_id="eng"),
                                                          facts("MOU-R2", "mou", rotation_id="r2")], [])}
    assert rows["mou_signed"].reason == "no_instrument"


def test_the_case_workflow_names_what_each_step_needs():
    assert [s.name for s in discipline.available("reported")] == ["open_investigation"]
    assert discipline.missing("conclude", {"outcome": "substantiated"}) == ["findings"]
    assert discipline.missing("close", {"un_notified_on": D(2026, 1, 1)}) == []


@pytest.mark.parametrize("name", ["compliance.py", "discipline.py"])
def test_the_pure_modules_import_no_django(name):
    tree = ast.parse((Path(__file__).parent.parent / name).read_text())
    for node in ast.walk(tree):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
            [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        assert not any(n.split(".")[0] in {"django", "rest_framework"} for n in names)


# --- database ------------------------------------------------------------------------------------

def marking(level=1, compartments=()):
    agencies = {a.code: a for a in Agency.objects.all()}
    return Marking(level=level, owning_agency_id=agencies["VDPO"].pk, compartments=compartments,
                   releasable_to=tuple(agencies[c] for c in ("MOD", "MFA", "MOH", "MPS")))


@pytest.fixture
def rotation(structure):
    return RotationFactory(number=3, start_date=dt.date.today() + dt.timedelta(days=20),
                           end_date=dt.date.today() + dt.timedelta(days=380))


@pytest.fixture
def instruments(rotation, actors):
    admin = actors["admin"]
    hospital = Unit.objects.get(code="L2FH-7")
    made = [
        services.instrument_create(actor=admin, data=services.InstrumentData(
            reference="T-QD-1", title="Decision", kind="national_decision", status="in_force", parties="Government",
            signed_on=D(2026, 1, 1), in_force_on=D(2026, 1, 2)), marking=marking(0)),
        services.instrument_create(actor=admin, data=services.InstrumentData(
            reference="T-MOU-1", title="MOU", kind="mou", status="in_force", parties="UN; MOD", rotation=rotation,
            signed_on=D(2026, 1, 1), in_force_on=D(2026, 1, 2)), marking=marking(2)),
    ]
    assert made[1].unit == hospital and made[1].mission == rotation.mission
    return made


@pytest.mark.django_db
def test_bad_instruments_are_refused_with_a_clear_message(structure, actors):
    admin = actors["admin"]
    with pytest.raises(ServiceError, match="SOFA or SOMA is agreed for a mission"):
        services.instrument_create(actor=admin, data=services.InstrumentData(
            reference="X1", title="t", kind="sofa_soma", parties="p"), marking=marking())
    with pytest.raises(ServiceError, match="before it is signed"):
        services.instrument_create(actor=admin, data=services.InstrumentData(
            reference="X2", title="t", kind="national_decision", status="in_force", parties="p",
            signed_on=D(2026, 2, 1), in_force_on=D(2026, 1, 1)), marking=marking())
    with pytest.raises(NotPermitted):
        services.instrument_create(actor=actors["planner"], data=services.InstrumentData(
            reference="X3", title="t", kind="national_decision", parties="p"), marking=marking())


@pytest.mark.django_db
def test_the_compliance_page_shows_green_and_red_from_what_the_reader_may_see(instruments, rotation, actors,
                                                                                client_for):
    services.compliance_record(actor=actors["admin"], rotation=rotation, item="insurance", done_on=dt.date.today(),
                               evidence="Policy 1")
    page = client_for("admin").get(reverse("legal:compliance")).content.decode()
    assert 'data-item="legal_basis" data-ok="yes"' in page and 'data-item="mou_signed" data-ok="yes"' in page
    assert 'data-item="insurance" data-ok="yes"' in page and 'data-item="conduct_training" data-ok="no"' in page
    # The MOU is SECRET: a CONFIDENTIAL reader sees the item red, and no trace of the MOU.
    other = client_for("auditor").get(reverse("legal:compliance")).content.decode()
    assert 'data-item="mou_signed" data-ok="no"' in other and "T-MOU-1" not in other
    with pytest.raises(ServiceError, match="computed from the legal instruments"):
        services.compliance_record(actor=actors["admin"], rotation=rotation, item="mou_signed",
                                   done_on=dt.date.today(), evidence="x")


@pytest.mark.django_db
def test_the_compliance_command_prints_the_checklist_as_json(instruments, rotation):
    out = io.StringIO()
    call_command("legal", "compliance", "--rotation", str(rotation.pk), "--as", "admin", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert [i["item"] for i in result["items"]][:2] == ["legal_basis", "mou_signed"]
    assert result["items"][1] == {"item": "mou_signed", "ok": True, "reason": "in_force", "evidence": "T-MOU-1"}
    out = io.StringIO()
    call_command("legal", "compliance", "--rotation", str(rotation.pk), "--as", "auditor", "--json", stdout=out)
    assert json.loads(out.getvalue())["items"][1]["ok"] is False


@pytest.fixture
def case(structure, actors):
    return services.case_create(actor=actors["admin"], data=services.CaseData(
        mission=mission(), category="minor", allegation="Zq-allegation-text", reported_on=D(2026, 6, 3)),
        marking=marking(1, ("DISCIPLINE",)))


@pytest.mark.django_db
def test_a_case_goes_through_its_workflow_and_is_closed_only_with_the_un_notification(case, actors):
    admin = actors["admin"]
    with pytest.raises(ServiceError, match="Say who investigates"):
        services.case_transition(actor=admin, case=case, step="open_investigation")
    with pytest.raises(ServiceError, match="present status"):
        services.case_transition(actor=admin, case=case, step="close", un_notified_on=D(2026, 7, 1))
    services.case_transition(actor=admin, case=case, step="open_investigation", on=D(2026, 6, 4),
                             investigation="National investigation officer")
    services.case_transition(actor=admin, case=case, step="conclude", on=D(2026, 7, 1), outcome="substantiated",
                             findings="Reprimand")
    with pytest.raises(ServiceError, match="date the UN was notified"):
        services.case_transition(actor=admin, case=case, step="close")
    services.case_transition(actor=admin, case=case, step="close", on=D(2026, 7, 3), un_notified_on=D(2026, 7, 2))
    case.refresh_from_db()
    assert (case.status, case.un_notified_on) == ("closed", D(2026, 7, 2))
    assert CaseTransition.objects.filter(case=case).count() == 3


@pytest.mark.django_db
def test_a_case_outside_the_discipline_compartment_is_refused(structure, actors):
    with pytest.raises(ServiceError, match="DISCIPLINE compartment"):
        services.case_create(actor=actors["admin"], data=services.CaseData(
            mission=mission(), category="minor", allegation="x", reported_on=D(2026, 6, 3)), marking=marking(1))


@pytest.mark.django_db
def test_without_discipline_an_actor_sees_no_case_count_export_or_search_hit(case, client_for, api_for):
    for persona in ("planner", "auditor", "mfa", "health", "personnel", "public"):
        web, api = client_for(persona), api_for(persona)
        assert web.get(reverse("legal:case", args=[case.pk])).status_code == 404
        assert web.post(reverse("legal:case-step", args=[case.pk]), {"step": "close"}).status_code == 404
        listing = web.get(reverse("legal:cases") + "?q=allegation-text").content.decode()
        assert case.reference not in listing and "Zq-allegation" not in listing
        assert api.get(reverse("api:legal-case-list")).json()["count"] == 0
        assert api.get(reverse("api:legal-case-detail", args=[case.pk])).status_code == 404
        assert api.post(reverse("api:legal-case-steps", args=[case.pk]), {"step": "close"},
                        format="json").status_code == 404
        export = web.get(reverse("legal:case-export"))
        assert export.status_code == 404 or case.reference not in export.content.decode("utf-8-sig")
    admin = client_for("admin")
    assert case.reference in admin.get(reverse("legal:cases")).content.decode()
    assert case.reference in admin.get(reverse("legal:case-export")).content.decode("utf-8-sig")
    assert api_for("admin").get(reverse("api:legal-case-list")).json()["count"] == 1


@pytest.mark.django_db
def test_the_case_page_takes_a_step(case, client_for):
    web = client_for("admin")
    response = web.post(reverse("legal:case-step", args=[case.pk]), {"step": "open_investigation",
                                                                     "investigation": "NIO", "version": 1})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "investigating"
    assert "Under investigation" in web.get(reverse("legal:case", args=[case.pk])).content.decode()


@pytest.mark.django_db
def test_the_instruments_list_filters_by_kind_and_the_api_agrees(instruments, client_for, api_for):
    page = client_for("admin").get(reverse("legal:index") + "?kind=mou").content.decode()
    assert "T-MOU-1" in page and "T-QD-1" not in page
    assert api_for("admin").get(reverse("api:legal-instrument-list") + "?kind=national_decision").json()["count"] == 1
    assert api_for("auditor").get(reverse("api:legal-instrument-list")).json()["count"] == 1  # the MOU is SECRET
