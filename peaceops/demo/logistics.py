"""Demo: the Level-2 field hospital's (L2FH-7) rotation in UNMISS — the current one of the force-generation
demo when it exists, else rotation 7 from its departure date — its contingent-owned equipment, the
verifications (dated from the rotation's start) that found an ambulance unserviceable, the rates, the cost against the expected UN
reimbursement month by month, and the claims with what the UN verified and paid.

A worked example where every line shows its rate and source. The troop-cost rates up to 30 June 2022 are
the verified reference data; every other figure below is ENTERED, NOT VERIFIED: the 1,448 USD rate of
1 July 2022 (amount unverified), and illustrative demo figures for the COE, self-sustainment, mission
factor and national rates, whose source says plainly that they are not official rates.

Idempotent (a second run creates nothing) and deterministic. Writes go through the logistics services as
the logistics officer who would make them, so the audit trail reads like the real thing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from peaceops.access.actor import actor_for_user
from peaceops.access.marking import Marking
from peaceops.accounts import services as account_services
from peaceops.accounts.models import User
from peaceops.logistics import services
from peaceops.logistics.models import Claim, CostEstimate, EquipmentItem, MissionFactor, Rate, Verification
from peaceops.org.models import Agency, Unit

from .structure import DEMO_PASSWORD

D = dt.date
UNIT = "L2FH-7"
MISSION = "UNMISS"
# Without a rotation from the force-generation demo: rotation 7 departed on 22 September 2025
# (DOMAIN_FACTS §8), a twelve-month tour. Every other date below is counted from the rotation's start.
ROTATION_START, ROTATION_END = D(2025, 9, 22), D(2026, 9, 21)
PERSONNEL = 63
ESTIMATE_NOTE = "demo:rotation-estimate"


def TODAY() -> dt.date:  # noqa: N802 - reads like the constant it stands for
    from django.utils import timezone

    return timezone.localdate()
PROPOSAL_ESTIMATE_TITLE = "Proposal: Level-2 hospital to UNMISS (Bentiu), first 12 months"

ACCOUNT = ("logistics", "Ngô Thị Mai", "CONFIDENTIAL", ["VDPO", "MOD"], ["logistics"])

DEMO_SOURCE = ("DEMO FIGURE — illustrative only, not an official rate. Replace with the figure of {doc} "
               "and its reference before any real use.")
COE = "the COE Manual 2023 (symbol A/78/87 unverified), annex A"
COE_SS = "the COE Manual 2023 (symbol A/78/87 unverified), annex B"
NATIONAL = "the Ministry of National Defence's decision on peacekeeping allowances and costs"

ENTERED_RATES = [
    # kind, key, amount, from, authority, source
    ("troop_cost", "", "1448.00", D(2022, 7, 1), "A/76/676 (SG report), A/76/757 (ACABQ); adopting resolution not verified",
     "casquebleu.org 'Personnel reimbursement' (rev. 23 Apr 2022) confirms the third survey and the 1 July 2022 "
     "effective date; the amount 1,448 USD is reported but UNVERIFIED (DOMAIN_FACTS §1)."),
    ("major_equipment", "medical_module", "38000.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE)),
    ("maintenance", "medical_module", "14500.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE)),
    ("major_equipment", "ambulance", "1900.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE)),
    ("maintenance", "ambulance", "850.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE)),
    ("major_equipment", "support_vehicle", "1500.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE)),
    ("maintenance", "support_vehicle", "700.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE)),
    ("major_equipment", "generator", "900.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE)),
    ("maintenance", "generator", "400.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE)),
    ("major_equipment", "water", "1100.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE)),
    ("major_equipment", "accommodation", "240.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE)),
    ("maintenance", "accommodation", "90.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE)),
    ("self_sustainment", "catering", "28.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE_SS)),
    ("self_sustainment", "communications", "40.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE_SS)),
    ("self_sustainment", "office", "22.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE_SS)),
    ("self_sustainment", "electrical", "30.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE_SS)),
    ("self_sustainment", "laundry_cleaning", "20.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE_SS)),
    ("self_sustainment", "tentage", "25.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE_SS)),
    ("self_sustainment", "welfare", "6.00", D(2023, 7, 1), "", DEMO_SOURCE.format(doc=COE_SS)),
    ("national_allowance", "", "1150.00", D(2024, 1, 1), "", DEMO_SOURCE.format(doc=NATIONAL)),
    ("national_training", "", "2600.00", D(2024, 1, 1), "", DEMO_SOURCE.format(doc=NATIONAL)),
    ("national_medical", "", "450.00", D(2024, 1, 1), "", DEMO_SOURCE.format(doc=NATIONAL)),
    ("national_air", "", "1350.00", D(2024, 1, 1), "", DEMO_SOURCE.format(doc=NATIONAL)),
    ("national_sea", "", "420000.00", D(2024, 1, 1), "", DEMO_SOURCE.format(doc=NATIONAL)),
    ("national_equipment", "", "18000.00", D(2024, 1, 1), "", DEMO_SOURCE.format(doc=NATIONAL)),
]

EQUIPMENT = [
    # serial, category, description, lease, quantity
    ("L2FH-MED-01", "medical_module", "Level-2 hospital: surgical, ward and diagnostic modules", "wet", 1),
    ("L2FH-AMB", "ambulance", "Ambulance 4×4", "wet", 4),
    ("L2FH-VEH", "support_vehicle", "Utility vehicle 4×4", "wet", 3),
    ("L2FH-GEN", "generator", "Generator 100 kVA", "wet", 2),
    ("L2FH-WTR-01", "water", "Water purification unit", "dry", 1),
    ("L2FH-ACC", "accommodation", "Accommodation container", "wet", 12),
]
SELF_SUSTAINMENT = ["catering", "communications", "office", "electrical", "laundry_cleaning", "tentage", "welfare"]

VERIFICATIONS = [
    # reference, kind, days after the start, summary, findings {serial: (result, count, note)}
    ("UNMISS-COE-L2FH-ARR", "arrival", 16, "Arrival inspection at Bentiu: all declared items present.", {}),
    ("UNMISS-COE-L2FH-P1", "periodic", 100,
     "Quarterly inspection. One ambulance off the road (gearbox); one generator missing from the inventory.",
     {"L2FH-AMB": ("unserviceable", 1, "Gearbox failure; awaiting parts"),
      "L2FH-GEN": ("missing", 1, "Not found at the sector workshop")}),
    ("UNMISS-COE-L2FH-P2", "periodic", 190, "Quarterly inspection. The ambulance is repaired.",
     {"L2FH-AMB": ("serviceable", 0, "Repaired")}),
]
FACTOR = ("extreme_environment", "1.5", D(2024, 1, 1),
          DEMO_SOURCE.format(doc="the UNMISS Statement of Unit Requirement / MOU annex"))


def _account(system, agencies):
    username, full_name, level, codes, roles = ACCOUNT
    user = User.objects.filter(username=username).first()
    if user is None:
        user = account_services.user_create(actor=system, username=username, full_name=full_name,
                                            password=DEMO_PASSWORD)
        account_services.clearance_grant(actor=system, user=user, level=level, compartments=[],
                                         agencies=[agencies[c] for c in codes], valid_from=D(2024, 1, 1))
        for role in roles:
            account_services.role_grant(actor=system, user=user, role=role, valid_from=D(2024, 1, 1))
    return actor_for_user(user)


def _marking(agencies) -> Marking:
    return Marking(level=1, owning_agency_id=agencies["VDPO"].pk,
                   releasable_to=tuple(agencies[c] for c in ("MOD", "MFA")),
                   classified_by=ACCOUNT[1], reason="Contingent equipment and finance")


def _rotation(unit):
    """The hospital's rotation in force today in the force-generation demo, else the latest that has started."""
    from django.utils import timezone

    from peaceops.missions.models import Rotation

    today = timezone.localdate()
    started = (Rotation.objects.filter(unit=unit, mission__acronym=MISSION, start_date__lte=today)
               .select_related("mission", "proposal").order_by("-start_date"))
    return started.filter(end_date__gte=today).first() or started.first()


def _plus_months(day: dt.date, months: int) -> dt.date:
    years, month = divmod(day.month - 1 + months, 12)
    return D(day.year + years, month + 1, min(day.day, 28))


def _claim_amount(estimate: CostEstimate, categories: set[str], start: dt.date, end: dt.date) -> Decimal:
    """What the estimate earned in those categories over the period (the demo claims what it computed)."""
    total = Decimal("0.00")
    for line in estimate.result["lines"]:
        if line["category"] in categories and start.isoformat() <= line["period_from"] <= end.isoformat():
            total += Decimal(line["amount"])
    return total


def load(actor) -> dict:
    """Load this part of the demo idempotently; returns counts of what was created."""
    from peaceops.missions.models import Mission

    counts = {"rates": 0, "equipment": 0, "verifications": 0, "estimates": 0, "claims": 0, "payments": 0}
    agencies = {a.code: a for a in Agency.objects.all()}
    unit = Unit.objects.filter(code=UNIT).first()
    mission = Mission.objects.filter(acronym=MISSION).first()
    if unit is None or mission is None:
        return counts
    officer = _account(actor, agencies)
    marking = _marking(agencies)

    report = services.reference_load(actor=actor)
    counts["rates"] += report.created
    for kind, key, amount, start, authority, source in ENTERED_RATES:
        if not Rate.objects.filter(kind=kind, key=key, currency="USD", effective_from=start).exists():
            services.rate_create(actor=officer, data=services.RateData(
                kind=kind, key=key, amount=amount, effective_from=start, authority=authority, source=source))
            counts["rates"] += 1
    kind, percent, start, source = FACTOR
    if not MissionFactor.objects.filter(mission=mission, kind=kind).exists():
        services.factor_create(actor=officer, mission=mission, kind=kind, percent=percent, source=source,
                               effective_from=start)

    items = {}
    for serial, category, description, lease, quantity in EQUIPMENT:
        item = EquipmentItem.objects.visible_to(actor).filter(unit=unit, serial=serial).first()
        if item is None:
            item = services.equipment_create(actor=officer, marking=marking, data=services.EquipmentData(
                unit=unit, category=category, description=description, lease=lease, quantity=quantity,
                serial=serial))
            counts["equipment"] += 1
        items[serial] = item
    services.self_sustainment_set(actor=officer, unit=unit, categories=SELF_SUSTAINMENT)

    rotation = _rotation(unit)
    start, end = (rotation.start_date, rotation.end_date) if rotation else (ROTATION_START, ROTATION_END)
    for reference, kind, days, summary, findings in VERIFICATIONS:
        day = start + dt.timedelta(days=days)
        if day > TODAY():
            continue  # not inspected yet
        if Verification.objects.visible_to(actor).filter(unit=unit, report_reference=reference).exists():
            continue
        rows = [services.FindingData(item=EquipmentItem.objects.visible_to(actor).get(pk=items[serial].pk),
                                     result=result, quantity_affected=count, note=note)
                for serial, (result, count, note) in findings.items()]
        services.verification_record(actor=officer, marking=marking, data=services.VerificationData(
            unit=unit, kind=kind, date=day, mission=mission, report_reference=reference, summary=summary,
            findings=rows))
        counts["verifications"] += 1

    estimate = CostEstimate.objects.visible_to(actor).filter(notes__startswith=ESTIMATE_NOTE).first()
    if estimate is None:
        number = f" R{rotation.number}" if rotation else ""
        estimate = services.estimate_create(actor=officer, marking=marking, data=services.EstimateData(
            title=f"{UNIT} · {MISSION}{number} ({start:%m/%Y} – {end:%m/%Y})", basis="rotation", unit=unit,
            mission=mission, rotation=rotation, personnel=PERSONNEL, start_date=start, end_date=end,
            payment_delay_months=6, proposal=rotation.proposal if rotation else None,
            notes=f"{ESTIMATE_NOTE} — worked example: every line shows the rate it uses and that rate's source."))
        counts["estimates"] += 1
    counts["estimates"] += _proposal_estimate(actor, officer, marking, unit, mission)
    claimed, paid = _claims(actor, officer, marking, unit, mission, rotation, estimate, items, start)
    counts["claims"] += claimed
    counts["payments"] += paid
    return counts


def _proposal_estimate(actor, officer, marking, unit, mission) -> int:
    from peaceops.decisions.models import Proposal

    from .decisions import HOSPITAL_TITLE

    proposal = Proposal.objects.visible_to(actor).filter(title=HOSPITAL_TITLE).first()
    if proposal is None or CostEstimate.objects.visible_to(actor).filter(title=PROPOSAL_ESTIMATE_TITLE).exists():
        return 0
    start = proposal.planned_start or ROTATION_START
    end = D(start.year + 1, start.month, 1) - dt.timedelta(days=1)
    services.estimate_create(actor=officer, marking=marking, data=services.EstimateData(
        title=PROPOSAL_ESTIMATE_TITLE, basis="proposal", proposal=proposal, unit=unit, mission=mission,
        personnel=proposal.personnel or PERSONNEL, start_date=start, end_date=end, payment_delay_months=6))
    return 1


CLAIMS = [
    # key, kind, quarter of the tour (0 = the first three months), days after the quarter to submit,
    # categories, verified share, days to verification, payments [(days after submission, share)]
    ("personnel-q1", "personnel", 0, 20, {"personnel"}, Decimal("1"), 80, [(180, Decimal("1"))]),
    ("equipment-q2", "major_equipment", 1, 22, None, Decimal("0.97"), 70, [(140, Decimal("0.5"))]),
    ("self-sustainment-q2", "self_sustainment", 1, 22, {"self_sustainment"}, None, None, []),
    ("personnel-q3", "personnel", 2, 21, {"personnel"}, None, None, []),
]


def _claims(actor, officer, marking, unit, mission, rotation, estimate, items, tour_start) -> tuple[int, int]:
    created = paid = 0
    for key, kind, quarter, submit_after, categories, share, verify_after, payments in CLAIMS:
        note = f"demo:{key}"
        start = _plus_months(tour_start, 3 * quarter) if quarter else tour_start
        end = _plus_months(tour_start, 3 * quarter + 3) - dt.timedelta(days=1)
        submitted = end + dt.timedelta(days=submit_after)
        if submitted > TODAY():
            continue  # not submitted yet
        if Claim.objects.visible_to(actor).filter(notes=note).exists():
            continue
        if kind == "major_equipment":
            lines = []
            for item in items.values():
                item = EquipmentItem.objects.visible_to(actor).get(pk=item.pk)
                if services.failed_verification(item, start, end) is not None:
                    continue  # the ambulance and the generator failed verification: not claimable
                amount = sum((Decimal(line["amount"]) for line in estimate.result["lines"]
                              if line["category"] == "major_equipment" and line["item_ref"] == str(item.pk)
                              and start.isoformat() <= line["period_from"] <= end.isoformat()), Decimal("0.00"))
                if amount:
                    lines.append(services.ClaimLineData(description=item.description, amount=amount,
                                                        quantity=item.quantity, equipment_item=item))
        else:
            amount = _claim_amount(estimate, categories, start, end)
            lines = [services.ClaimLineData(description=f"{kind.replace('_', ' ')} {start} – {end}", amount=amount,
                                            quantity=PERSONNEL)]
        if not lines:
            continue
        claim = services.claim_create(actor=officer, marking=marking, data=services.ClaimData(
            unit=unit, kind=kind, period_start=start, period_end=end, submitted_on=submitted, lines=lines,
            mission=mission, rotation=rotation, notes=note))
        created += 1
        if share is not None:
            amount = (claim.amount_claimed * share).quantize(Decimal("0.01"))
            if submitted + dt.timedelta(days=verify_after) > TODAY():
                continue
            services.claim_verify(actor=officer, claim=claim, amount_verified=amount,
                                  verified_on=submitted + dt.timedelta(days=verify_after),
                                  expected_version=claim.version)
            for after, part in payments:
                day = submitted + dt.timedelta(days=after)
                if day > TODAY():
                    continue
                services.payment_record(actor=officer, claim=claim, amount=(amount * part).quantize(Decimal("0.01")),
                                        received_on=day, reference=f"UN-PAY-{key}-{day:%Y%m%d}")
                paid += 1
    return created, paid
