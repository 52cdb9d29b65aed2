"""Reads in logistics, always through the policies' scope."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import Http404
from django.utils import timezone

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for

from . import costing
from .choices import AGEING_BUCKETS
from .models import (
    Claim,
    CostEstimate,
    EquipmentItem,
    Finding,
    MissionFactor,
    Rate,
    UnitSelfSustainment,
    Verification,
)

DEFAULT_TOUR_MONTHS = 12


def _scope(model, actor: Actor, action: str = "view"):
    return policy_for(model).scope(actor, action)


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- rates -------------------------------------------------------------------------------------------

def rate_list(*, actor: Actor):
    return _scope(Rate, actor)


def rate_get(*, actor: Actor, pk) -> Rate:
    return _get(rate_list(actor=actor), pk)


def factor_list(*, actor: Actor, mission=None):
    queryset = _scope(MissionFactor, actor).select_related("mission")
    return queryset.filter(mission=mission) if mission is not None else queryset


def rate_ref(rate: Rate) -> costing.Rate:
    return costing.Rate(ref=str(rate.pk), kind=rate.kind, key=rate.key, amount=rate.amount, currency=rate.currency,
                        effective_from=rate.effective_from, effective_to=rate.effective_to,
                        source=rate.source, authority=rate.authority, verified=rate.verified)


def costing_rates() -> list[costing.Rate]:
    """Every rate (unclassified reference data) in the costing module's form."""
    return [rate_ref(rate) for rate in Rate.objects.all()]


# --- equipment ---------------------------------------------------------------------------------------

def equipment_list(*, actor: Actor, unit=None):
    queryset = _scope(EquipmentItem, actor).select_related("unit", "owning_agency")
    return queryset.filter(unit=unit) if unit is not None else queryset


def equipment_get(*, actor: Actor, pk) -> EquipmentItem:
    return _get(equipment_list(actor=actor), pk)


def verification_list(*, actor: Actor, unit=None):
    queryset = _scope(Verification, actor).select_related("unit", "mission")
    return queryset.filter(unit=unit) if unit is not None else queryset


def verification_get(*, actor: Actor, pk) -> Verification:
    return _get(verification_list(actor=actor), pk)


def findings_for(*, actor: Actor, item=None, verification=None):
    queryset = _scope(Finding, actor).select_related("verification", "item")
    if item is not None:
        queryset = queryset.filter(item=item)
    if verification is not None:
        queryset = queryset.filter(verification=verification)
    return queryset.order_by("-verification__date", "item__description")


def self_sustainment(*, actor: Actor, unit) -> list[UnitSelfSustainment]:
    return list(_scope(UnitSelfSustainment, actor).filter(unit=unit))


def units_with_equipment(*, actor: Actor):
    """Units that have visible equipment, with their item counts (for the register's index)."""
    from peaceops.org.models import Unit

    counts = dict(equipment_list(actor=actor).order_by().values_list("unit").annotate(n=Count("id"))
                  .values_list("unit", "n"))
    provided = set(UnitSelfSustainment.objects.values_list("unit", flat=True))
    units = list(policy_for(Unit).scope(actor, "view").filter(pk__in=set(counts) | provided).order_by("code"))
    for unit in units:
        unit.item_count = counts.get(unit.pk, 0)
    return units


# --- estimates ---------------------------------------------------------------------------------------

def estimate_list(*, actor: Actor):
    from peaceops.decisions.models import Proposal

    # Whether the actor may see the linked proposal: the API names it only then (no trace of the invisible).
    proposal_visible = Exists(Proposal.objects.visible_to(actor).filter(pk=OuterRef("proposal_id")))
    return (_scope(CostEstimate, actor).select_related("unit", "proposal", "mission", "rotation__mission",
                                                       "rotation__unit")
            .annotate(proposal_visible=proposal_visible))


def estimate_get(*, actor: Actor, pk) -> CostEstimate:
    return _get(estimate_list(actor=actor), pk)


def item_states(findings) -> dict:
    """{item pk: (ItemState, …)} from findings (with their verification)."""
    states = defaultdict(list)
    for finding in findings:
        verification = finding.verification
        count = 0 if finding.result == costing.SERVICEABLE else finding.quantity_affected
        states[finding.item_id].append(costing.ItemState(
            on=verification.date, state=finding.result, count=count,
            ref=verification.report_reference or verification.get_kind_display(), label=finding.note))
    return states


def scenario_for(*, actor: Actor, estimate: CostEstimate) -> costing.Scenario:
    """The costing scenario of an estimate: the unit's equipment and self-sustainment the actor may see,
    the verification findings on that equipment, and the mission's factors."""
    equipment: tuple = ()
    provided: tuple = ()
    if estimate.unit_id is not None:
        if estimate.include_equipment:
            items = list(equipment_list(actor=actor, unit=estimate.unit_id))
            states = item_states(findings_for(actor=actor).filter(item__in=[i.pk for i in items]))
            equipment = tuple(costing.Equipment(
                ref=str(item.pk), label=item.description + (f" ({item.serial})" if item.serial else ""),
                category=item.category, lease=item.lease, quantity=item.quantity,
                states=tuple(states.get(item.pk, ()))) for item in items)
        provided = tuple(s.category for s in self_sustainment(actor=actor, unit=estimate.unit_id))
    factors: tuple = ()
    if estimate.mission_id is not None:
        factors = tuple(costing.Factor(ref=str(f.pk), kind=f.kind, percent=f.percent,
                                       effective_from=f.effective_from, effective_to=f.effective_to,
                                       source=f.source, verified=f.verified)
                        for f in factor_list(actor=actor, mission=estimate.mission_id))
    return costing.Scenario(start=estimate.start_date, end=estimate.end_date, personnel=estimate.personnel,
                            currency=estimate.currency, equipment=equipment, self_sustainment=provided,
                            factors=factors, payment_delay_months=estimate.payment_delay_months)


def rotation_defaults(*, actor: Actor, rotation) -> dict:
    """What an estimate of `rotation` starts from: its unit, mission, dates, proposal, and its personnel —
    the posts of its requirements, else the deployments the actor may see, else the unit's table of
    organisation."""
    from peaceops.missions import selectors as missions

    personnel = sum(r.count for r in missions.requirement_list(actor=actor, rotation=rotation))
    source = "requirements"
    if not personnel:
        personnel = missions.deployment_list(actor=actor, rotation=rotation).exclude(
            status__in=["withdrawn"]).count()
        source = "deployments"
    if not personnel and rotation.unit_id:
        from peaceops.org.models import TablePost

        personnel = sum(TablePost.objects.filter(unit=rotation.unit_id).values_list("count", flat=True))
        source = "table of organisation"
    return {"rotation": rotation, "unit": rotation.unit, "mission": rotation.mission,
            "proposal": rotation.proposal, "start_date": rotation.start_date, "end_date": rotation.end_date,
            "personnel": personnel, "personnel_source": source, "title": str(rotation)}


def rotation_list(*, actor: Actor):
    from peaceops.missions import selectors as missions

    return missions.rotation_list(actor=actor)


def proposal_estimates(*, actor: Actor, proposal):
    return estimate_list(actor=actor).filter(proposal=proposal).order_by("-updated_at")


# --- claims ------------------------------------------------------------------------------------------

def claim_list(*, actor: Actor):
    return _scope(Claim, actor).select_related("unit", "mission")


def claim_get(*, actor: Actor, pk) -> Claim:
    queryset = claim_list(actor=actor).prefetch_related(
        "lines__equipment_item", Prefetch("payments"))
    return _get(queryset, pk)


@dataclass
class AgeingRow:
    code: str
    label: str
    count: int
    outstanding: dict  # {currency: Decimal}


def ageing(claims, *, today: dt.date | None = None) -> list[AgeingRow]:
    """Outstanding amounts by days since submission, per currency (never summed across currencies)."""
    today = today or timezone.localdate()
    rows = [AgeingRow(code, label, 0, {}) for code, label, _low, _high in AGEING_BUCKETS]
    for claim in claims:
        outstanding = claim.outstanding
        if outstanding <= 0:
            continue
        age = (today - claim.submitted_on).days
        for row, (_code, _label, low, high) in zip(rows, AGEING_BUCKETS, strict=True):
            if age >= low and (high is None or age <= high):
                row.count += 1
                row.outstanding[claim.currency] = row.outstanding.get(claim.currency, Decimal("0.00")) + outstanding
                break
        else:
            rows[0].count += 1  # dated in the future: the youngest bucket
            rows[0].outstanding[claim.currency] = rows[0].outstanding.get(claim.currency, Decimal(0)) + outstanding
    return rows


def claim_totals(claims) -> dict:
    """{currency: {claimed, verified, paid, outstanding}} of the given claims."""
    totals: dict = {}
    for claim in claims:
        row = totals.setdefault(claim.currency, {"claimed": Decimal("0.00"), "verified": Decimal("0.00"),
                                                 "paid": Decimal("0.00"), "outstanding": Decimal("0.00")})
        row["claimed"] += claim.amount_claimed
        row["verified"] += claim.amount_verified or Decimal(0)
        row["paid"] += claim.amount_paid
        row["outstanding"] += claim.outstanding
    return totals


# --- risk (the proposal's panel) -----------------------------------------------------------------------

def mission_risk(*, actor: Actor, mission: str, personnel: int, months: float):
    """Expected fatalities for `personnel` over `months` in `mission` (insights/risk.py), or None."""
    from peaceops.insights import rates, risk
    from peaceops.insights.models import Fatality, MissionMonth
    from peaceops.insights.selectors import UNIFORMED_TYPES

    if not mission:
        return None
    strength = [rates.StrengthMonth(mission, d.year, d.month, t) for d, t in
                _scope(MissionMonth, actor).filter(mission=mission).values_list("month", "total")]
    if not strength:
        return None
    fatalities = [rates.Fatality(mission, d, i, p) for d, i, p in
                  _scope(Fatality, actor).filter(mission=mission, personnel_type__in=UNIFORMED_TYPES)
                  .values_list("incident_date", "incident_type", "personnel_type")]
    result = rates.mission_rates(strength, fatalities).get(mission)
    if result is None:
        return None
    return risk.from_mission_rate(result, personnel=personnel, months=months)


