"""Writes: qualification records carry their type's compartment, reference data loads idempotently,
every change is audited."""

import copy
import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from peaceops.access.marking import Marking
from peaceops.audit.models import AuditEvent
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.people.tests.factories import PersonFactory, agency

from .. import services
from ..models import EligibilityRuleSet, PostType, Qualification, QualificationType

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient(reference):
    # A hospital nurse the health officer (MOH) may see: owned by VDPO, released to MOD and MOH.
    return PersonFactory(level_id=1, owner="VDPO", released=("MOD", "MOH"), service="medical")


def medical_type():
    return QualificationType.objects.get(code="MEDICAL")


def test_a_health_officer_files_a_medical_record_and_it_is_always_medical(patient, actors):
    actor = actors["health"]
    record = services.qualification_record(
        actor=actor, person=patient, type=medical_type(), result="fit", taken_on=dt.date(2026, 6, 1),
        valid_until=dt.date(2028, 6, 1), marking=Marking(level=1, owning_agency_id=agency("MOH").pk))
    assert record.compartments == ["MEDICAL"] and record.result_rank == 1
    event = AuditEvent.objects.get(action="readiness.qualification.create", target_id=str(record.pk))
    assert event.changes["type"] == "MEDICAL" and event.compartment_mask == record.compartment_mask


def test_nobody_without_medical_can_file_a_medical_record(patient, actors):
    with pytest.raises(NotPermitted):
        services.qualification_record(
            actor=actors["personnel"], person=patient, type=medical_type(), result="fit",
            taken_on=dt.date(2026, 6, 1), marking=Marking(level=1, owning_agency_id=agency("VDPO").pk))
    assert not Qualification.objects.unrestricted().exists()


def test_vetting_is_personal_data_whatever_the_writer_chose(patient, actors):
    record = services.qualification_record(
        actor=actors["personnel"], person=patient, type=QualificationType.objects.get(code="VETTING"),
        result="cleared", taken_on=dt.date(2026, 6, 1), marking=Marking(level=1, owning_agency_id=agency("VDPO").pk))
    assert record.compartments == ["PERSONAL-DATA"]


def test_an_auditor_may_read_but_not_file_results(patient, actors):
    with pytest.raises(NotPermitted):
        services.qualification_record(
            actor=actors["auditor"], person=patient, type=QualificationType.objects.get(code="ENGLISH"),
            result="B2", taken_on=dt.date(2026, 6, 1), marking=Marking(level=1, owning_agency_id=agency("VDPO").pk))


@pytest.mark.parametrize("result, taken, until, field", [
    ("B7", dt.date(2026, 1, 1), None, "result"),
    ("B2", dt.date(2099, 1, 1), None, "taken_on"),
    ("B2", dt.date(2026, 1, 1), dt.date(2025, 1, 1), "valid_until"),
])
def test_bad_results_are_refused_with_their_field(patient, actors, result, taken, until, field):
    with pytest.raises(ServiceError) as refused:
        services.qualification_record(
            actor=actors["personnel"], person=patient, type=QualificationType.objects.get(code="ENGLISH"),
            result=result, taken_on=taken, valid_until=until,
            marking=Marking(level=1, owning_agency_id=agency("VDPO").pk))
    assert refused.value.field == field


def test_the_api_files_a_medical_record_through_the_service(patient, api_for):
    response = api_for("health").post(reverse("api:qualification-list"), {
        "person": str(patient.pk), "type": "MEDICAL", "result": "fit", "taken_on": "2026-06-01",
        "valid_until": "2028-06-01", "marking": {"level": "CONFIDENTIAL", "owning_agency": "MOH"}}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["marking"]["compartments"] == ["MEDICAL"]
    refused = api_for("personnel").post(reverse("api:qualification-list"), {
        "person": str(patient.pk), "type": "MEDICAL", "result": "fit", "taken_on": "2026-06-01",
        "marking": {"level": "CONFIDENTIAL", "owning_agency": "VDPO"}}, format="json")
    assert refused.status_code == 403


def test_the_service_start_is_recorded_and_audited(patient, actors):
    services.service_start_set(actor=actors["planner"], person=patient, service_start=dt.date(2012, 9, 1))
    services.service_start_set(actor=actors["planner"], person=patient, service_start=dt.date(2012, 9, 1))
    services.service_start_set(actor=actors["planner"], person=patient, service_start=dt.date(2011, 9, 1))
    from ..models import ServiceRecord

    assert ServiceRecord.objects.get(person=patient).service_start == dt.date(2011, 9, 1)
    assert AuditEvent.objects.filter(action="readiness.service_start.set").count() == 2


def test_loading_the_reference_twice_changes_nothing_the_second_time(reference, system_actor):
    events = AuditEvent.objects.filter(action="readiness.reference.load").count()
    shipped = services.read_reference()
    report = services.reference_load(actor=system_actor)
    assert not report.changed and report.unchanged == len(shipped["rule_sets"])
    assert AuditEvent.objects.filter(action="readiness.reference.load").count() == events
    assert PostType.objects.count() == len(shipped["post_types"])
    assert EligibilityRuleSet.objects.count() == len(shipped["rule_sets"])


def test_a_loaded_version_never_changes(reference, system_actor):
    data = copy.deepcopy(services.read_reference())
    data["rule_sets"][0]["rules"]["age"]["min"] = 30
    with pytest.raises(services.ReferenceError, match="already loaded"):
        services.reference_load(actor=system_actor, data=data)
    data["rule_sets"][0]["version"] = 2
    data["rule_sets"][0]["valid_from"] = "2027-01-01"
    report = services.reference_load(actor=system_actor, data=data)
    assert report.rule_sets == 1


def test_a_bad_rule_set_is_refused_whole(structure, system_actor):
    data = copy.deepcopy(services.read_reference())
    data["rule_sets"][3]["rules"]["english"]["min_level"] = "Z1"
    with pytest.raises(services.ReferenceError) as refused:
        services.reference_load(actor=system_actor, data=data)
    assert any("Z1" in p for p in refused.value.problems)
    assert not PostType.objects.exists() and not EligibilityRuleSet.objects.exists()


def test_the_load_rules_command_is_idempotent(structure):
    first, second = StringIO(), StringIO()
    call_command("readiness", "load-rules", stdout=first)
    call_command("readiness", "load-rules", stdout=second)
    shipped = len(services.read_reference()["rule_sets"])
    assert f"rule sets added: {shipped}" in first.getvalue()
    assert "rule sets added: 0" in second.getvalue() and f"unchanged rule sets: {shipped}" in second.getvalue()


def test_only_an_administrator_loads_reference_data(structure, actors):
    with pytest.raises(NotPermitted):
        services.reference_load(actor=actors["planner"])


def test_the_rule_in_force_is_the_latest_version_valid_on_the_tours_start(reference, system_actor, actors):
    from .. import selectors

    data = copy.deepcopy(services.read_reference())
    entry = next(r for r in data["rule_sets"] if r["post_type"] == "MEM")
    entry.update(version=2, valid_from="2028-01-01")
    entry["rules"]["age"]["max"] = 45
    services.reference_load(actor=system_actor, data={"rule_sets": [entry]})
    mem = PostType.objects.get(code="MEM")
    assert selectors.rules_in_force(post_types=[mem], on=dt.date(2027, 12, 31))["MEM"].rule_set.version == 1
    assert selectors.rules_in_force(post_types=[mem], on=dt.date(2028, 1, 1))["MEM"].rules.age_max == 45
    assert selectors.rules_in_force(post_types=[mem], on=dt.date(2025, 1, 1)) == {}
