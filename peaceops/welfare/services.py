"""Writes in welfare. Each checks the policy, writes, and audits in one transaction (@service)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.actor import Actor
from peaceops.access.marking import Marking, apply_marking, check_no_write_up
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service, update_fields_checked

from . import notification
from .choices import CasualtyStatus, ClaimKind, ClaimStatus, DeadlineCode, IncidentType, NotificationKind
from .models import (
    CASUALTY_COMPARTMENT,
    CareEntry,
    Casualty,
    CompensationClaim,
    DeadlineParameter,
    Incident,
    Memorial,
    NotificationStep,
    Repatriation,
)

CURRENCY = re.compile(r"^[A-Z]{3}$")
AMOUNT_MAX = Decimal("999999999999.99")
TEXT_MAX = 4000


def _require(actor: Actor, action: str, model, obj=None) -> None:
    if not policy_for(model).allows(actor, action, obj):
        raise NotPermitted()


def _require_visible(actor: Actor, obj) -> None:
    if not policy_for(type(obj)).allows(actor, "view", obj):
        raise NotPermitted()


def _next_reference(model, prefix: str, year: int) -> str:
    stem = f"{prefix}-{year}-"
    last = model.objects.unrestricted().filter(reference__startswith=stem).aggregate(m=Max("reference"))["m"]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{stem}{number:03d}"


def _text(value, *, field: str, required: bool = False, limit: int = TEXT_MAX, message=None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(message or _("This field is required."), field=field)
    if len(value) > limit:
        raise ServiceError(_("Too long (at most %(n)d characters).") % {"n": limit}, field=field)
    return value


def _not_future(day: dt.date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ServiceError(_("This date is in the future."), field=field)


# --- incidents ---------------------------------------------------------------------------------

@dataclass
class IncidentData:
    occurred_on: dt.date
    place: str
    mission: object
    incident_type: str
    description: str = ""

    def as_fields(self) -> dict:
        if self.incident_type not in IncidentType.values:
            raise ServiceError(_("Choose the UN incident type."), field="incident_type")
        if self.mission is None:
            raise ServiceError(_("Choose the mission."), field="mission")
        if self.occurred_on is None:
            raise ServiceError(_("Give the date of the incident."), field="occurred_on")
        _not_future(self.occurred_on, "occurred_on")
        return {"occurred_on": self.occurred_on, "mission": self.mission, "incident_type": self.incident_type,
                "place": _text(self.place, field="place", required=True, limit=200,
                               message=_("Say where it happened.")),
                "description": _text(self.description, field="description")}


@service
def incident_create(*, actor: Actor, data: IncidentData, marking: Marking) -> Incident:
    _require(actor, "create", Incident)
    check_no_write_up(actor, marking)
    fields = data.as_fields()
    incident = Incident(**fields, reference=_next_reference(Incident, "INC", fields["occurred_on"].year))
    apply_marking(incident, marking)
    incident.save(force_insert=True)
    record(actor=actor, action="welfare.incident.create", target=incident,
           changes={"reference": incident.reference, "type": incident.incident_type,
                    "marking": incident.marking_dict()})
    return incident


@service
def incident_update(*, actor: Actor, incident: Incident, data: IncidentData, expected_version: int) -> Incident:
    _require(actor, "change", Incident, incident)
    changes = update_fields_checked(incident, expected_version=expected_version, fields=data.as_fields())
    if changes:
        record(actor=actor, action="welfare.incident.update", target=incident, changes=changes)
    return incident


# --- casualties --------------------------------------------------------------------------------

def _check_casualty_marking(marking: Marking, incident: Incident) -> None:
    if CASUALTY_COMPARTMENT not in marking.compartments:
        raise ServiceError(_("A casualty record must be in the CASUALTY compartment."), field="compartments")
    if marking.level < incident.level_id:
        raise ServiceError(_("A casualty record cannot be marked below its incident."), field="level")


DEFAULT_OWNERS = {
    # step: (agency code or None for the casualty's own agency, owner as written)
    NotificationKind.FAMILY: (None, "Unit commander with a personnel officer, in person"),
    NotificationKind.MINISTRIES: ("VDPO", "Department duty officer"),
    NotificationKind.PUBLIC_STATEMENT: ("VDPO", "Public affairs"),
}


@service
def casualty_create(*, actor: Actor, incident: Incident, person, status: str, marking: Marking,
                    next_steps: str = "") -> Casualty:
    """Record a casualty of a visible incident, with its notification checklist in the fixed order."""
    from peaceops.org.models import Agency
    from peaceops.people.models import Person

    _require(actor, "create", Casualty)
    _require_visible(actor, incident)
    if person is None or not policy_for(Person).allows(actor, "view", person):
        raise ServiceError(_("Choose a person you can see in the registry."), field="person")
    if status not in CasualtyStatus.values:
        raise ServiceError(_("Choose the casualty's status."), field="status")
    check_no_write_up(actor, marking)
    _check_casualty_marking(marking, incident)
    if Casualty.objects.unrestricted().filter(incident=incident, person=person).exists():
        raise ServiceError(_("This person is already recorded as a casualty of this incident."), field="person")
    deployment = deployment_at(person, incident)
    casualty = Casualty(incident=incident, person=person, status=status, deployment=deployment,
                        next_steps=_text(next_steps, field="next_steps"))
    apply_marking(casualty, marking)
    casualty.save(force_insert=True)
    agencies = {a.code: a for a in Agency.objects.all()}
    for kind in notification.ORDER:
        code, owner = DEFAULT_OWNERS[kind]
        agency_id = agencies[code].pk if code in agencies else casualty.owning_agency_id
        NotificationStep(casualty=casualty, kind=kind, position=notification.position(kind),
                         owner_agency_id=agency_id, owner_name=owner).save(force_insert=True)
    record(actor=actor, action="welfare.casualty.create", target=casualty,
           changes={"incident": incident.reference, "status": status, "marking": casualty.marking_dict(),
                    "deployment": str(deployment.pk) if deployment else None})
    return casualty


def deployment_at(person, incident: Incident):
    """The tour `person` was on in the incident's mission on its date (deployed or extended), or None.
    A fact about the person, found whatever the recording officer may see; shown only to those who may."""
    from peaceops.missions.choices import DeploymentStatus
    from peaceops.missions.models import Deployment

    return (Deployment.objects.unrestricted()
            .filter(person=person, rotation__mission_id=incident.mission_id,
                    status__in=[DeploymentStatus.DEPLOYED, DeploymentStatus.EXTENDED, DeploymentStatus.REPATRIATED],
                    start_date__lte=incident.occurred_on, end_date__gte=incident.occurred_on)
            .order_by("-start_date").first())


@service
def casualty_update(*, actor: Actor, casualty: Casualty, status: str, next_steps: str,
                    expected_version: int) -> Casualty:
    _require(actor, "change", Casualty, casualty)
    if status not in CasualtyStatus.values:
        raise ServiceError(_("Choose the casualty's status."), field="status")
    changes = update_fields_checked(casualty, expected_version=expected_version, fields={
        "status": status, "next_steps": _text(next_steps, field="next_steps")})
    if changes:
        record(actor=actor, action="welfare.casualty.update", target=casualty, changes=changes)
    return casualty


# --- the notification checklist ------------------------------------------------------------------

def _refusal_message(reason: str) -> str:
    return {
        notification.FAMILY_FIRST: _("The family must be notified first: no ministry briefing or public statement "
                                     "is recorded before the family has been told."),
        notification.EARLIER_STEP_OPEN: _("Complete the earlier steps first: the ministries are informed before a "
                                          "public statement is made."),
        notification.ALREADY_DONE: _("This step is already recorded as done."),
        notification.UNKNOWN_STEP: _("Unknown notification step."),
    }[reason]


def _public_statement_message() -> str:
    return _("No public statement before the family is notified. Record the family's notification first.")


@service
def notification_step_complete(*, actor: Actor, step: NotificationStep, done_at: dt.datetime | None = None,
                               note: str = "") -> NotificationStep:
    """Tick one step with the time it was done; refused out of order (never a statement before the family)."""
    casualty = Casualty.objects.unrestricted().get(pk=step.casualty_id)
    _require_visible(actor, casualty)
    _require(actor, "change", Casualty, casualty)
    steps = list(NotificationStep.objects.filter(casualty_id=casualty.pk).order_by("position"))
    done = {s.kind for s in steps if s.done_at}
    reason = notification.refusal(step.kind, done)
    if reason == notification.FAMILY_FIRST and step.kind == notification.PUBLIC_STATEMENT:
        raise ServiceError(_public_statement_message(), field="kind")
    if reason:
        raise ServiceError(_refusal_message(reason), field="kind")
    now = timezone.now()
    done_at = done_at or now
    if timezone.is_naive(done_at):
        done_at = timezone.make_aware(done_at)
    if done_at > now + dt.timedelta(minutes=1):
        raise ServiceError(_("The time is in the future."), field="done_at")
    incident = Incident.objects.unrestricted().get(pk=casualty.incident_id)
    if timezone.localtime(done_at).date() < incident.occurred_on:
        raise ServiceError(_("The time is before the incident."), field="done_at")
    previous = [s.done_at for s in steps if s.position < step.position and s.done_at]
    if previous and done_at < max(previous):
        raise ServiceError(_("The time is before the previous step was done."), field="done_at")
    changes = update_fields_checked(step, expected_version=step.version, fields={
        "done_at": done_at, "done_by_id": actor.user_id, "done_by_label": actor.label[:200],
        "note": _text(note, field="note", limit=500)})
    record(actor=actor, action="welfare.notification.complete", target=casualty,
           changes={"step": step.kind, **changes})
    return step


@service
def notification_step_assign(*, actor: Actor, step: NotificationStep, owner_agency, owner_name: str) -> NotificationStep:
    casualty = Casualty.objects.unrestricted().get(pk=step.casualty_id)
    _require_visible(actor, casualty)
    _require(actor, "change", Casualty, casualty)
    changes = update_fields_checked(step, expected_version=step.version, fields={
        "owner_agency": owner_agency, "owner_name": _text(owner_name, field="owner_name", limit=200)})
    if changes:
        record(actor=actor, action="welfare.notification.assign", target=casualty,
               changes={"step": step.kind, "owner_agency": str(getattr(owner_agency, "code", "")),
                        "owner_name": step.owner_name})
    return step


# --- repatriation and care --------------------------------------------------------------------

@dataclass
class RepatriationData:
    departs_on: dt.date
    route: str
    arrives_on: dt.date | None = None
    escort: str = ""
    note: str = ""


@service
def repatriation_add(*, actor: Actor, casualty: Casualty, data: RepatriationData) -> Repatriation:
    _require_visible(actor, casualty)
    _require(actor, "change", Casualty, casualty)
    if data.departs_on is None:
        raise ServiceError(_("Give the departure date."), field="departs_on")
    if data.arrives_on is not None and data.arrives_on < data.departs_on:
        raise ServiceError(_("The arrival cannot be before the departure."), field="arrives_on")
    row = Repatriation(casualty=casualty, departs_on=data.departs_on, arrives_on=data.arrives_on,
                       route=_text(data.route, field="route", required=True, limit=300,
                                   message=_("Give the route.")),
                       escort=_text(data.escort, field="escort", limit=300), note=_text(data.note, field="note"))
    row.save(force_insert=True)
    row.ended_deployment = _end_tour(actor, casualty, row)
    record(actor=actor, action="welfare.repatriation.add", target=casualty,
           changes={"departs_on": row.departs_on, "arrives_on": row.arrives_on, "route": row.route,
                    "deployment_repatriated": row.ended_deployment})
    return row


def _end_tour(actor: Actor, casualty: Casualty, row: Repatriation) -> bool:
    """Repatriation ends the casualty's tour on the departure day, in the same transaction, when the
    officer may change that deployment; otherwise the deployment is left for the personnel officer."""
    from peaceops.missions import services as missions
    from peaceops.missions.choices import DeploymentStatus
    from peaceops.missions.models import Deployment

    if casualty.deployment_id is None:
        return False
    deployment = policy_for(Deployment).scope(actor, "change").filter(pk=casualty.deployment_id).first()
    if deployment is None or deployment.status not in (DeploymentStatus.DEPLOYED, DeploymentStatus.EXTENDED):
        return False
    if row.departs_on < deployment.start_date:
        return False
    missions.deployment_transition(actor=actor, deployment=deployment, to_status=DeploymentStatus.REPATRIATED,
                                   on=row.departs_on,
                                   reason=_("Repatriated: casualty of incident %(reference)s")
                                   % {"reference": casualty.incident.reference})
    return True


@dataclass
class CareData:
    on: dt.date
    kind: str
    note: str
    provider: str = ""
    next_review_on: dt.date | None = None


@service
def care_add(*, actor: Actor, casualty: Casualty, data: CareData) -> CareEntry:
    from .choices import CareKind

    _require_visible(actor, casualty)
    _require(actor, "change", Casualty, casualty)
    if data.kind not in CareKind.values:
        raise ServiceError(_("Choose the kind of care."), field="kind")
    if data.on is None:
        raise ServiceError(_("Give the date."), field="on")
    if data.next_review_on is not None and data.next_review_on < data.on:
        raise ServiceError(_("The next review cannot be before the entry."), field="next_review_on")
    entry = CareEntry(casualty=casualty, on=data.on, kind=data.kind,
                      provider=_text(data.provider, field="provider", limit=200),
                      note=_text(data.note, field="note", required=True, message=_("Say what was done.")),
                      next_review_on=data.next_review_on)
    entry.save(force_insert=True)
    record(actor=actor, action="welfare.care.add", target=casualty, changes={"on": entry.on, "kind": entry.kind})
    return entry


# --- deadline parameters -------------------------------------------------------------------------

@service
def deadline_parameter_set(*, actor: Actor, code: str, days: int, effective_from: dt.date, source: str,
                           warn_days: int = 30, verified: bool = False) -> DeadlineParameter:
    """Enter the length of a claim deadline with its source (there is no verified default)."""
    _require(actor, "create", DeadlineParameter)
    if code not in DeadlineCode.values:
        raise ServiceError(_("Unknown deadline."), field="code")
    if not isinstance(days, int) or days <= 0 or days > 3650:
        raise ServiceError(_("The period is a whole number of days from 1 to 3650."), field="days")
    if not isinstance(warn_days, int) or warn_days < 0 or warn_days > days:
        raise ServiceError(_("The warning comes between 0 days and the whole period before the deadline."),
                           field="warn_days")
    if effective_from is None:
        raise ServiceError(_("Give the date from which the period applies."), field="effective_from")
    source = _text(source, field="source", required=True, limit=500,
                   message=_("Name the source of this period (the UN document or instruction)."))
    if DeadlineParameter.objects.filter(code=code, effective_from=effective_from).exists():
        raise ServiceError(_("A period for this deadline already starts on this date."), field="effective_from")
    parameter = DeadlineParameter(code=code, days=days, warn_days=warn_days, effective_from=effective_from,
                                  source=source, verified=bool(verified), entered_by=actor.label[:200])
    parameter.save(force_insert=True)
    record(actor=actor, action="welfare.deadline.set",
           changes={"code": code, "days": days, "warn_days": warn_days, "effective_from": effective_from,
                    "source": source, "verified": bool(verified)})
    return parameter


# --- compensation claims -------------------------------------------------------------------------

def money(value, *, field: str, required: bool = True) -> Decimal | None:
    """A non-negative amount with at most two decimals; refused with a clear message otherwise."""
    if value is None or value == "":
        if required:
            raise ServiceError(_("Give the amount."), field=field)
        return None
    if isinstance(value, float):
        raise ServiceError(_("Amounts are exact decimals, not floating-point numbers."), field=field)
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ServiceError(_("Not an amount."), field=field) from None
    if not amount.is_finite():
        raise ServiceError(_("Not an amount."), field=field)
    if amount < 0:
        raise ServiceError(_("An amount cannot be negative."), field=field)
    if amount > AMOUNT_MAX or amount != amount.quantize(Decimal("0.01")):
        raise ServiceError(_("An amount has at most two decimals and twelve digits before them."), field=field)
    return amount.quantize(Decimal("0.01"))


@dataclass
class ClaimData:
    kind: str
    currency: str
    claimed_amount: object
    status: str = ClaimStatus.DRAFT
    un_reference: str = ""
    approved_amount: object = None
    paid_amount: object = None
    disability_percent: object = None
    submitted_on: dt.date | None = None
    paid_on: dt.date | None = None
    note: str = ""

    def as_fields(self, casualty: Casualty) -> dict:
        if self.kind not in ClaimKind.values:
            raise ServiceError(_("Choose death or disability."), field="kind")
        if self.status not in ClaimStatus.values:
            raise ServiceError(_("Unknown status."), field="status")
        currency = (self.currency or "").strip().upper()
        if not CURRENCY.match(currency):
            raise ServiceError(_("The currency is a three-letter ISO 4217 code, e.g. USD."), field="currency")
        percent = None
        if self.kind == ClaimKind.DEATH:
            if casualty.status != CasualtyStatus.DECEASED:
                raise ServiceError(_("A death claim needs a casualty recorded as deceased."), field="kind")
            if self.disability_percent not in (None, ""):
                raise ServiceError(_("A death claim has no loss-of-function percentage."), field="disability_percent")
        else:
            if casualty.status not in (CasualtyStatus.INJURED, CasualtyStatus.SERIOUSLY_INJURED):
                raise ServiceError(_("A disability claim needs an injured casualty."), field="kind")
            percent = money(self.disability_percent, field="disability_percent")
            if not Decimal(0) < percent <= Decimal(100):
                raise ServiceError(_("The loss of function is a percentage above 0 and at most 100."),
                                   field="disability_percent")
        fields = {
            "kind": self.kind, "status": self.status, "currency": currency,
            "claimed_amount": money(self.claimed_amount, field="claimed_amount"),
            "approved_amount": money(self.approved_amount, field="approved_amount", required=False),
            "paid_amount": money(self.paid_amount, field="paid_amount", required=False),
            "disability_percent": percent,
            "un_reference": _text(self.un_reference, field="un_reference", limit=60),
            "submitted_on": self.submitted_on, "paid_on": self.paid_on, "note": _text(self.note, field="note"),
        }
        _check_claim_status(fields, casualty)
        return fields


def _check_claim_status(fields: dict, casualty: Casualty) -> None:
    status = fields["status"]
    _not_future(fields["submitted_on"], "submitted_on")
    _not_future(fields["paid_on"], "paid_on")
    incident_on = Incident.objects.unrestricted().filter(pk=casualty.incident_id).values_list(
        "occurred_on", flat=True).first()
    if fields["submitted_on"] and incident_on and fields["submitted_on"] < incident_on:
        raise ServiceError(_("A claim cannot be submitted before the incident."), field="submitted_on")
    if status != ClaimStatus.DRAFT and status != ClaimStatus.WITHDRAWN and not fields["submitted_on"]:
        raise ServiceError(_("Give the date the claim was submitted to the UN."), field="submitted_on")
    if status in (ClaimStatus.APPROVED, ClaimStatus.PAID) and fields["approved_amount"] is None:
        raise ServiceError(_("Give the amount the UN approved."), field="approved_amount")
    if status == ClaimStatus.PAID and (fields["paid_amount"] is None or fields["paid_on"] is None):
        raise ServiceError(_("Give the amount paid and the date of payment."), field="paid_amount")
    if fields["paid_on"] and fields["submitted_on"] and fields["paid_on"] < fields["submitted_on"]:
        raise ServiceError(_("A payment cannot come before the submission."), field="paid_on")
    if fields["paid_on"] and not fields["submitted_on"]:
        raise ServiceError(_("A payment cannot come before the submission."), field="paid_on")


@service
def claim_create(*, actor: Actor, casualty: Casualty, data: ClaimData, marking: Marking) -> CompensationClaim:
    _require(actor, "create", CompensationClaim)
    _require_visible(actor, casualty)
    check_no_write_up(actor, marking)
    if CASUALTY_COMPARTMENT not in marking.compartments:
        raise ServiceError(_("A compensation claim must be in the CASUALTY compartment."), field="compartments")
    fields = data.as_fields(casualty)
    claim = CompensationClaim(casualty=casualty, **fields,
                              reference=_next_reference(CompensationClaim, "CLM", timezone.localdate().year))
    apply_marking(claim, marking)
    claim.save(force_insert=True)
    record(actor=actor, action="welfare.claim.create", target=claim,
           changes={"reference": claim.reference, "kind": claim.kind, "claimed": f"{claim.claimed_amount} {claim.currency}",
                    "status": claim.status})
    return claim


@service
def claim_update(*, actor: Actor, claim: CompensationClaim, data: ClaimData, expected_version: int) -> CompensationClaim:
    _require(actor, "change", CompensationClaim, claim)
    casualty = Casualty.objects.unrestricted().get(pk=claim.casualty_id)
    changes = update_fields_checked(claim, expected_version=expected_version, fields=data.as_fields(casualty))
    if changes:
        record(actor=actor, action="welfare.claim.update", target=claim, changes=changes)
    return claim


# --- memorial -----------------------------------------------------------------------------------

@dataclass
class MemorialData:
    name: str
    citation: str
    rank: str = ""
    died_on: dt.date | None = None  # default: the date of the incident


def _below(marking: Marking, casualty: Casualty) -> bool:
    """True when the memorial would be seen by people who may not see the casualty file."""
    return (marking.level < casualty.level_id or CASUALTY_COMPARTMENT not in marking.compartments
            or bool(marking.releasable_mask & ~casualty.releasable_mask)
            or marking.owning_agency_id != casualty.owning_agency_id)


@service
def memorial_create(*, actor: Actor, casualty: Casualty, data: MemorialData, marking: Marking) -> Memorial:
    """Honour a fallen peacekeeper.

    The memorial may be marked lower than the casualty file: honouring the dead is public by nature
    (names are read out at ceremonies), while the file holds the circumstances, the family and the
    money. But a memorial below the file tells its readers that the person died, so it is refused
    until that news is public: the notification checklist must be complete (family, ministries,
    public statement). A memorial kept within the file's own marking may be prepared earlier.
    """
    _require(actor, "create", Memorial)
    _require_visible(actor, casualty)
    check_no_write_up(actor, marking)
    if casualty.status != CasualtyStatus.DECEASED:
        raise ServiceError(_("A memorial record is for a peacekeeper who died."), field="casualty")
    if Memorial.objects.unrestricted().filter(casualty=casualty).exists():
        raise ServiceError(_("This casualty already has a memorial record."), field="casualty")
    if _below(marking, casualty):
        done = set(NotificationStep.objects.filter(casualty=casualty, done_at__isnull=False)
                   .values_list("kind", flat=True))
        if notification.next_step(done) is not None:
            raise ServiceError(_("A memorial marked below the casualty record makes the death known: complete "
                                 "the notification (family, ministries, public statement) first."), field="level")
    incident = Incident.objects.unrestricted().select_related("mission").get(pk=casualty.incident_id)
    _not_future(data.died_on, "died_on")
    if data.died_on is not None and data.died_on < incident.occurred_on:
        raise ServiceError(_("The date of death cannot be before the incident."), field="died_on")
    memorial = Memorial(name=_text(data.name, field="name", required=True, limit=200, message=_("Give the name.")),
                        rank=_text(data.rank, field="rank", limit=60), mission=incident.mission,
                        died_on=data.died_on or incident.occurred_on, casualty=casualty,
                        citation=_text(data.citation, field="citation", required=True,
                                       message=_("Write the citation.")))
    apply_marking(memorial, marking)
    memorial.save(force_insert=True)
    record(actor=actor, action="welfare.memorial.create", target=memorial,
           changes={"casualty": str(casualty.pk), "marking": memorial.marking_dict()})
    return memorial


# --- exports ----------------------------------------------------------------------------------

@service
def export_audit(*, actor: Actor, model, count: int, filters: dict) -> None:
    """An export leaves the system: audited with the number of rows and the filters."""
    _require(actor, "export", model)
    record(actor=actor, action=f"welfare.{model._meta.model_name}.export",
           changes={"count": count, "filters": filters})
