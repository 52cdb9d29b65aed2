"""Demo: one fictional road accident on the hospital's supply road, its casualty, the notification
workflow part-done (family and ministries; no public statement yet), a repatriation, follow-up care and
a disability claim. Everything here is invented for the demo; the deadline periods are DEMO values,
entered and marked as not verified (no verified period exists in the project's sources).

Idempotent and deterministic: dates are counted back from the day the demo is loaded, and a second
run finds the incident by its place and creates nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from peaceops.access.actor import actor_for_user
from peaceops.access.marking import Marking
from peaceops.accounts.models import User
from peaceops.org.models import Agency

PLACE = "Bentiu–Rubkona supply road, km 7 (fictional demo incident)"
DEMO_SOURCE = "DEMO value for the demonstration only — not a UN rule; enter the period of the applicable UN instruction"
DEMO_PERIODS = [("claim_submission", 180, 30), ("un_settlement", 90, 30)]


def load(actor) -> dict:
    """Load this part of the demo idempotently; returns counts of what was created."""
    from peaceops.missions.models import Mission
    from peaceops.people.models import Person
    from peaceops.welfare import services
    from peaceops.welfare.models import DeadlineParameter, Incident, NotificationStep

    counts = {"deadline_periods": 0, "incidents": 0, "casualties": 0, "claims": 0}
    admin_user = User.objects.filter(username="admin").first()
    mission = Mission.objects.filter(acronym="UNMISS").first()
    if admin_user is None or mission is None:
        return counts
    officer = actor_for_user(admin_user)  # the only demo persona holding the CASUALTY compartment
    for code, days, warn in DEMO_PERIODS:
        if not DeadlineParameter.objects.filter(code=code).exists():
            services.deadline_parameter_set(actor=officer, code=code, days=days, warn_days=warn,
                                            effective_from=dt.date(2014, 1, 1), source=DEMO_SOURCE, verified=False)
            counts["deadline_periods"] += 1
    if Incident.objects.visible_to(officer).filter(place=PLACE).exists():
        return counts
    person = (Person.objects.visible_to(officer).filter(unit__code="L2FH-7", level_id=0)
              .order_by("service_number").first())
    if person is None:
        return counts
    agencies = {a.code: a for a in Agency.objects.all()}
    today = timezone.localdate()
    occurred = today - dt.timedelta(days=160)  # so that the claim's submission deadline is near
    incident = services.incident_create(actor=officer, data=services.IncidentData(
        occurred_on=occurred, place=PLACE, mission=mission, incident_type="accident",
        description="Fictional demo: a hospital ambulance left the road in heavy rain while returning from a "
                    "patient transfer. The driver was seriously injured and evacuated to the Level-2 hospital."),
        marking=Marking(level=1, owning_agency_id=agencies["VDPO"].pk,
                        releasable_to=(agencies["MOD"], agencies["MOH"]),
                        classified_by="Nguyễn Văn Khoa", reason="Operational incident"))
    counts["incidents"] += 1
    casualty = services.casualty_create(
        actor=officer, incident=incident, person=person, status="seriously_injured",
        next_steps="Fictional demo: medical evacuation to Hà Nội; public statement to be agreed with the Ministry.",
        marking=Marking(level=1, owning_agency_id=agencies["VDPO"].pk, compartments=("CASUALTY",),
                        releasable_to=(agencies["MOD"], agencies["MOH"]), classified_by="Nguyễn Văn Khoa",
                        reason="Casualty file"))
    counts["casualties"] += 1
    start = timezone.make_aware(dt.datetime.combine(occurred, dt.time(9, 0)))
    for kind, hours, note in (("family", 6, "Unit commander and a personnel officer visited the family in person"),
                              ("ministries", 9, "MOD and MOH duty officers informed")):
        step = NotificationStep.objects.get(casualty=casualty, kind=kind)
        services.notification_step_complete(actor=officer, step=step, done_at=start + dt.timedelta(hours=hours),
                                            note=note)
    services.repatriation_add(actor=officer, casualty=casualty, data=services.RepatriationData(
        departs_on=occurred + dt.timedelta(days=4), arrives_on=occurred + dt.timedelta(days=5),
        route="Bentiu – Juba (UN flight) – Addis Ababa – Hà Nội (medical evacuation)",
        escort="A doctor and a nurse of the hospital (fictional)"))
    services.care_add(actor=officer, casualty=casualty, data=services.CareData(
        on=occurred + dt.timedelta(days=30), kind="medical", provider="Central Military Hospital 108 (demo)",
        note="Fictional demo: rehabilitation after surgery; review of loss of function.",
        next_review_on=today + dt.timedelta(days=20)))
    services.claim_create(actor=officer, casualty=casualty, data=services.ClaimData(
        kind="disability", currency="USD", claimed_amount="12345.00", disability_percent="30",
        note="Fictional demo amount: 12,345.00 is a placeholder, not a UN rate. The real amount follows the "
             "applicable UN instrument once the medical board has assessed the loss of function."),
        marking=Marking(level=1, owning_agency_id=agencies["VDPO"].pk, compartments=("CASUALTY",),
                        releasable_to=(agencies["MOD"], agencies["MOH"]), classified_by="Nguyễn Văn Khoa",
                        reason="Compensation file"))
    counts["claims"] += 1
    return counts
