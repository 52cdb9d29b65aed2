"""Writes in legal. Each checks the policy, writes, and audits in one transaction (@service)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.actor import Actor
from peaceops.access.marking import Marking, apply_marking, check_no_write_up
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service, update_fields_checked

from . import discipline
from .choices import RECORDED_ITEMS, CaseOutcome, InstrumentKind, InstrumentStatus, MisconductCategory
from .models import DISCIPLINE_COMPARTMENT, CaseTransition, ComplianceRecord, DisciplineCase, Instrument

TEXT_MAX = 4000


def _require(actor: Actor, action: str, model, obj=None) -> None:
    if not policy_for(model).allows(actor, action, obj):
        raise NotPermitted()


def _text(value, *, field: str, required: bool = False, limit: int = TEXT_MAX, message=None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(message or _("This field is required."), field=field)
    if len(value) > limit:
        raise ServiceError(_("Too long (at most %(n)d characters).") % {"n": limit}, field=field)
    return value


# --- instruments --------------------------------------------------------------------------------

@dataclass
class InstrumentData:
    reference: str
    title: str
    kind: str
    parties: str
    status: str = InstrumentStatus.DRAFT
    mission: object = None
    unit: object = None
    rotation: object = None
    signed_on: dt.date | None = None
    in_force_on: dt.date | None = None
    expires_on: dt.date | None = None
    notes: str = ""

    def as_fields(self) -> dict:
        if self.kind not in InstrumentKind.values:
            raise ServiceError(_("Choose the kind of instrument."), field="kind")
        if self.status not in InstrumentStatus.values:
            raise ServiceError(_("Unknown status."), field="status")
        if self.rotation is not None:
            self.mission = self.mission or self.rotation.mission
            self.unit = self.unit or self.rotation.unit
            if self.rotation.mission_id != getattr(self.mission, "pk", None):
                raise ServiceError(_("The rotation belongs to another mission."), field="rotation")
        if self.kind == InstrumentKind.SOFA_SOMA and self.mission is None:
            raise ServiceError(_("A SOFA or SOMA is agreed for a mission: choose it."), field="mission")
        if self.kind == InstrumentKind.MOU and (self.mission is None or self.unit is None):
            raise ServiceError(_("An MOU with the UN covers a unit on a mission: choose both (or the rotation)."),
                               field="unit")
        if self.status in (InstrumentStatus.SIGNED, InstrumentStatus.IN_FORCE) and self.signed_on is None:
            raise ServiceError(_("Give the date of signature."), field="signed_on")
        if self.status == InstrumentStatus.IN_FORCE and self.in_force_on is None:
            raise ServiceError(_("Give the date of entry into force."), field="in_force_on")
        if self.signed_on and self.in_force_on and self.in_force_on < self.signed_on:
            raise ServiceError(_("An instrument cannot enter into force before it is signed."), field="in_force_on")
        if self.expires_on and self.in_force_on and self.expires_on < self.in_force_on:
            raise ServiceError(_("The expiry cannot come before the entry into force."), field="expires_on")
        return {
            "reference": _text(self.reference, field="reference", required=True, limit=60,
                               message=_("Give the instrument's reference.")),
            "title": _text(self.title, field="title", required=True, limit=300, message=_("Give the title.")),
            "kind": self.kind, "status": self.status,
            "parties": _text(self.parties, field="parties", required=True, limit=500,
                             message=_("Name the parties.")),
            "mission": self.mission, "unit": self.unit, "rotation": self.rotation, "signed_on": self.signed_on,
            "in_force_on": self.in_force_on, "expires_on": self.expires_on,
            "notes": _text(self.notes, field="notes"),
        }


@service
def instrument_create(*, actor: Actor, data: InstrumentData, marking: Marking) -> Instrument:
    _require(actor, "create", Instrument)
    check_no_write_up(actor, marking)
    fields = data.as_fields()
    if Instrument.objects.unrestricted().filter(reference__iexact=fields["reference"]).exists():
        raise ServiceError(_("An instrument with this reference already exists."), field="reference")
    instrument = Instrument(**fields)
    apply_marking(instrument, marking)
    instrument.save(force_insert=True)
    record(actor=actor, action="legal.instrument.create", target=instrument,
           changes={"reference": instrument.reference, "kind": instrument.kind, "status": instrument.status,
                    "marking": instrument.marking_dict()})
    return instrument


@service
def instrument_update(*, actor: Actor, instrument: Instrument, data: InstrumentData,
                      expected_version: int) -> Instrument:
    _require(actor, "change", Instrument, instrument)
    fields = data.as_fields()
    if (fields["reference"].lower() != instrument.reference.lower()
            and Instrument.objects.unrestricted().filter(reference__iexact=fields["reference"]).exists()):
        raise ServiceError(_("An instrument with this reference already exists."), field="reference")
    changes = update_fields_checked(instrument, expected_version=expected_version, fields=fields)
    if changes:
        record(actor=actor, action="legal.instrument.update", target=instrument, changes=changes)
    return instrument


# --- compliance ---------------------------------------------------------------------------------

@service
def compliance_record(*, actor: Actor, rotation, item: str, done_on: dt.date, evidence: str) -> ComplianceRecord:
    """Record that insurance, the ROE briefing or the C&D training of a rotation is done."""
    _require(actor, "create", ComplianceRecord)
    if item not in RECORDED_ITEMS:
        raise ServiceError(_("This item is computed from the legal instruments; it is not recorded by hand."),
                           field="item")
    if done_on is None:
        raise ServiceError(_("Give the date."), field="done_on")
    if done_on > timezone.localdate():
        raise ServiceError(_("This date is in the future."), field="done_on")
    row = ComplianceRecord(rotation=rotation, item=item, done_on=done_on, recorded_by=actor.label[:200],
                           evidence=_text(evidence, field="evidence", required=True, limit=300,
                                          message=_("Give the evidence (a document reference, a roll).")))
    row.save(force_insert=True)
    record(actor=actor, action="legal.compliance.record",
           changes={"rotation": str(rotation.pk), "item": item, "done_on": done_on, "evidence": row.evidence})
    return row


# --- discipline cases -----------------------------------------------------------------------------

def _next_reference(year: int) -> str:
    stem = f"CD-{year}-"
    last = (DisciplineCase.objects.unrestricted().filter(reference__startswith=stem)
            .aggregate(m=Max("reference"))["m"])
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{stem}{number:03d}"


@dataclass
class CaseData:
    mission: object
    category: str
    allegation: str
    reported_on: dt.date
    person: object = None
    rotation: object = None


@service
def case_create(*, actor: Actor, data: CaseData, marking: Marking) -> DisciplineCase:
    from peaceops.people.models import Person

    _require(actor, "create", DisciplineCase)
    check_no_write_up(actor, marking)
    if DISCIPLINE_COMPARTMENT not in marking.compartments:
        raise ServiceError(_("A discipline case must be in the DISCIPLINE compartment."), field="compartments")
    if data.category not in MisconductCategory.values:
        raise ServiceError(_("Choose the category."), field="category")
    if data.mission is None:
        raise ServiceError(_("Choose the mission."), field="mission")
    if data.reported_on is None or data.reported_on > timezone.localdate():
        raise ServiceError(_("Give the date it was reported (not in the future)."), field="reported_on")
    if data.person is not None and not policy_for(Person).allows(actor, "view", data.person):
        raise ServiceError(_("Choose a person you can see in the registry."), field="person")
    if data.rotation is not None and data.rotation.mission_id != data.mission.pk:
        raise ServiceError(_("The rotation belongs to another mission."), field="rotation")
    case = DisciplineCase(reference=_next_reference(data.reported_on.year), mission=data.mission,
                          rotation=data.rotation, person=data.person, category=data.category,
                          reported_on=data.reported_on,
                          allegation=_text(data.allegation, field="allegation", required=True,
                                           message=_("Describe the allegation.")))
    apply_marking(case, marking)
    case.save(force_insert=True)
    record(actor=actor, action="legal.case.create", target=case,
           changes={"reference": case.reference, "category": case.category, "marking": case.marking_dict()})
    return case


@service
def case_transition(*, actor: Actor, case: DisciplineCase, step: str, on: dt.date | None = None, note: str = "",
                    investigation: str = "", outcome: str = "", findings: str = "",
                    un_notified_on: dt.date | None = None, expected_version: int | None = None) -> CaseTransition:
    """Take one step of the case workflow; each step names what it needs (discipline.STEPS)."""
    if not policy_for(DisciplineCase).allows(actor, "view", case):
        raise NotPermitted()
    _require(actor, "change", DisciplineCase, case)
    found = discipline.step(step)
    if found is None:
        raise ServiceError(_("Unknown step."), field="step")
    if found.source != case.status:
        raise ServiceError(_("This step cannot be taken from the case's present status."), field="step")
    on = on or timezone.localdate()
    if on > timezone.localdate() or on < case.reported_on:
        raise ServiceError(_("The date must fall between the report and today."), field="on")
    given = {"investigation": (investigation or "").strip(), "outcome": outcome, "findings": (findings or "").strip(),
             "un_notified_on": un_notified_on}
    lacking = discipline.missing(step, given)
    messages = {"investigation": _("Say who investigates and how."),
                "outcome": _("Choose the outcome of the investigation."),
                "findings": _("Record the findings and the measures taken."),
                "un_notified_on": _("Give the date the UN was notified of the outcome.")}
    if lacking:
        raise ServiceError(messages[lacking[0]], field=lacking[0])
    fields = {"status": found.target}
    if step == "open_investigation":
        fields |= {"investigation": _text(investigation, field="investigation"), "investigation_opened_on": on}
    elif step == "conclude":
        if outcome not in CaseOutcome.values:
            raise ServiceError(messages["outcome"], field="outcome")
        fields |= {"outcome": outcome, "findings": _text(findings, field="findings"), "concluded_on": on}
    elif step == "close":
        if un_notified_on > timezone.localdate() or un_notified_on < case.reported_on:
            raise ServiceError(_("The UN notification date must fall between the report and today."),
                               field="un_notified_on")
        fields |= {"un_notified_on": un_notified_on}
    from_status = case.status
    changes = update_fields_checked(case, expected_version=expected_version, fields=fields)
    transition = CaseTransition(case=case, step=step, from_status=from_status, to_status=found.target, on=on,
                                note=_text(note, field="note"), actor_id=actor.user_id, actor_label=actor.label[:200])
    transition.save(force_insert=True)
    record(actor=actor, action=f"legal.case.{step}", target=case, changes=changes)
    return transition


@service
def export_audit(*, actor: Actor, model, count: int, filters: dict) -> None:
    _require(actor, "export", model)
    record(actor=actor, action=f"legal.{model._meta.model_name}.export", changes={"count": count, "filters": filters})
