"""Decisions: proposals and their courses of action, the comprehensive review, interagency positions,
comments, the transition history, the political calendar and the roadmap's action items.

Imported reports create action items here too (documents.services)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peaceops.access.classified import ClassifiedModel
from peaceops.core.models import BaseModel

from .choices import (
    ActionKind,
    ActionSource,
    ActionStatus,
    DecisionOutcome,
    Mandate,
    PeriodKind,
    ProposalStatus,
    ReviewItemStatus,
    Scenario,
    Stance,
)


class ActionItem(ClassifiedModel, BaseModel):
    """Something someone must do by a date: from a decision, an imported report's next steps, an
    exercise, or entered by hand. It keeps the marking of what it came from."""

    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    source = models.CharField(_("source"), max_length=16, choices=ActionSource.choices, default=ActionSource.MANUAL)
    source_document = models.ForeignKey("documents.Document", on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="action_items", verbose_name=_("source document"))
    owner_agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("owner (agency)"))
    owner_text = models.CharField(_("owner as written"), max_length=200, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    depends_on = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="blocks",
                                        verbose_name=_("depends on"))
    kind = models.CharField(_("kind"), max_length=12, choices=ActionKind.choices, default=ActionKind.ACTION)
    proposal = models.ForeignKey("decisions.Proposal", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="action_items", verbose_name=_("proposal"))

    class Meta:
        ordering = ["due_on", "title", "id"]
        verbose_name = _("action item")
        indexes = [models.Index(fields=["status", "due_on"], name="action_status_due_idx")]

    def __str__(self) -> str:
        return self.title


SCORE_MIN, SCORE_MAX = 1, 5


class Proposal(ClassifiedModel, BaseModel):
    """Something the country may decide to do (deploy a Level-2 hospital, send staff officers, register
    a pledge): the scenario, mission, numbers and timing, its courses of action, its review and its
    path through the state machine (`workflow.py`)."""

    reference = models.CharField(_("reference"), max_length=24, unique=True)
    title = models.CharField(_("what is proposed"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    scenario = models.CharField(_("scenario"), max_length=20, choices=Scenario.choices)
    mandate = models.CharField(_("mandate"), max_length=20, choices=Mandate.choices, default=Mandate.PEACEKEEPING)
    mission_code = models.CharField(_("mission"), max_length=20, blank=True,
                                    help_text=_("The UN mission's acronym, e.g. UNMISS."))
    mission = models.ForeignKey("missions.Mission", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="proposals", verbose_name=_("mission (catalogue)"))
    personnel = models.PositiveIntegerField(_("personnel"), default=0)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    decision_due = models.DateField(_("decision wanted by"), null=True, blank=True)
    announcement_on = models.DateField(_("public announcement"), null=True, blank=True)
    owner_agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("lead agency"))
    status = models.CharField(_("status"), max_length=16, choices=ProposalStatus.choices,
                              default=ProposalStatus.DRAFT)
    outcome = models.CharField(_("decision"), max_length=12, choices=DecisionOutcome.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    revisit_on = models.DateField(_("revisit on"), null=True, blank=True)
    review_started_on = models.DateField(_("review started"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["status", "revisit_on"], name="proposal_status_revisit_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(outcome="deferred") | Q(revisit_on__isnull=False),
                                   name="proposal_deferred_has_revisit_date"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def calendar_dates(self) -> dict:
        return {"planned_start": self.planned_start, "decision_due": self.decision_due,
                "decided_on": self.decided_on, "announcement_on": self.announcement_on}


class CourseOfAction(BaseModel):
    """One way of doing what is proposed, scored 1–5 on five axes with a note each; one may be
    recommended, with the reasons."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="courses",
                                 verbose_name=_("proposal"))
    label = models.CharField(_("label"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    estimated_cost_usd = models.DecimalField(_("estimated cost (USD)"), max_digits=14, decimal_places=0,
                                             null=True, blank=True)
    cost = models.PositiveSmallIntegerField(_("cost"))
    cost_note = models.CharField(_("cost note"), max_length=300, blank=True)
    risk = models.PositiveSmallIntegerField(_("risk"))
    risk_note = models.CharField(_("risk note"), max_length=300, blank=True)
    readiness = models.PositiveSmallIntegerField(_("readiness"))
    readiness_note = models.CharField(_("readiness note"), max_length=300, blank=True)
    benefit = models.PositiveSmallIntegerField(_("benefit"))
    benefit_note = models.CharField(_("benefit note"), max_length=300, blank=True)
    political_weight = models.PositiveSmallIntegerField(_("political weight"))
    political_weight_note = models.CharField(_("political weight note"), max_length=300, blank=True)
    is_recommended = models.BooleanField(_("recommended"), default=False)
    recommendation = models.TextField(_("reasons for the recommendation"), blank=True)

    SCORES = ("cost", "risk", "readiness", "benefit", "political_weight")

    class Meta:
        ordering = ["proposal", "label", "id"]
        verbose_name = _("course of action")
        verbose_name_plural = _("courses of action")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "label"], name="coa_unique_label"),
            models.UniqueConstraint(fields=["proposal"], condition=Q(is_recommended=True),
                                    name="coa_one_recommended"),
            *[models.CheckConstraint(condition=Q(**{f"{name}__gte": SCORE_MIN, f"{name}__lte": SCORE_MAX}),
                                     name=f"coa_{name}_score_range")
              for name in ("cost", "risk", "readiness", "benefit", "political_weight")],
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"


class ReviewTemplate(BaseModel):
    """The list of issues a country must answer before it decides (reference data, editable)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("review template")

    def __str__(self) -> str:
        return self.code


class ReviewTemplateItem(BaseModel):
    """One issue of the template and the ministry that answers it by default."""

    template = models.ForeignKey(ReviewTemplate, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"))
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    guidance_vi = models.TextField(_("guidance (Vietnamese)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    default_agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("default ministry"))
    due_days = models.PositiveSmallIntegerField(_("days to answer"), default=30)

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("review template item")
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="review_template_item_code")]

    def __str__(self) -> str:
        return f"{self.template_id}:{self.code}"


class ReviewItem(BaseModel):
    """One issue of a proposal's comprehensive review: who answers, what they found, where it stands."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="review_items")
    template_item = models.ForeignKey(ReviewTemplateItem, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    position = models.PositiveSmallIntegerField(_("order"))
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("ministry"))
    finding = models.TextField(_("finding"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ReviewItemStatus.choices,
                              default=ReviewItemStatus.OPEN)
    due_on = models.DateField(_("due"), null=True, blank=True)

    class Meta:
        ordering = ["proposal", "position"]
        verbose_name = _("review item")
        constraints = [models.UniqueConstraint(fields=["proposal", "position"], name="review_item_position")]

    def __str__(self) -> str:
        return self.title_en


class AgencyPosition(BaseModel):
    """A ministry's position on a proposal. Append-only: a changed position is a new row, so dissent
    stays on the record; the latest row per agency is its current position."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="positions")
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("ministry"))
    stance = models.CharField(_("position"), max_length=24, choices=Stance.choices)
    reasons = models.TextField(_("reasons or comments"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")

    class Meta:
        ordering = ["proposal", "agency", "created_at"]
        verbose_name = _("agency position")
        constraints = [
            models.CheckConstraint(condition=Q(stance="concur") | ~Q(reasons=""),
                                   name="position_reasons_unless_concur"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.stance}"


class Comment(ClassifiedModel, BaseModel):
    """A remark on a proposal. A non-attributable comment hides its author from everyone but auditors,
    so that officers can speak freely; the author is still stored (and audited) for accountability."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    body = models.TextField(_("comment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    non_attributable = models.BooleanField(_("non-attributable"), default=False)

    class Meta:
        ordering = ["proposal", "created_at", "id"]
        verbose_name = _("comment")

    def __str__(self) -> str:
        return self.body[:60]


class Transition(BaseModel):
    """One step of a proposal through the state machine, with who took it and why."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")
    step = models.CharField(_("step"), max_length=20)
    from_status = models.CharField(_("from"), max_length=16, choices=ProposalStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=ProposalStatus.choices)
    outcome = models.CharField(_("decision"), max_length=12, choices=DecisionOutcome.choices, blank=True)
    reason = models.TextField(_("reason"))
    revisit_on = models.DateField(_("revisit on"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["proposal", "created_at", "id"]
        verbose_name = _("transition")

    def __str__(self) -> str:
        return f"{self.step}: {self.from_status} → {self.to_status}"


class SensitivePeriod(BaseModel):
    """A period of the political calendar (congress, election, anniversary) in which a decision,
    deployment or announcement deserves a second look. Reference data with its source; an entry
    without a checkable source is marked as an example."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=PeriodKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    source = models.CharField(_("source"), max_length=500, blank=True)
    is_example = models.BooleanField(_("example (not a real date)"), default=False)

    class Meta:
        ordering = ["start", "code"]
        verbose_name = _("sensitive period")
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="period_end_after_start")]

    def __str__(self) -> str:
        return self.name_en
