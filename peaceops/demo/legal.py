"""Demo: the legal instruments behind the hospital's deployment, its compliance items and one discipline case.

Every record is a fictional demo record: references start with DEMO-, dates and numbers are placeholders
(not the real instruments' dates), and the texts say so. Idempotent: records are found by reference.
"""

from __future__ import annotations

import datetime as dt

from peaceops.access.actor import actor_for_user
from peaceops.access.marking import Marking
from peaceops.accounts.models import User
from peaceops.org.models import Agency, Unit

FICTIONAL = "Fictional demo record: the reference, dates and wording are placeholders, not the real instrument."


def load(actor) -> dict:
    """Load this part of the demo idempotently; returns counts of what was created."""
    from peaceops.legal import services
    from peaceops.legal.models import ComplianceRecord, DisciplineCase, Instrument
    from peaceops.missions.models import Mission, Rotation

    counts = {"instruments": 0, "compliance_records": 0, "discipline_cases": 0}
    admin_user = User.objects.filter(username="admin").first()
    unmiss = Mission.objects.filter(acronym="UNMISS").first()
    hospital = Unit.objects.filter(code="L2FH-7").first()
    if admin_user is None or unmiss is None or hospital is None:
        return counts
    officer = actor_for_user(admin_user)  # the only demo persona holding the DISCIPLINE compartment
    agencies = {a.code: a for a in Agency.objects.all()}
    every = tuple(agencies[c] for c in ("MOD", "MFA", "MOH", "MPS"))
    rotations = {r.number: r for r in Rotation.objects.filter(mission=unmiss, unit=hospital)}
    rotation = rotations.get(3) or (max(rotations.values(), key=lambda r: r.number) if rotations else None)

    instruments = [
        (services.InstrumentData(
            reference="DEMO-QD-2026-01", title="National decision on sending a Level-2 field hospital to UNMISS (demo)",
            kind="national_decision", status="in_force", parties="Government (demo)", mission=unmiss,
            signed_on=dt.date(2026, 9, 1), in_force_on=dt.date(2026, 10, 1), notes=FICTIONAL),
         Marking(level=0, owning_agency_id=agencies["VDPO"].pk, releasable_to=every)),
        (services.InstrumentData(
            reference="DEMO-MOU-L2FH-R3", title="MOU with the UN for the Level-2 hospital, rotation 3 (demo)",
            kind="mou", status="in_force", parties="United Nations; Ministry of National Defence (demo)",
            mission=unmiss, unit=hospital, rotation=rotation, signed_on=dt.date(2026, 11, 10),
            in_force_on=dt.date(2026, 11, 20), expires_on=dt.date(2028, 3, 31), notes=FICTIONAL),
         Marking(level=1, owning_agency_id=agencies["VDPO"].pk, releasable_to=(agencies["MOD"], agencies["MFA"]),
                 classified_by="Nguyễn Văn Khoa", reason="Negotiated terms")),
        (services.InstrumentData(
            reference="DEMO-SOFA-UNMISS", title="Status-of-forces agreement for UNMISS (demo record)",
            kind="sofa_soma", status="in_force", parties="United Nations; host state (demo)", mission=unmiss,
            signed_on=dt.date(2012, 1, 1), in_force_on=dt.date(2012, 1, 1), notes=FICTIONAL),
         Marking(level=0, owning_agency_id=agencies["VDPO"].pk, releasable_to=every)),
    ]
    for data, marking in instruments:
        if not Instrument.objects.unrestricted().filter(reference=data.reference).exists():
            services.instrument_create(actor=officer, data=data, marking=marking)
            counts["instruments"] += 1

    if rotation is not None:
        for item, done_on, evidence in (
                ("insurance", dt.date(2026, 11, 25), "DEMO group policy no. 0000-DEMO (fictional)"),
                ("roe_briefed", dt.date(2026, 11, 28), "Briefing roll, 63 signatures (demo)")):
            if not ComplianceRecord.objects.filter(rotation=rotation, item=item).exists():
                services.compliance_record(actor=officer, rotation=rotation, item=item, done_on=done_on,
                                           evidence=evidence)
                counts["compliance_records"] += 1
        # Conduct and discipline training is not recorded yet: the checklist shows it red.

    if not DisciplineCase.objects.unrestricted().filter(allegation__startswith="Fictional demo case").exists():
        case = services.case_create(actor=officer, data=services.CaseData(
            mission=unmiss, category="minor", reported_on=dt.date(2026, 6, 3),
            rotation=rotations.get(2),
            allegation="Fictional demo case: a vehicle of the unit was used outside the authorised route without "
                       "permission. No person is named in the demo."),
            marking=Marking(level=1, owning_agency_id=agencies["VDPO"].pk, compartments=("DISCIPLINE",),
                            classified_by="Nguyễn Văn Khoa", reason="Conduct and discipline"))
        services.case_transition(actor=officer, case=case, step="open_investigation", on=dt.date(2026, 6, 5),
                                 investigation="National investigation officer of the unit (demo)",
                                 note="Opened on the commander's order (demo).")
        counts["discipline_cases"] += 1
    return counts
