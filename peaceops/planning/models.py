"""Planning: runs of the rotation planner (`PlanRun`), the choices they make (`PlanChoice`) and the reasons
they give for each unfilled post and each passed-over candidate (`PlanReason`).

A plan names people and the posts they would fill, so it is classified like a deployment: at least
CONFIDENTIAL, never below the people it considered. Its choices and reasons are shown only where both
the plan and the person are visible to the reader (see policies.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peaceops.access.classified import ClassifiedModel
from peaceops.core.models import BaseModel

from .choices import PlanStatus, ReasonKind, SolverStatus


class PlanRun(ClassifiedModel, BaseModel):
    """One run of the planner over a rotation: its parameters (targets, locks), its status, what the solver
    proved, the instance it solved (so that any later check — the validator, a swap — reads the same data)
    and the validator's verdict."""

    rotation = models.ForeignKey("missions.Rotation", on_delete=models.PROTECT, related_name="plan_runs",
                                 verbose_name=_("rotation"))
    number = models.PositiveIntegerField(_("number"))
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.QUEUED)
    solver_status = models.CharField(_("solver status"), max_length=12, choices=SolverStatus.choices, blank=True)
    objective = models.BigIntegerField(_("objective"), null=True, blank=True)
    bound = models.BigIntegerField(_("proven bound"), null=True, blank=True)
    gap = models.FloatField(_("gap"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    slots = models.PositiveIntegerField(_("posts"), default=0)
    filled = models.PositiveIntegerField(_("filled"), default=0)
    candidate_count = models.PositiveIntegerField(_("candidates"), default=0)
    changed = models.PositiveIntegerField(_("changed from the previous plan"), null=True, blank=True)
    previous = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("previous plan"))
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_by_label = models.CharField(_("run by"), max_length=150, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by_label = models.CharField(_("published by"), max_length=150, blank=True)
    error = models.TextField(_("reason it failed"), blank=True)
    instance = models.JSONField(default=dict, blank=True, editable=False)
    result = models.JSONField(default=dict, blank=True, editable=False)
    violations = models.JSONField(default=list, blank=True, editable=False)
    summary = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(fields=["rotation", "number"], name="planning_run_unique_number"),
            models.UniqueConstraint(fields=["rotation"], condition=Q(status=PlanStatus.PUBLISHED),
                                    name="planning_one_published_plan_per_rotation"),
        ]
        indexes = [models.Index(fields=["rotation", "-created_at"], name="planning_run_rotation_idx")]

    def __str__(self) -> str:
        return f"{self.rotation_id} #{self.number}"

    @property
    def is_finished(self) -> bool:
        return self.status in (PlanStatus.DONE, PlanStatus.FAILED, PlanStatus.PUBLISHED)

    @property
    def gap_percent(self) -> float | None:
        return None if self.gap is None else 100.0 * self.gap

    @property
    def unfilled(self) -> int:
        return max(0, self.slots - self.filled)


class PlanChoice(BaseModel):
    """A person on a requirement's slot (requirement + index) in a plan, with the score that chose them."""

    plan = models.ForeignKey(PlanRun, on_delete=models.CASCADE, related_name="choices", verbose_name=_("plan"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("person"))
    requirement = models.ForeignKey("missions.Requirement", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("requirement"))
    slot_index = models.PositiveSmallIntegerField(_("slot"))
    score = models.PositiveIntegerField(_("score"), default=0)
    score_parts = models.JSONField(default=dict, blank=True)
    locked = models.BooleanField(_("locked"), default=False)

    class Meta:
        ordering = ["requirement__post_type__sort_order", "requirement_id", "slot_index"]
        verbose_name = _("plan choice")
        constraints = [
            models.UniqueConstraint(fields=["plan", "requirement", "slot_index"], name="planning_choice_one_per_slot"),
            models.UniqueConstraint(fields=["plan", "person"], name="planning_choice_one_slot_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.requirement_id}:{self.slot_index} {self.person_id}"

    @property
    def post_id(self) -> str:
        return f"{self.requirement_id}:{self.slot_index}"


class PlanReason(BaseModel):
    """Why a post stayed empty, why a candidate was passed over, or why a planning rule left someone out:
    a stored code with its parameters (worded in the reader's language) and the text as worded at the run."""

    plan = models.ForeignKey(PlanRun, on_delete=models.CASCADE, related_name="reasons", verbose_name=_("plan"))
    kind = models.CharField(_("kind"), max_length=12, choices=ReasonKind.choices)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("person"))
    requirement = models.ForeignKey("missions.Requirement", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("requirement"))
    slot_index = models.PositiveSmallIntegerField(_("slot"), null=True, blank=True)
    code = models.CharField(_("reason code"), max_length=48)
    params = models.JSONField(default=dict, blank=True)
    text = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["kind", "requirement_id", "slot_index", "code"]
        verbose_name = _("plan reason")
        indexes = [models.Index(fields=["plan", "kind"], name="planning_reason_kind_idx")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.kind} {self.code}"
