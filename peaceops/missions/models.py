"""The UN missions catalogue: reference data loaded from the package (`peaceops missions load`)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from peaceops.access.classified import ClassifiedModel
from peaceops.core.models import BaseModel
from peaceops.people.choices import Gender

from . import transitions
from .choices import (
    DeploymentStatus,
    LeadDepartment,
    MissionStatusChoice,
    PCRSLevel,
    RotationKind,
    StrengthCategory,
)


class MissionQuerySet(models.QuerySet):
    def with_status_on(self, day: dt.date):
        """Annotate `status_now`: the latest status whose date is on or before `day` (or undated)."""
        latest = (
            MissionStatus.objects.filter(mission=OuterRef("pk"))
            .filter(Q(from_date__lte=day) | Q(from_date__isnull=True))
            .order_by(F("from_date").desc(nulls_last=True), "-created_at")
            .values("status")[:1]
        )
        return self.annotate(status_now=Subquery(latest))

    def active_on(self, day: dt.date):
        """Missions operating on `day`: started on or before it and not ended before it."""
        return self.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))


class Mission(BaseModel):
    """A UN peace operation (current or closed), as the UN DPPADPOSS-PKO dataset lists it, corrected."""

    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    lead_department = models.CharField(_("lead department"), max_length=8, choices=LeadDepartment.choices,
                                       default=LeadDepartment.DPO)
    location = models.CharField(_("location"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=80, blank=True)
    country_iso3 = models.CharField(_("country code"), max_length=3, blank=True)
    region = models.CharField(_("region"), max_length=40, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=4, null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=4, null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    source_id = models.PositiveIntegerField(_("UN dataset id"), null=True, blank=True)
    source_updated = models.DateField(_("UN dataset last update"), null=True, blank=True)

    objects = MissionQuerySet.as_manager()

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="mission_dates_in_order"),
            models.CheckConstraint(condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                                   name="mission_latitude_range"),
            models.CheckConstraint(condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                                   name="mission_longitude_range"),
        ]

    def __str__(self) -> str:
        return self.acronym

    def status_on(self, day: dt.date) -> str | None:
        dated = [s for s in self.statuses.all() if s.from_date is not None and s.from_date <= day]
        if dated:
            return max(dated, key=lambda s: s.from_date).status
        undated = [s for s in self.statuses.all() if s.from_date is None]
        return undated[0].status if undated else None


class MissionStatus(BaseModel):
    """One dated step of a mission's life cycle (active, drawdown, liquidation, closed) and its source."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="statuses",
                                verbose_name=_("mission"))
    status = models.CharField(_("status"), max_length=12, choices=MissionStatusChoice.choices)
    from_date = models.DateField(_("from"), null=True, blank=True, help_text=_("Empty when the date is unknown."))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["mission", F("from_date").asc(nulls_last=True)]
        verbose_name = _("mission status")
        verbose_name_plural = _("mission statuses")
        constraints = [
            models.UniqueConstraint(fields=["mission", "status", "from_date"], name="mission_status_unique"),
        ]
        indexes = [models.Index(fields=["mission", "from_date"], name="mission_status_date_idx")]

    def __str__(self) -> str:
        return f"{self.mission_id} {self.status} {self.from_date}"


# -- force generation ----------------------------------------------------------------------------


class Pledge(BaseModel):
    """A national pledge of a capability to the UN (PCRS), with its level history (`levels`)."""

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, null=True, blank=True, related_name="pledges",
                                verbose_name=_("mission"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="pledges", verbose_name=_("unit"))
    capability = models.CharField(_("capability"), max_length=200)
    personnel = models.PositiveIntegerField(_("personnel"))
    registered_on = models.DateField(_("registered in PCRS on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["unit__code", "capability"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.CheckConstraint(condition=Q(personnel__gt=0), name="missions_pledge_personnel_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} · {self.capability}"

    def level_on(self, day: dt.date) -> str | None:
        """The PCRS level in force on `day` (the latest step on or before it), None before the first step.

        Uses `levels` as prefetched when it is (one query for a whole list)."""
        steps = [step for step in self.levels.all() if step.from_date <= day]
        if not steps:
            return None
        return max(steps, key=lambda step: step.from_date).level


class PledgeLevel(BaseModel):
    """One dated step of a pledge's PCRS level, with the evidence (an AAV report, an RDL verification visit)."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="levels", verbose_name=_("pledge"))
    level = models.CharField(_("PCRS level"), max_length=20, choices=PCRSLevel.choices)
    from_date = models.DateField(_("from"))
    evidence = models.TextField(_("evidence"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["pledge", "from_date"]
        verbose_name = _("PCRS level step")
        constraints = [
            models.UniqueConstraint(fields=["pledge", "from_date"], name="missions_pledge_level_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.from_date}"


class Rotation(BaseModel):
    """One rotation of a unit (or a batch of individual posts) in a mission."""

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="rotations",
                                verbose_name=_("mission"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="rotations",
                             verbose_name=_("unit"))
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=12, choices=RotationKind.choices, default=RotationKind.UNIT)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    overlap_days = models.PositiveSmallIntegerField(_("handover overlap (days)"), default=0,
                                                    help_text=_("Days the previous rotation stays for the handover."))
    phased_return = models.JSONField(_("phased return"), default=list, blank=True,
                                     help_text=_("Return groups: [{\"on\": date, \"count\": n}, …]."))
    pledge = models.ForeignKey(Pledge, on_delete=models.SET_NULL, null=True, blank=True, related_name="rotations",
                               verbose_name=_("pledge"))
    proposal = models.ForeignKey("decisions.Proposal", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("approved proposal"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["mission__acronym", "unit__code", "number"]
        verbose_name = _("rotation")
        verbose_name_plural = _("rotations")
        constraints = [
            models.UniqueConstraint(fields=["mission", "unit", "number"], condition=Q(unit__isnull=False),
                                    name="missions_rotation_unique_unit_number"),
            models.UniqueConstraint(fields=["mission", "number"], condition=Q(unit__isnull=True),
                                    name="missions_rotation_unique_individual_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="missions_rotation_number_positive"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="missions_rotation_dates_in_order"),
            models.CheckConstraint(condition=Q(kind=RotationKind.INDIVIDUAL) | Q(unit__isnull=False),
                                   name="missions_rotation_unit_kind_has_unit"),
        ]
        indexes = [models.Index(fields=["mission", "start_date"], name="missions_rotation_start_idx")]

    def __str__(self) -> str:
        unit = self.unit.code if self.unit_id else str(_("individual"))
        return f"{self.mission.acronym} · {unit} · R{self.number}"


class Requirement(BaseModel):
    """A UN requirement for `count` posts of one type in a mission (tied to a rotation or not yet)."""

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="requirements",
                                verbose_name=_("mission"))
    rotation = models.ForeignKey(Rotation, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="requirements", verbose_name=_("rotation"))
    post_type = models.ForeignKey("readiness.PostType", on_delete=models.PROTECT, related_name="requirements",
                                  verbose_name=_("post type"))
    count = models.PositiveIntegerField(_("number of posts"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    language = models.CharField(_("working language"), max_length=8, default="en")
    women_target = models.DecimalField(_("women's share asked"), max_digits=4, decimal_places=3, null=True,
                                       blank=True, help_text=_("Between 0 and 1, e.g. 0.25."))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["mission__acronym", "start_date", "post_type__sort_order", "post_type__code"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0), name="missions_requirement_count_positive"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")),
                                   name="missions_requirement_dates_in_order"),
            models.CheckConstraint(condition=Q(women_target__isnull=True) | Q(women_target__gte=0, women_target__lte=1),
                                   name="missions_requirement_women_target_share"),
        ]

    def __str__(self) -> str:
        return f"{self.mission.acronym} · {self.post_type.code} ×{self.count}"


class Deployment(ClassifiedModel, BaseModel):
    """A named person on a rotation (and a requirement's post): it says where someone is, so it is classified."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="deployments",
                               verbose_name=_("person"))
    rotation = models.ForeignKey(Rotation, on_delete=models.PROTECT, related_name="deployments",
                                 verbose_name=_("rotation"))
    requirement = models.ForeignKey(Requirement, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="deployments", verbose_name=_("requirement"))
    status = models.CharField(_("status"), max_length=12, choices=DeploymentStatus.choices,
                              default=DeploymentStatus.NOMINATED)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    source_plan = models.UUIDField(_("planner run"), null=True, blank=True, db_index=True,
                                   help_text=_("The published plan that created this deployment."))
    notes = models.CharField(_("notes"), max_length=300, blank=True,
                             help_text=_("Travel, handover or administrative remarks; marked like the deployment."))

    class Meta:
        ordering = ["start_date", "created_at"]
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        constraints = [
            models.UniqueConstraint(fields=["person", "rotation"],
                                    condition=Q(status__in=sorted(transitions.ACTIVE)),
                                    name="missions_one_active_deployment_per_rotation"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")),
                                   name="missions_deployment_dates_in_order"),
            models.CheckConstraint(condition=Q(status__in=list(transitions.STATUSES)),
                                   name="missions_deployment_status_known"),
        ]
        indexes = [
            models.Index(fields=["person", "status", "end_date"], name="missions_deployment_tour_idx"),
            models.Index(fields=["rotation", "status"], name="missions_deployment_rot_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rotation_id} {self.person_id} {self.status}"

    @property
    def is_active(self) -> bool:
        return self.status in transitions.ACTIVE


class DeploymentStatusChange(BaseModel):
    """One step of a deployment through its statuses: from, to, the day, why and who."""

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="changes",
                                   verbose_name=_("deployment"))
    from_status = models.CharField(_("from"), max_length=12, choices=DeploymentStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=DeploymentStatus.choices)
    on = models.DateField(_("on"))
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["deployment", "on", "created_at"]
        verbose_name = _("deployment status change")

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status} {self.on}"


class StrengthReturn(BaseModel):
    """One line of a monthly strength return: a mission, a month (its first day), a category, a gender, a count."""

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="strength_returns",
                                verbose_name=_("mission"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    category = models.CharField(_("category"), max_length=20, choices=StrengthCategory.choices)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    count = models.PositiveIntegerField(_("number"))
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        ordering = ["mission__acronym", "-month", "category", "gender"]
        verbose_name = _("strength return")
        verbose_name_plural = _("strength returns")
        constraints = [
            models.UniqueConstraint(fields=["mission", "month", "category", "gender"],
                                    name="missions_strength_one_line"),
            models.CheckConstraint(condition=Q(count__gte=0), name="missions_strength_count_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.mission.acronym} {self.month:%Y-%m} {self.category} {self.gender} {self.count}"
