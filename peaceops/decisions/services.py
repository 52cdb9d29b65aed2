"""Writes in decisions. Each checks the policy, writes, and audits in one transaction (@service)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
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
from peaceops.org.models import Agency

from . import workflow
from .choices import ActionSource, ActionStatus, ProposalStatus, ReviewItemStatus, Stance
from .models import (
    SCORE_MAX,
    SCORE_MIN,
    ActionItem,
    AgencyPosition,
    Comment,
    CourseOfAction,
    Proposal,
    ReviewItem,
    ReviewTemplate,
    ReviewTemplateItem,
    SensitivePeriod,
    Transition,
)
from .policies import REVIEWERS

REVIEW_TEMPLATE_CODE = "comprehensive-review"
REASON_MAX = 2000
# The states in which the interagency review takes input (review items, positions).
REVIEW_OPEN = (ProposalStatus.IN_REVIEW, ProposalStatus.RECOMMENDED)


def _require(actor: Actor, action: str, obj=None, model=Proposal) -> None:
    if not policy_for(model).allows(actor, action, obj):
        raise NotPermitted()


def _require_visible(actor: Actor, proposal: Proposal) -> None:
    if not policy_for(Proposal).allows(actor, "view", proposal):
        raise NotPermitted()


# --- reference data ----------------------------------------------------------------------------

def _reference(name: str) -> dict:
    return json.loads(resources.files("peaceops.decisions.reference").joinpath(name).read_text("utf-8"))


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _upsert(model, lookup: dict, values: dict, report: LoadReport):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.created += 1
        return obj
    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if changed:
        for key, value in changed.items():
            setattr(obj, key, value)
        obj.version += 1
        obj.save(update_fields=[*changed, "version", "updated_at"])
        report.updated += 1
    else:
        report.unchanged += 1
    return obj


@service
def reference_load(*, actor: Actor) -> LoadReport:
    """Load the review template and the political calendar shipped in the package (idempotent)."""
    if not (actor.is_system or actor.has_role("admin")):
        raise NotPermitted()
    report = LoadReport()
    agencies = {a.code: a for a in Agency.objects.all()}
    data = _reference("review_template.json")
    template = _upsert(ReviewTemplate, {"code": data["code"]},
                       {"name_vi": data["name_vi"], "name_en": data["name_en"]}, report)
    for position, item in enumerate(data["items"], start=1):
        agency = agencies.get(item["agency"])
        if agency is None:
            raise ServiceError(_("Unknown agency %(code)s in the review template.") % {"code": item["agency"]})
        _upsert(ReviewTemplateItem, {"template": template, "code": item["code"]}, {
            "position": position, "title_vi": item["title_vi"], "title_en": item["title_en"],
            "guidance_vi": item.get("guidance_vi", ""), "guidance_en": item.get("guidance_en", ""),
            "default_agency": agency, "due_days": item.get("due_days", 30)}, report)
    for period in _reference("sensitive_periods.json")["periods"]:
        _upsert(SensitivePeriod, {"code": period["code"]}, {
            "name_vi": period["name_vi"], "name_en": period["name_en"], "kind": period["kind"],
            "start": dt.date.fromisoformat(period["start"]), "end": dt.date.fromisoformat(period["end"]),
            "source": period.get("source", ""), "is_example": bool(period.get("example"))}, report)
    record(actor=actor, action="decisions.reference.load",
           changes={"created": report.created, "updated": report.updated, "unchanged": report.unchanged})
    return report


# --- proposals ---------------------------------------------------------------------------------

PROPOSAL_FIELDS = ("title", "summary", "scenario", "mandate", "mission_code", "personnel", "planned_start",
                   "decision_due", "announcement_on", "owner_agency")


@dataclass
class ProposalData:
    title: str
    scenario: str
    owner_agency: Agency
    summary: str = ""
    mandate: str = "peacekeeping"
    mission_code: str = ""
    personnel: int = 0
    planned_start: dt.date | None = None
    decision_due: dt.date | None = None
    announcement_on: dt.date | None = None

    def as_fields(self) -> dict:
        fields = {name: getattr(self, name) for name in PROPOSAL_FIELDS}
        fields["title"] = (fields["title"] or "").strip()
        fields["mission_code"] = (fields["mission_code"] or "").strip().upper()
        fields["mission"] = _mission_for(fields["mission_code"])
        return fields


def _mission_for(code: str):
    """The catalogue's mission with this acronym, or None (a mission not in the catalogue stays as text)."""
    from peaceops.missions.models import Mission

    return Mission.objects.filter(acronym__iexact=code).first() if code else None


def _next_reference(year: int) -> str:
    prefix = f"DP-{year}-"
    last = (Proposal.objects.unrestricted().filter(reference__startswith=prefix)
            .aggregate(m=Max("reference"))["m"])
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:03d}"


@service
def proposal_create(*, actor: Actor, data: ProposalData, marking: Marking) -> Proposal:
    _require(actor, "create")
    check_no_write_up(actor, marking)
    fields = data.as_fields()
    if not fields["title"]:
        raise ServiceError(_("Say what is proposed."), field="title")
    proposal = Proposal(**fields, reference=_next_reference(timezone.localdate().year), created_by_id=actor.user_id)
    apply_marking(proposal, marking)
    proposal.full_clean(validate_unique=False, validate_constraints=False)
    proposal.save(force_insert=True)
    record(actor=actor, action="decisions.proposal.create", target=proposal,
           changes={"reference": proposal.reference, "title": proposal.title, "marking": proposal.marking_dict()})
    return proposal


@service
def proposal_update(*, actor: Actor, proposal: Proposal, data: ProposalData, expected_version: int) -> Proposal:
    """Edit what is proposed; a save based on an older version is refused (StaleEdit), nothing lost."""
    _require(actor, "change", proposal)
    if proposal.status in (ProposalStatus.DECIDED, ProposalStatus.IMPLEMENTING, ProposalStatus.CLOSED):
        raise ServiceError(_("A decided proposal is no longer edited; record a new proposal instead."))
    fields = data.as_fields()
    if not fields["title"]:
        raise ServiceError(_("Say what is proposed."), field="title")
    changes = update_fields_checked(proposal, expected_version=expected_version, fields=fields)
    if changes:
        record(actor=actor, action="decisions.proposal.update", target=proposal, changes=changes)
    return proposal


@service
def proposal_brief_audit(*, actor: Actor, proposal: Proposal, language: str, job_id: str = "") -> None:
    """A brief leaves the system (its download): the export is audited at the proposal's marking."""
    _require(actor, "export", proposal)
    changes = {"language": language} | ({"job": job_id} if job_id else {})
    record(actor=actor, action="decisions.proposal.brief", target=proposal, changes=changes)


# --- courses of action -------------------------------------------------------------------------

@dataclass
class CourseData:
    label: str
    title: str
    cost: int
    risk: int
    readiness: int
    benefit: int
    political_weight: int
    description: str = ""
    estimated_cost_usd: int | None = None
    cost_note: str = ""
    risk_note: str = ""
    readiness_note: str = ""
    benefit_note: str = ""
    political_weight_note: str = ""


def _check_scores(data: CourseData) -> None:
    for name in CourseOfAction.SCORES:
        value = getattr(data, name)
        if not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
            raise ServiceError(_("Each score is a whole number from %(low)d to %(high)d.")
                               % {"low": SCORE_MIN, "high": SCORE_MAX}, field=name)


@service
def course_add(*, actor: Actor, proposal: Proposal, data: CourseData) -> CourseOfAction:
    _require(actor, "change", proposal)
    _check_scores(data)
    if proposal.courses.filter(label=data.label).exists():
        raise ServiceError(_("This proposal already has a course of action with this label."), field="label")
    course = CourseOfAction.objects.create(proposal=proposal, **data.__dict__)
    record(actor=actor, action="decisions.course.create", target=proposal,
           changes={"course": str(course.pk), "label": course.label, "title": course.title,
                    "scores": {name: getattr(course, name) for name in CourseOfAction.SCORES}})
    return course


@service
def course_recommend(*, actor: Actor, course: CourseOfAction, reasons: str) -> CourseOfAction:
    """Flag one course of action as recommended (and no other), with the reasons."""
    proposal = course.proposal
    _require(actor, "change", proposal)
    reasons = (reasons or "").strip()
    if not reasons:
        raise ServiceError(_("Give the reasons for recommending this course of action."), field="reasons")
    previous = list(proposal.courses.filter(is_recommended=True).exclude(pk=course.pk).values_list("label", flat=True))
    proposal.courses.filter(is_recommended=True).exclude(pk=course.pk).update(is_recommended=False)
    course.is_recommended, course.recommendation = True, reasons
    course.version += 1
    course.save(update_fields=["is_recommended", "recommendation", "version", "updated_at"])
    record(actor=actor, action="decisions.course.recommend", target=proposal,
           changes={"course": course.label, "previous": previous}, reason=reasons)
    return course


# --- the comprehensive review ------------------------------------------------------------------

def _generate_review(proposal: Proposal, today: dt.date) -> int:
    """The checklist from the template, once: a proposal that already has items keeps them."""
    if proposal.review_items.exists():
        return 0
    template = ReviewTemplate.objects.filter(code=REVIEW_TEMPLATE_CODE).first()
    if template is None:
        raise ServiceError(_("The review template is not loaded: run `peaceops decisions load-reference`."))
    items = [ReviewItem(proposal=proposal, template_item=item, position=item.position, title_vi=item.title_vi,
                        title_en=item.title_en, agency_id=item.default_agency_id,
                        due_on=today + dt.timedelta(days=item.due_days))
             for item in template.items.all()]
    ReviewItem.objects.bulk_create(items)
    return len(items)


def _may_answer(actor: Actor, agency_id) -> bool:
    # An officer of the answering ministry, or the department's planner who coordinates the review.
    return actor.has_role(*REVIEWERS) and (agency_id in actor.agency_ids or actor.has_role("planner"))


@service
def review_item_update(*, actor: Actor, item: ReviewItem, finding: str, status: str, due_on: dt.date | None,
                       expected_version: int) -> ReviewItem:
    _require_visible(actor, item.proposal)
    if not _may_answer(actor, item.agency_id):
        raise NotPermitted(_("Only the answering ministry or the coordinating planner updates this issue."))
    if item.proposal.status not in REVIEW_OPEN:
        raise ServiceError(_("The review is not open for this proposal."))
    if status not in ReviewItemStatus.values:
        raise ServiceError(_("Unknown status."), field="status")
    finding = (finding or "").strip()
    if status == ReviewItemStatus.ANSWERED and not finding:
        raise ServiceError(_("An answered issue needs its finding."), field="finding")
    changes = update_fields_checked(item, expected_version=expected_version,
                                    fields={"finding": finding, "status": status, "due_on": due_on})
    if changes:
        record(actor=actor, action="decisions.review_item.update", target=item.proposal,
               changes={"item": str(item.pk), **changes})
    return item


@service
def review_item_add_evidence(*, actor: Actor, item: ReviewItem, document, note: str = ""):
    """Cite a document as evidence for a review item (a documents.Link, audited there too)."""
    from peaceops.documents.services.links import link_create

    _require_visible(actor, item.proposal)
    if not _may_answer(actor, item.agency_id):
        raise NotPermitted()
    link = link_create(actor=actor, document=document, target=item, note=note)
    record(actor=actor, action="decisions.review_item.evidence", target=item.proposal,
           changes={"item": str(item.pk), "document": str(document.pk)})
    return link


# --- interagency positions and comments --------------------------------------------------------

@service
def position_record(*, actor: Actor, proposal: Proposal, agency: Agency, stance: str, reasons: str = "") -> AgencyPosition:
    """A ministry's position: always a new row, so an earlier position (and dissent) stays on record."""
    _require_visible(actor, proposal)
    if not actor.has_role(*REVIEWERS) or agency.pk not in actor.agency_ids:
        raise NotPermitted(_("Only an officer of this ministry records its position."))
    if proposal.status not in REVIEW_OPEN:
        raise ServiceError(_("Positions are recorded while the proposal is in review."))
    if stance not in Stance.values:
        raise ServiceError(_("Unknown position."), field="stance")
    reasons = (reasons or "").strip()
    if stance == Stance.NON_CONCUR and not reasons:
        raise ServiceError(_("A non-concurrence needs its reasons."), field="reasons")
    if stance == Stance.CONCUR_WITH_COMMENTS and not reasons:
        raise ServiceError(_("Write the comments that go with the concurrence."), field="reasons")
    if len(reasons) > REASON_MAX:
        raise ServiceError(_("The text is too long."), field="reasons")
    position = AgencyPosition.objects.create(proposal=proposal, agency=agency, stance=stance, reasons=reasons,
                                             recorded_by_id=actor.user_id)
    record(actor=actor, action="decisions.position.record", target=proposal,
           changes={"position": str(position.pk), "agency": agency.code, "stance": stance})
    return position


@service
def comment_add(*, actor: Actor, proposal: Proposal, body: str, non_attributable: bool = False) -> Comment:
    """A comment carries its proposal's marking. The audit row of a non-attributable comment is flagged
    so that the audit trail shows its author to auditors only (audit.selectors)."""
    _require_visible(actor, proposal)
    _require(actor, "create", model=Comment)
    body = (body or "").strip()
    if not body:
        raise ServiceError(_("Write the comment."), field="body")
    if len(body) > REASON_MAX:
        raise ServiceError(_("The text is too long."), field="body")
    if proposal.status == ProposalStatus.CLOSED:
        raise ServiceError(_("This proposal is closed."))
    comment = Comment(proposal=proposal, body=body, author_id=actor.user_id, non_attributable=non_attributable)
    apply_marking(comment, Marking.of(proposal))
    comment.save(force_insert=True)
    changes = {"comment": str(comment.pk), "proposal": str(proposal.pk)}
    if non_attributable:
        changes["non_attributable"] = True
    record(actor=actor, action="decisions.comment.create", target=comment, changes=changes)
    return comment


# --- the state machine -------------------------------------------------------------------------

def refusal_message(error: workflow.TransitionRefused) -> str:
    if error.code == "unknown":
        return _("There is no such step.")
    if error.code == "role":
        return _("Your role may not take this step.")
    if error.code == "revisit_date":
        return _("A deferred decision needs the date on which it is reviewed again.")
    return _("This step is not possible now: the proposal is %(state)s.") % {
        "state": ProposalStatus(error.state).label if error.state in ProposalStatus.values else error.state}


@service
def proposal_transition(*, actor: Actor, proposal: Proposal, step: str, reason: str,
                        revisit_on: dt.date | None = None, expected_version: int | None = None) -> Transition:
    """Take one step of the state machine: checked against workflow.TABLE, with a mandatory reason,
    audited in the same transaction; a refused step writes nothing."""
    _require_visible(actor, proposal)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the reason for this step."), field="reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(_("The text is too long."), field="reason")
    # Re-read under a lock: two officers taking a step at once cannot both succeed.
    current = Proposal.objects.unrestricted().select_for_update().get(pk=proposal.pk)
    try:
        chosen = workflow.check(step, state=current.status, outcome=current.outcome, roles=actor.roles,
                                is_system=actor.is_system, revisit_date_given=revisit_on is not None)
    except workflow.TransitionRefused as error:
        raise ServiceError(refusal_message(error), field="step") from None
    today = timezone.localdate()
    if chosen.needs_revisit_date and revisit_on <= today:
        raise ServiceError(_("The revisit date must be after today."), field="revisit_on")
    fields = {"status": chosen.target, "outcome": workflow.outcome_after(chosen, current.outcome),
              "revisit_on": revisit_on if chosen.needs_revisit_date else None}
    if chosen.sets_outcome:
        fields["decided_on"] = today
    if chosen.target == ProposalStatus.IN_REVIEW and current.review_started_on is None:
        fields["review_started_on"] = today
    changes = update_fields_checked(current, expected_version=expected_version, fields=fields)
    generated = _generate_review(current, today) if chosen.target == ProposalStatus.IN_REVIEW else 0
    transition = Transition.objects.create(
        proposal=current, step=chosen.name, from_status=chosen.source, to_status=chosen.target,
        outcome=fields["outcome"], reason=reason, revisit_on=fields["revisit_on"], actor_id=actor.user_id,
        actor_label=actor.label[:200])
    record(actor=actor, action=f"decisions.proposal.{chosen.name}", target=current, reason=reason,
           changes={**changes, "transition": str(transition.pk), "review_items_created": generated})
    if chosen.sets_outcome == workflow.APPROVED:
        _decision_milestone(current, transition)
    # The caller's object follows the saved state.
    for name in ("status", "outcome", "revisit_on", "decided_on", "review_started_on", "version", "updated_at"):
        setattr(proposal, name, getattr(current, name))
    return transition


def _decision_milestone(proposal: Proposal, transition: Transition) -> None:
    """An approval puts its implementation on the roadmap as a milestone at the planned start."""
    item = ActionItem(title=(_("Implement: %(title)s") % {"title": proposal.title})[:480],
                      kind="milestone", source=ActionSource.DECISION, proposal=proposal,
                      owner_agency_id=proposal.owner_agency_id, due_on=proposal.planned_start,
                      status=ActionStatus.OPEN)
    apply_marking(item, Marking.of(proposal))
    item.save(force_insert=True)


@service
def proposals_resurface(*, actor: Actor, today: dt.date | None = None) -> list[Proposal]:
    """Deferred proposals whose revisit date has come go back into review (run daily, as the system)."""
    if not actor.is_system:
        raise NotPermitted()
    today = today or timezone.localdate()
    due = list(Proposal.objects.unrestricted().filter(status=ProposalStatus.DECIDED, outcome="deferred",
                                                     revisit_on__lte=today).order_by("revisit_on", "pk"))
    for proposal in due:
        proposal_transition(actor=actor, proposal=proposal, step="resurface",
                            reason=_("The revisit date %(date)s has come.") % {"date": proposal.revisit_on.isoformat()})
    return due


# --- roadmap -----------------------------------------------------------------------------------

@service
def action_item_create(*, actor: Actor, title: str, marking: Marking, owner_agency: Agency | None = None,
                       owner_text: str = "", due_on: dt.date | None = None, kind: str = "action",
                       proposal: Proposal | None = None, depends_on=(), description: str = "",
                       source: str | None = None) -> ActionItem:
    _require(actor, "create", model=ActionItem)
    check_no_write_up(actor, marking)
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("Say what must be done."), field="title")
    if proposal is not None:
        _require_visible(actor, proposal)
    item = ActionItem(title=title, description=description, kind=kind, owner_agency=owner_agency,
                      owner_text=owner_text, due_on=due_on, proposal=proposal,
                      source=source or (ActionSource.DECISION if proposal else ActionSource.MANUAL))
    apply_marking(item, marking)
    item.save(force_insert=True)
    if depends_on:
        item.depends_on.set(depends_on)
    record(actor=actor, action="decisions.action_item.create", target=item,
           changes={"title": title, "due_on": due_on.isoformat() if due_on else None,
                    "depends_on": [str(d.pk) for d in depends_on]})
    return item


@service
def action_item_set_status(*, actor: Actor, item: ActionItem, status: str, expected_version: int) -> ActionItem:
    _require(actor, "change", item, model=ActionItem)
    if status not in ActionStatus.values:
        raise ServiceError(_("Unknown status."), field="status")
    pending = ActionItem.objects.unrestricted().filter(blocks=item).exclude(
        status__in=[ActionStatus.DONE, ActionStatus.CANCELLED])
    if status == ActionStatus.DONE and pending.exists():
        raise ServiceError(_("An item it depends on is not done yet."), field="status")
    changes = update_fields_checked(item, expected_version=expected_version, fields={"status": status})
    if changes:
        record(actor=actor, action="decisions.action_item.update", target=item, changes=changes)
    return item
