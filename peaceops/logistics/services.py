"""Writes in logistics. Each checks the policy, writes, and audits in one transaction (@service)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.actor import Actor
from peaceops.access.marking import Marking, apply_marking, check_no_write_up
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service, update_fields_checked

from . import costing
from .choices import (
    KEYED_KINDS,
    ClaimKind,
    ClaimStatus,
    Condition,
    EquipmentCategory,
    FactorKind,
    LeaseType,
    RateKind,
    SelfSustainmentCategory,
    VerificationKind,
)
from .models import (
    Claim,
    ClaimLine,
    CostEstimate,
    EquipmentItem,
    Finding,
    MissionFactor,
    Payment,
    Rate,
    UnitSelfSustainment,
    Verification,
)

MAX_AMOUNT = Decimal("99999999999999.99")
MAX_QUANTITY = 1_000_000


def _require(actor: Actor, action: str, model, obj=None) -> None:
    if not policy_for(model).allows(actor, action, obj):
        raise NotPermitted()


def _money(value, field_name: str, *, allow_zero: bool = True) -> Decimal:
    """A Decimal amount to the cent; floats are refused (money is never float)."""
    if isinstance(value, float) or isinstance(value, bool):
        raise ServiceError(_("Amounts are entered as decimal numbers, not floating point."), field=field_name)
    try:
        amount = Decimal(str(value).strip().replace(",", "")) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise ServiceError(_("Enter the amount as a number, e.g. 1428.00."), field=field_name) from None
    if not amount.is_finite():
        raise ServiceError(_("Enter the amount as a number, e.g. 1428.00."), field=field_name)
    if amount < 0:
        raise ServiceError(_("An amount cannot be negative."), field=field_name)
    if not allow_zero and amount == 0:
        raise ServiceError(_("The amount must be more than zero."), field=field_name)
    if amount > MAX_AMOUNT:
        raise ServiceError(_("The amount is too large."), field=field_name)
    if amount != amount.quantize(costing.CENT):
        raise ServiceError(_("Amounts have at most two decimals (cents)."), field=field_name)
    return amount.quantize(costing.CENT)


def _currency(code: str) -> str:
    code = (code or "").strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise ServiceError(_("The currency is a three-letter ISO code, e.g. USD."), field="currency")
    return code


def _quantity(value, field_name: str = "quantity") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ServiceError(_("The quantity is a whole number."), field=field_name)
    if value < 0:
        raise ServiceError(_("The quantity cannot be negative."), field=field_name)
    if value > MAX_QUANTITY:
        raise ServiceError(_("The quantity is too large."), field=field_name)
    return value


# --- rates -----------------------------------------------------------------------------------------

@dataclass
class RateData:
    kind: str
    amount: object
    source: str
    key: str = ""
    currency: str = "USD"
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    authority: str = ""
    note: str = ""


def _clean_rate(data: RateData) -> dict:
    if data.kind not in RateKind.values:
        raise ServiceError(_("Unknown kind of rate."), field="kind")
    key = (data.key or "").strip()
    keyed = KEYED_KINDS.get(data.kind)
    if keyed is None and key:
        raise ServiceError(_("This kind of rate has no category."), field="key")
    if keyed is not None and key not in keyed.values:
        raise ServiceError(_("Choose the category this rate applies to."), field="key")
    source = (data.source or "").strip()
    if not source:
        raise ServiceError(_("A rate needs its source: the document or page where the figure was read."),
                           field="source")
    if data.effective_from and data.effective_to and data.effective_to < data.effective_from:
        raise ServiceError(_("A rate cannot end before it starts."), field="effective_to")
    return {"kind": data.kind, "key": key, "amount": _money(data.amount, "amount"),
            "currency": _currency(data.currency), "effective_from": data.effective_from,
            "effective_to": data.effective_to, "authority": (data.authority or "").strip()[:300],
            "source": source[:1000], "note": (data.note or "").strip()}


def _check_no_overlap(fields: dict, *, exclude_pk=None) -> None:
    others = Rate.objects.filter(kind=fields["kind"], key=fields["key"], currency=fields["currency"])
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    for other in others:
        if costing.periods_overlap(fields["effective_from"], fields["effective_to"], other.effective_from,
                                   other.effective_to):
            raise ServiceError(
                _("This period overlaps the rate of %(amount)s %(currency)s in force %(period)s; end that rate "
                  "first or change the dates.") % {"amount": other.amount, "currency": other.currency,
                                                   "period": _period_text(other.effective_from,
                                                                          other.effective_to)},
                field="effective_from")


def _period_text(start, end) -> str:
    first = start.isoformat() if start else _("(start not known)")
    last = end.isoformat() if end else _("(open)")
    return f"{first} – {last}"


@service
def rate_create(*, actor: Actor, data: RateData) -> Rate:
    """An officer enters a rate with its source; it is marked as entered, not verified."""
    _require(actor, "create", Rate)
    fields = _clean_rate(data)
    _check_no_overlap(fields)
    rate = Rate.objects.create(**fields, verified=False, entered_by=actor.label[:200])
    record(actor=actor, action="logistics.rate.create", target=rate,
           changes={**{k: str(v) if v is not None else None for k, v in fields.items()}, "verified": False})
    return rate


@service
def rate_close(*, actor: Actor, rate: Rate, effective_to: dt.date, expected_version: int) -> Rate:
    """End an open rate (so that a new one can start the next day)."""
    _require(actor, "change", Rate, rate)
    if rate.effective_from and effective_to < rate.effective_from:
        raise ServiceError(_("A rate cannot end before it starts."), field="effective_to")
    fields = {"kind": rate.kind, "key": rate.key, "currency": rate.currency,
              "effective_from": rate.effective_from, "effective_to": effective_to}
    _check_no_overlap(fields, exclude_pk=rate.pk)
    changes = update_fields_checked(rate, expected_version=expected_version, fields={"effective_to": effective_to})
    if changes:
        record(actor=actor, action="logistics.rate.close", target=rate, changes=changes)
    return rate


@service
def rate_mark_verified(*, actor: Actor, rate: Rate, note: str, expected_version: int) -> Rate:
    """An administrator confirms an entered rate against its source (the note says how)."""
    if not (actor.is_system or actor.has_role("admin")):
        raise NotPermitted()
    note = (note or "").strip()
    if not note:
        raise ServiceError(_("Say how the figure was checked against its source."), field="note")
    new_note = f"{rate.note}\n{note}".strip()
    changes = update_fields_checked(rate, expected_version=expected_version,
                                    fields={"verified": True, "note": new_note})
    if changes:
        record(actor=actor, action="logistics.rate.verify", target=rate, changes=changes)
    return rate


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    version: str = ""


def read_reference(text: str | None = None) -> dict:
    if text is None:
        text = resources.files("peaceops.logistics.reference").joinpath("rates.json").read_text("utf-8")
    return json.loads(text)


@service
def reference_load(*, actor: Actor, data: dict | None = None) -> LoadReport:
    """Load the verified rates shipped in the package (idempotent, all or nothing)."""
    if not (actor.is_system or actor.has_role("admin")):
        raise NotPermitted()
    data = data if data is not None else read_reference()
    version = str(data.get("version", ""))
    report = LoadReport(version=version)
    for row in data.get("rates", []):
        try:
            fields = _clean_rate(RateData(
                kind=row["kind"], key=row.get("key", ""), amount=str(row["amount"]), currency=row["currency"],
                source=row.get("source", ""), authority=row.get("authority", ""), note=row.get("note", ""),
                effective_from=dt.date.fromisoformat(row["effective_from"]) if row.get("effective_from") else None,
                effective_to=dt.date.fromisoformat(row["effective_to"]) if row.get("effective_to") else None))
        except (KeyError, ValueError) as error:
            raise ServiceError(_("Reference rate %(code)s is incomplete: %(error)s")
                               % {"code": row.get("code", "?"), "error": error}) from None
        except ServiceError as error:
            raise ServiceError(_("Reference rate %(code)s: %(error)s")
                               % {"code": row.get("code", "?"), "error": error.message}) from None
        fields.update(verified=bool(row.get("verified")), reference_version=version)
        existing = Rate.objects.filter(reference_code=row["code"]).first()
        _check_no_overlap(fields, exclude_pk=existing.pk if existing else None)
        if existing is None:
            rate = Rate.objects.create(**fields, reference_code=row["code"], entered_by="reference data")
            record(actor=actor, action="logistics.rate.load", target=rate,
                   changes={"code": row["code"], "amount": str(rate.amount), "version": version})
            report.created += 1
            continue
        changed = {k: v for k, v in fields.items() if getattr(existing, k) != v}
        if changed:
            changes = update_fields_checked(existing, expected_version=existing.version, fields=changed)
            record(actor=actor, action="logistics.rate.load", target=existing,
                   changes={k: [str(a), str(b)] for k, (a, b) in changes.items()})
            report.updated += 1
        else:
            report.unchanged += 1
    return report


# --- mission factors -------------------------------------------------------------------------------

@service
def factor_create(*, actor: Actor, mission, kind: str, percent, source: str, effective_from=None,
                  effective_to=None) -> MissionFactor:
    _require(actor, "create", MissionFactor)
    if kind not in FactorKind.values:
        raise ServiceError(_("Unknown kind of mission factor."), field="kind")
    if not (source or "").strip():
        raise ServiceError(_("A mission factor needs its source (the SUR or MOU that sets it)."), field="source")
    try:
        value = Decimal(str(percent))
    except InvalidOperation:
        raise ServiceError(_("Enter the percentage as a number."), field="percent") from None
    if not value.is_finite() or value < 0 or value > 100:
        raise ServiceError(_("The percentage is between 0 and 100."), field="percent")
    if effective_from and effective_to and effective_to < effective_from:
        raise ServiceError(_("A factor cannot end before it starts."), field="effective_to")
    for other in MissionFactor.objects.filter(mission=mission, kind=kind):
        if costing.periods_overlap(effective_from, effective_to, other.effective_from, other.effective_to):
            raise ServiceError(_("This period overlaps another factor of the same kind for this mission."),
                               field="effective_from")
    factor = MissionFactor.objects.create(mission=mission, kind=kind, percent=value.quantize(Decimal("0.001")),
                                          source=source.strip()[:1000], effective_from=effective_from,
                                          effective_to=effective_to, entered_by=actor.label[:200])
    record(actor=actor, action="logistics.factor.create", target=factor,
           changes={"mission": str(mission.pk), "kind": kind, "percent": str(factor.percent), "source": factor.source})
    return factor


# --- equipment -------------------------------------------------------------------------------------

@dataclass
class EquipmentData:
    unit: object
    category: str
    description: str
    lease: str
    quantity: int = 1
    serial: str = ""
    notes: str = ""

    def as_fields(self) -> dict:
        if self.category not in EquipmentCategory.values:
            raise ServiceError(_("Choose the equipment category."), field="category")
        if self.lease not in LeaseType.values:
            raise ServiceError(_("Choose wet or dry lease."), field="lease")
        description = (self.description or "").strip()
        if not description:
            raise ServiceError(_("Describe the item."), field="description")
        return {"unit": self.unit, "category": self.category, "description": description[:300],
                "lease": self.lease, "quantity": _quantity(self.quantity), "serial": (self.serial or "").strip()[:100],
                "notes": (self.notes or "").strip()}


@service
def equipment_create(*, actor: Actor, data: EquipmentData, marking: Marking) -> EquipmentItem:
    _require(actor, "create", EquipmentItem)
    check_no_write_up(actor, marking)
    item = EquipmentItem(**data.as_fields())
    apply_marking(item, marking)
    item.save(force_insert=True)
    record(actor=actor, action="logistics.equipment.create", target=item,
           changes={"description": item.description, "quantity": item.quantity, "unit": str(item.unit_id)})
    return item


@service
def equipment_update(*, actor: Actor, item: EquipmentItem, data: EquipmentData, expected_version: int):
    _require(actor, "change", EquipmentItem, item)
    fields = data.as_fields()
    fields.pop("unit")
    if fields["quantity"] < item.affected:
        raise ServiceError(_("The quantity cannot be less than the units a verification found affected."),
                           field="quantity")
    changes = update_fields_checked(item, expected_version=expected_version, fields=fields)
    if changes:
        record(actor=actor, action="logistics.equipment.update", target=item, changes=changes)
    return item


@service
def self_sustainment_set(*, actor: Actor, unit, categories: list[str]) -> list[str]:
    """The self-sustainment categories the unit provides (replaces the list)."""
    _require(actor, "create", UnitSelfSustainment)
    unknown = [c for c in categories if c not in SelfSustainmentCategory.values]
    if unknown:
        raise ServiceError(_("Unknown self-sustainment category: %(codes)s") % {"codes": ", ".join(unknown)},
                           field="categories")
    wanted = set(categories)
    current = set(UnitSelfSustainment.objects.filter(unit=unit).values_list("category", flat=True))
    UnitSelfSustainment.objects.filter(unit=unit, category__in=current - wanted).delete()
    for category in sorted(wanted - current):
        UnitSelfSustainment.objects.create(unit=unit, category=category)
    if wanted != current:
        record(actor=actor, action="logistics.self_sustainment.set", target=unit,
               changes={"added": sorted(wanted - current), "removed": sorted(current - wanted)})
    return sorted(wanted)


# --- verifications -----------------------------------------------------------------------------------

@dataclass
class FindingData:
    item: EquipmentItem
    result: str
    quantity_affected: int = 0
    note: str = ""


@dataclass
class VerificationData:
    unit: object
    kind: str
    date: dt.date
    mission: object = None
    report_reference: str = ""
    summary: str = ""
    findings: list[FindingData] = field(default_factory=list)


def _latest_state(item: EquipmentItem) -> tuple[str, int]:
    latest = (Finding.objects.filter(item=item).select_related("verification")
              .order_by("-verification__date", "-verification__created_at").first())
    if latest is None:
        return Condition.SERVICEABLE, 0
    affected = 0 if latest.result == Condition.SERVICEABLE else latest.quantity_affected
    return latest.result, affected


@service
def verification_record(*, actor: Actor, data: VerificationData, marking: Marking) -> Verification:
    """A verification report and its findings; items found unserviceable or missing change condition."""
    _require(actor, "create", Verification)
    check_no_write_up(actor, marking)
    if data.kind not in VerificationKind.values:
        raise ServiceError(_("Choose the kind of verification."), field="kind")
    if data.date > timezone.localdate():
        raise ServiceError(_("A verification cannot be dated in the future."), field="date")
    seen = set()
    for finding in data.findings:
        item = finding.item
        if item.unit_id != data.unit.pk:
            raise ServiceError(_("%(item)s is not equipment of this unit.") % {"item": item}, field="findings")
        if item.pk in seen:
            raise ServiceError(_("%(item)s has two findings in one verification.") % {"item": item},
                               field="findings")
        seen.add(item.pk)
        if finding.result not in Condition.values:
            raise ServiceError(_("Unknown finding."), field="findings")
        count = _quantity(finding.quantity_affected, "findings")
        if finding.result == Condition.SERVICEABLE:
            finding.quantity_affected = 0
        elif count == 0 or count > item.quantity:
            raise ServiceError(_("Say how many of %(item)s (1 to %(quantity)s) are unserviceable or missing.")
                               % {"item": item, "quantity": item.quantity}, field="findings")
    verification = Verification(unit=data.unit, kind=data.kind, date=data.date, mission=data.mission,
                                report_reference=(data.report_reference or "").strip()[:120],
                                summary=(data.summary or "").strip())
    apply_marking(verification, marking)
    verification.save(force_insert=True)
    for finding in data.findings:
        Finding.objects.create(verification=verification, item=finding.item, result=finding.result,
                               quantity_affected=finding.quantity_affected, note=(finding.note or "").strip()[:500])
        condition, affected = _latest_state(finding.item)
        if (finding.item.condition, finding.item.affected) != (condition, affected):
            changes = update_fields_checked(finding.item, expected_version=None,
                                            fields={"condition": condition, "affected": affected})
            record(actor=actor, action="logistics.equipment.condition", target=finding.item,
                   changes={**changes, "verification": str(verification.pk)})
    record(actor=actor, action="logistics.verification.record", target=verification,
           changes={"kind": data.kind, "date": data.date.isoformat(), "findings": len(data.findings)})
    return verification


# --- cost estimates --------------------------------------------------------------------------------

@dataclass
class EstimateData:
    title: str
    personnel: int
    start_date: dt.date
    end_date: dt.date
    basis: str = "scenario"
    unit: object = None
    proposal: object = None
    mission: object = None
    rotation: object = None
    currency: str = "USD"
    payment_delay_months: int = 6
    include_equipment: bool = True
    notes: str = ""


def _costing_error(error: costing.CostingError) -> ServiceError:
    messages = {
        "negative_quantity": _("The quantity of %(item)s cannot be negative."),
        "negative_personnel": _("Personnel cannot be negative."),
        "period": _("The end comes before the start."),
        "delay": _("The payment delay is between 0 and 60 months."),
        "too_long": _("An estimate covers at most 120 months."),
        "overlap": _("Two rates of the same kind overlap; correct the rates table first."),
        "currency": _("The currency is a three-letter ISO code, e.g. USD."),
    }
    text = messages.get(error.code, _("The estimate cannot be computed: %(error)s"))
    return ServiceError(text % {"item": error.params.get("item", ""), "error": str(error)})


def compute(*, actor: Actor, estimate: CostEstimate) -> costing.Estimate:
    """Run the costing of a (saved or unsaved) estimate with the rates, factors and equipment in force."""
    from . import selectors

    try:
        scenario = selectors.scenario_for(actor=actor, estimate=estimate)
        return costing.estimate(scenario, selectors.costing_rates())
    except costing.CostingError as error:
        raise _costing_error(error) from None


def estimate_for_rotation(*, actor: Actor, rotation, payment_delay_months: int = 6,
                          currency: str = "USD") -> tuple[CostEstimate, costing.Estimate]:
    """An unsaved estimate of a rotation and its computed result (reads only: for the CLI and previews)."""
    from . import selectors

    defaults = selectors.rotation_defaults(actor=actor, rotation=rotation)
    defaults.pop("personnel_source")
    estimate = CostEstimate(**_clean_estimate(EstimateData(
        basis="rotation", payment_delay_months=payment_delay_months, currency=currency, **defaults)))
    return estimate, compute(actor=actor, estimate=estimate)


def _fill(estimate: CostEstimate, result: costing.Estimate) -> dict:
    data = costing.estimate_dict(result)
    peak = result.peak_gap
    return {"result": data, "computed_at": timezone.now(), "national_total": result.national.amount,
            "reimbursement_total": result.reimbursement.amount,
            "peak_gap": max(peak.gap.amount, Decimal(0)) if peak else Decimal(0)}


def _clean_estimate(data: EstimateData) -> dict:
    title = (data.title or "").strip()
    if not title:
        raise ServiceError(_("Give the estimate a title."), field="title")
    if isinstance(data.personnel, bool) or not isinstance(data.personnel, int) or data.personnel < 0:
        raise ServiceError(_("Personnel cannot be negative."), field="personnel")
    if data.end_date < data.start_date:
        raise ServiceError(_("The end comes before the start."), field="end_date")
    if not 0 <= data.payment_delay_months <= costing.MAX_DELAY_MONTHS:
        raise ServiceError(_("The payment delay is between 0 and 60 months."), field="payment_delay_months")
    fields = {"title": title[:300], "basis": data.basis, "unit": data.unit, "proposal": data.proposal,
              "mission": data.mission, "personnel": data.personnel, "start_date": data.start_date,
              "end_date": data.end_date, "currency": _currency(data.currency),
              "payment_delay_months": data.payment_delay_months, "include_equipment": data.include_equipment,
              "notes": (data.notes or "").strip(), "rotation": data.rotation}
    return fields


@service
def estimate_create(*, actor: Actor, data: EstimateData, marking: Marking) -> CostEstimate:
    _require(actor, "create", CostEstimate)
    check_no_write_up(actor, marking)
    estimate = CostEstimate(**_clean_estimate(data))
    apply_marking(estimate, marking)
    for name, value in _fill(estimate, compute(actor=actor, estimate=estimate)).items():
        setattr(estimate, name, value)
    estimate.save(force_insert=True)
    record(actor=actor, action="logistics.estimate.create", target=estimate,
           changes={"title": estimate.title, "national": str(estimate.national_total),
                    "reimbursement": str(estimate.reimbursement_total), "peak_gap": str(estimate.peak_gap)})
    return estimate


@service
def estimate_update(*, actor: Actor, estimate: CostEstimate, data: EstimateData, expected_version: int):
    """Change the estimate's parameters and recompute it with the rates in force now."""
    _require(actor, "change", CostEstimate, estimate)
    fields = _clean_estimate(data)
    probe = CostEstimate(**{f.attname: getattr(estimate, f.attname) for f in CostEstimate._meta.concrete_fields})
    for name, value in fields.items():
        setattr(probe, name, value)
    fields.update(_fill(probe, compute(actor=actor, estimate=probe)))
    changes = update_fields_checked(estimate, expected_version=expected_version, fields=fields)
    if changes:
        summary = {k: [str(a), str(b)] for k, (a, b) in changes.items() if k not in ("result", "computed_at")}
        record(actor=actor, action="logistics.estimate.update", target=estimate, changes=summary)
    return estimate


@service
def estimate_recompute(*, actor: Actor, estimate: CostEstimate, expected_version: int) -> CostEstimate:
    _require(actor, "change", CostEstimate, estimate)
    fields = _fill(estimate, compute(actor=actor, estimate=estimate))
    old = {"national": str(estimate.national_total), "reimbursement": str(estimate.reimbursement_total)}
    update_fields_checked(estimate, expected_version=expected_version, fields=fields)
    record(actor=actor, action="logistics.estimate.recompute", target=estimate,
           changes={"before": old, "after": {"national": str(estimate.national_total),
                                             "reimbursement": str(estimate.reimbursement_total)}})
    return estimate


@service
def estimate_export_audit(*, actor: Actor, estimate: CostEstimate) -> None:
    """The lines leave the system as CSV: the export is audited at the estimate's marking."""
    _require(actor, "export", CostEstimate, estimate)
    record(actor=actor, action="logistics.estimate.export", target=estimate, changes={"format": "csv"})


# --- claims and payments ---------------------------------------------------------------------------

@dataclass
class ClaimLineData:
    description: str
    amount: object
    quantity: int = 1
    equipment_item: EquipmentItem | None = None


@dataclass
class ClaimData:
    unit: object
    kind: str
    period_start: dt.date
    period_end: dt.date
    submitted_on: dt.date
    lines: list[ClaimLineData]
    mission: object = None
    rotation: object = None
    currency: str = "USD"
    notes: str = ""


def failed_verification(item: EquipmentItem, period_start: dt.date, period_end: dt.date) -> Finding | None:
    """The finding that makes `item` unclaimable for the period: unserviceable or missing at its start or
    found so during it (the latest such finding), or None."""
    findings = list(Finding.objects.filter(item=item, verification__date__lte=period_end)
                    .select_related("verification").order_by("verification__date", "verification__created_at"))
    failed = None
    for finding in findings:
        if finding.result != Condition.SERVICEABLE:
            failed = finding
        elif finding.verification.date <= period_start:
            failed = None
    return failed


def _next_claim_reference(year: int) -> str:
    prefix = f"CL-{year}-"
    last = Claim.objects.unrestricted().filter(reference__startswith=prefix).aggregate(m=Max("reference"))["m"]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


@service
def claim_create(*, actor: Actor, data: ClaimData, marking: Marking) -> Claim:
    """Record a claim sent to the UN. A line for equipment that failed verification is refused."""
    _require(actor, "create", Claim)
    check_no_write_up(actor, marking)
    if data.kind not in ClaimKind.values:
        raise ServiceError(_("Choose the kind of claim."), field="kind")
    if data.period_end < data.period_start:
        raise ServiceError(_("The period ends before it starts."), field="period_end")
    if not data.lines:
        raise ServiceError(_("A claim needs at least one line."), field="lines")
    total = Decimal("0.00")
    lines = []
    for line in data.lines:
        amount = _money(line.amount, "lines")
        quantity = _quantity(line.quantity, "lines")
        item = line.equipment_item
        if item is not None:
            if item.unit_id != data.unit.pk:
                raise ServiceError(_("%(item)s is not equipment of this unit.") % {"item": item}, field="lines")
            if quantity > item.quantity:
                raise ServiceError(_("%(item)s: the claim names more units than the register holds.")
                                   % {"item": item}, field="lines")
            failed = failed_verification(item, data.period_start, data.period_end)
            if failed is not None:
                raise ServiceError(
                    _("%(item)s failed verification: the %(kind)s of %(date)s found it %(result)s. It cannot be "
                      "claimed for this period until a verification finds it serviceable.")
                    % {"item": item, "kind": failed.verification.get_kind_display().lower(),
                       "date": failed.verification.date.isoformat(), "result": failed.get_result_display().lower()},
                    field="lines")
        elif data.kind == ClaimKind.MAJOR_EQUIPMENT:
            raise ServiceError(_("A major-equipment claim line names the item it claims for."), field="lines")
        description = (line.description or "").strip() or (str(item) if item else "")
        if not description:
            raise ServiceError(_("Describe each line of the claim."), field="lines")
        total += amount
        lines.append((description[:300], quantity, amount, item))
    claim = Claim(reference=_next_claim_reference(data.submitted_on.year), unit=data.unit, mission=data.mission,
                  rotation=data.rotation,
                  kind=data.kind, period_start=data.period_start, period_end=data.period_end,
                  submitted_on=data.submitted_on, currency=_currency(data.currency), amount_claimed=total,
                  notes=(data.notes or "").strip())
    apply_marking(claim, marking)
    claim.save(force_insert=True)
    for description, quantity, amount, item in lines:
        ClaimLine.objects.create(claim=claim, description=description, quantity=quantity, amount=amount,
                                 equipment_item=item)
    record(actor=actor, action="logistics.claim.create", target=claim,
           changes={"reference": claim.reference, "amount": str(total), "currency": claim.currency,
                    "lines": len(lines)})
    return claim


def _status(*, claimed: Decimal, verified: Decimal | None, paid: Decimal) -> str:
    due = verified if verified is not None else claimed
    if paid > 0 and paid >= due:
        return ClaimStatus.PAID
    if paid > 0:
        return ClaimStatus.PART_PAID
    if verified is not None:
        return ClaimStatus.VERIFIED
    return ClaimStatus.SUBMITTED


@service
def claim_verify(*, actor: Actor, claim: Claim, amount_verified, verified_on: dt.date,
                 expected_version: int) -> Claim:
    """The amount the UN certified (it may be less than claimed)."""
    _require(actor, "change", Claim, claim)
    amount = _money(amount_verified, "amount_verified")
    if amount > claim.amount_claimed:
        raise ServiceError(_("The verified amount cannot exceed the amount claimed."), field="amount_verified")
    if amount < claim.amount_paid:
        raise ServiceError(_("The verified amount cannot be less than what was already paid."),
                           field="amount_verified")
    if verified_on < claim.submitted_on:
        raise ServiceError(_("A claim cannot be verified before it was submitted."), field="verified_on")
    status = _status(claimed=claim.amount_claimed, verified=amount, paid=claim.amount_paid)
    changes = update_fields_checked(claim, expected_version=expected_version,
                                    fields={"amount_verified": amount, "verified_on": verified_on, "status": status})
    if changes:
        record(actor=actor, action="logistics.claim.verify", target=claim,
               changes={k: [str(a), str(b)] for k, (a, b) in changes.items()})
    return claim


@service
def payment_record(*, actor: Actor, claim: Claim, amount, received_on: dt.date, reference: str = "") -> Payment:
    _require(actor, "change", Claim, claim)
    value = _money(amount, "amount", allow_zero=False)
    if received_on < claim.submitted_on:
        raise ServiceError(_("A payment cannot arrive before the claim was submitted."), field="received_on")
    if claim.amount_paid + value > claim.due:
        raise ServiceError(_("This payment would exceed what is due on the claim (%(due)s %(currency)s).")
                           % {"due": claim.due, "currency": claim.currency}, field="amount")
    payment = Payment.objects.create(claim=claim, amount=value, received_on=received_on,
                                     reference=(reference or "").strip()[:120])
    paid = claim.amount_paid + value
    status = _status(claimed=claim.amount_claimed, verified=claim.amount_verified, paid=paid)
    update_fields_checked(claim, expected_version=None, fields={"amount_paid": paid, "status": status})
    record(actor=actor, action="logistics.claim.payment", target=claim,
           changes={"amount": str(value), "received_on": received_on.isoformat(), "paid": str(paid)})
    return payment
