"""The decisions demo: the Level-2 hospital's path from a deferred decision, through the comprehensive
review, to approval; and one open proposal under review. Idempotent; every write goes through the
decisions services as the persona who would make it (so the audit trail reads like the real thing)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from peaceops.access.actor import actor_for_user
from peaceops.access.marking import Marking
from peaceops.accounts import services as account_services
from peaceops.accounts.models import User
from peaceops.decisions import services
from peaceops.decisions.models import Proposal, ReviewItem
from peaceops.org.models import Agency

from .structure import DEMO_PASSWORD

HOSPITAL_TITLE = "Deploy a Level-2 field hospital to UNMISS (Bentiu)"
STAFF_TITLE = "Send four staff officers to MINUSCA"

# Demo accounts this module adds (fictional people): the leader who decides, and a police liaison.
EXTRA_ACCOUNTS = [
    ("leader", "Hoàng Văn Đức", "SECRET", ["VDPO", "MOD", "MFA", "MOH", "MPS"], ["leader"]),
    ("mps", "Đặng Quốc Huy", "CONFIDENTIAL", ["MPS"], ["liaison"]),
]


def _accounts(system, agencies) -> dict:
    for username, full_name, level, codes, roles in EXTRA_ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        user = account_services.user_create(actor=system, username=username, full_name=full_name,
                                            password=DEMO_PASSWORD)
        account_services.clearance_grant(actor=system, user=user, level=level, compartments=[],
                                         agencies=[agencies[c] for c in codes], valid_from=dt.date(2024, 1, 1))
        for role in roles:
            account_services.role_grant(actor=system, user=user, role=role, valid_from=dt.date(2024, 1, 1))
    names = ["planner", "mfa", "health", "leader", "mps"]
    return {u.username: actor_for_user(u) for u in User.objects.filter(username__in=names)}


def _marking(agencies, owner="VDPO") -> Marking:
    # CONFIDENTIAL, released to every ministry in the review.
    return Marking(level=1, owning_agency_id=agencies[owner].pk,
                   releasable_to=tuple(agencies[c] for c in ("MOD", "MFA", "MOH", "MPS")),
                   classified_by="Trần Quang Minh", reason="Interagency deliberation")


HOSPITAL_COURSES = [
    services.CourseData(
        label="COA 1", title="Full Level-2 hospital, one rotation of 63, self-sustained",
        description="The hospital deploys with its own equipment by sea; 63 personnel including 10 women.",
        estimated_cost_usd=9_800_000, cost=4, cost_note="Sea lift of equipment; reimbursed in part under the MOU",
        risk=3, risk_note="Bentiu access in the rainy season", readiness=4,
        readiness_note="Team trained; equipment partly delivered by a partner", benefit=5,
        benefit_note="First formed unit: a step change in contribution", political_weight=5,
        political_weight_note="High visibility at the UN and at home"),
    services.CourseData(
        label="COA 2", title="Hospital with wet-lease of major equipment from the UN",
        description="Personnel deploy; the heaviest equipment is wet-leased, lowering the lift.",
        estimated_cost_usd=7_200_000, cost=3, cost_note="Lower lift; lower reimbursement", risk=3,
        risk_note="Depends on UN equipment arriving on time", readiness=3,
        readiness_note="Training on unfamiliar equipment needed", benefit=4,
        benefit_note="Same medical capability, less national equipment", political_weight=4,
        political_weight_note="Visible, but less national ownership"),
    services.CourseData(
        label="COA 3", title="Defer; send medical staff officers and observers only",
        description="Keep individual deployments; revisit the formed unit in a year.",
        estimated_cost_usd=1_100_000, cost=1, cost_note="Individual allowances only", risk=1,
        risk_note="Low exposure", readiness=5, readiness_note="Officers already qualified", benefit=2,
        benefit_note="Little new capability for the mission", political_weight=2,
        political_weight_note="Seen as hesitation after the pledge"),
]


def _answer_review(proposal, actors, findings: dict) -> None:
    for item in ReviewItem.objects.filter(proposal=proposal).select_related("agency", "template_item"):
        code = item.template_item.code if item.template_item else ""
        if code not in findings:
            continue
        status, finding = findings[code]
        who = {"MOH": "health", "MFA": "mfa"}.get(item.agency.code, "planner")
        services.review_item_update(actor=actors[who], item=item, finding=finding, status=status,
                                    due_on=item.due_on, expected_version=item.version)


def _hospital(actors, agencies) -> None:
    today = timezone.localdate()
    planner, mfa, health, leader, mps = (actors[n] for n in ("planner", "mfa", "health", "leader", "mps"))
    proposal = services.proposal_create(actor=planner, marking=_marking(agencies), data=services.ProposalData(
        title=HOSPITAL_TITLE, scenario="formed_unit", mandate="peacekeeping", mission_code="UNMISS", personnel=63,
        owner_agency=agencies["VDPO"], planned_start=today + dt.timedelta(days=150),
        decision_due=today + dt.timedelta(days=30),
        summary=("Deploy the Level-2 Field Hospital (63 personnel, 10 of them women) to UNMISS, Bentiu, "
                 "as the country's first formed unit, after the pledge reached PCRS level 2.")))
    for course in HOSPITAL_COURSES:
        services.course_add(actor=planner, proposal=proposal, data=course)
    services.proposal_transition(actor=planner, proposal=proposal, step="submit",
                                 reason="Pledge at PCRS level 2 after the assessment visit; ready for review.")
    # First round: MFA does not concur on timing, the leaders defer for a comprehensive review.
    services.position_record(actor=planner, proposal=proposal, agency=agencies["MOD"], stance="concur",
                             reasons="")
    services.position_record(actor=mfa, proposal=proposal, agency=agencies["MFA"], stance="non_concur",
                             reasons="The legal basis for deploying a formed unit is not settled; the MOU text "
                                     "is not agreed. Decide after the comprehensive review.")
    services.proposal_transition(actor=mfa, proposal=proposal, step="recommend",
                                 reason="Forwarded to leaders with the MFA dissent recorded.")
    revisit = today + dt.timedelta(days=1)
    services.proposal_transition(actor=leader, proposal=proposal, step="defer", revisit_on=revisit,
                                 reason="A comprehensive, detailed review of all related issues is needed first.")
    from peaceops.access.context import system_scope

    with system_scope("demo: the revisit date of the deferred hospital decision") as system:
        services.proposals_resurface(actor=system, today=revisit)
    proposal.refresh_from_db()
    _answer_review(proposal, actors, {
        "legal-basis": ("answered", "Decision authority confirmed; MOU text agreed with the UN."),
        "casualty": ("answered", "National entitlements plus UN death and disability compensation apply."),
        "medical": ("answered", "Screening and vaccinations for 63 staff scheduled; MEDEVAC by the mission."),
        "budget": ("answered", "Funded for the first rotation; COE reimbursement expected under the MOU."),
        "logistics": ("answered", "Sea lift booked; equipment arrives 30 days before the main body."),
        "training": ("answered", "Pre-deployment course with partner instructors completed."),
        "public-information": ("in_progress", "Announcement to follow the decision."),
    })
    services.position_record(actor=mfa, proposal=proposal, agency=agencies["MFA"], stance="concur_with_comments",
                             reasons="The MOU is agreed. Announce only after the host country is informed.")
    services.position_record(actor=health, proposal=proposal, agency=agencies["MOH"], stance="concur",
                             reasons="")
    services.position_record(actor=mps, proposal=proposal, agency=agencies["MPS"], stance="concur", reasons="")
    services.course_recommend(actor=planner, course=proposal.courses.get(label="COA 1"),
                              reasons="The only course that fields the full capability the mission asked for; "
                                      "cost is partly reimbursed and partners cover training equipment.")
    services.proposal_transition(actor=mfa, proposal=proposal, step="recommend",
                                 reason="Review complete; every ministry concurs.")
    services.proposal_transition(actor=leader, proposal=proposal, step="approve",
                                 reason="Approved: COA 1, first rotation of 63.")
    services.proposal_transition(actor=planner, proposal=proposal, step="implement",
                                 reason="Force generation and movement planning begin.")
    marking = _marking(agencies)
    lift = services.action_item_create(actor=planner, title="Book sea lift for the hospital's equipment",
                                       marking=marking, owner_agency=agencies["MOD"], proposal=proposal,
                                       due_on=today - dt.timedelta(days=5))
    services.action_item_create(actor=planner, title="Pre-deployment visit to Bentiu", marking=marking,
                                owner_agency=agencies["VDPO"], proposal=proposal,
                                due_on=today + dt.timedelta(days=40), depends_on=[lift])
    services.action_item_create(actor=planner, title="Vaccinations for the 63 staff", marking=marking,
                                owner_agency=agencies["MOH"], proposal=proposal, kind="action",
                                due_on=today - dt.timedelta(days=2))


def _staff_officers(actors, agencies) -> None:
    today = timezone.localdate()
    planner, mfa, health, mps = (actors[n] for n in ("planner", "mfa", "health", "mps"))
    proposal = services.proposal_create(actor=planner, marking=_marking(agencies), data=services.ProposalData(
        title=STAFF_TITLE, scenario="staff_officer", mandate="peacekeeping", mission_code="MINUSCA", personnel=4,
        owner_agency=agencies["VDPO"], planned_start=dt.date(2027, 9, 1),
        decision_due=today + dt.timedelta(days=45), announcement_on=dt.date(2027, 9, 2),
        summary="Four staff officers for the force headquarters in Bangui (logistics, planning, engineering, "
                "medical), for twelve months."))
    for course in (
        services.CourseData(label="COA 1", title="Four officers in one group", cost=2, risk=2, readiness=4,
                            benefit=3, political_weight=3, estimated_cost_usd=420_000,
                            cost_note="Allowances and travel for four", readiness_note="Candidates qualified"),
        services.CourseData(label="COA 2", title="Two now, two after six months", cost=2, risk=1, readiness=5,
                            benefit=2, political_weight=2, estimated_cost_usd=440_000,
                            risk_note="Staggered: handover continuity"),
        services.CourseData(label="COA 3", title="Four officers plus a liaison officer in New York", cost=3, risk=2,
                            readiness=3, benefit=4, political_weight=4, estimated_cost_usd=610_000,
                            benefit_note="Better access to force generation decisions"),
    ):
        services.course_add(actor=planner, proposal=proposal, data=course)
    services.proposal_transition(actor=planner, proposal=proposal, step="submit",
                                 reason="Posts offered by the UN; candidates selected.")
    _answer_review(proposal, actors, {
        "language-c2": ("answered", "All four candidates hold the required English level."),
        "medical": ("in_progress", "Three of four medical examinations done."),
        "budget": ("blocked", "Allowance rates for Bangui not yet confirmed by Finance."),
    })
    services.position_record(actor=planner, proposal=proposal, agency=agencies["MOD"], stance="concur", reasons="")
    services.position_record(actor=mfa, proposal=proposal, agency=agencies["MFA"], stance="non_concur",
                             reasons="Security situation around Bangui; wait for the mission's next threat assessment.")
    services.position_record(actor=health, proposal=proposal, agency=agencies["MOH"], stance="concur_with_comments",
                             reasons="Malaria prophylaxis and a medical officer among the four.")
    services.position_record(actor=mps, proposal=proposal, agency=agencies["MPS"], stance="concur", reasons="")
    services.comment_add(actor=mfa, proposal=proposal, non_attributable=True,
                         body="Our embassy hears that the force headquarters may move; worth asking before we commit.")
    services.comment_add(actor=planner, proposal=proposal,
                         body="Announcement planned for National Day; see the calendar flag.")


def load_decisions(system_actor) -> dict:
    """Load the review template, the calendar and the two proposals once."""
    services.reference_load(actor=system_actor)
    agencies = {a.code: a for a in Agency.objects.all()}
    actors = _accounts(system_actor, agencies)
    created = []
    existing = set(Proposal.objects.unrestricted().values_list("title", flat=True))
    if HOSPITAL_TITLE not in existing:
        _hospital(actors, agencies)
        created.append(HOSPITAL_TITLE)
    if STAFF_TITLE not in existing:
        _staff_officers(actors, agencies)
        created.append(STAFF_TITLE)
    return {"proposals": created}
