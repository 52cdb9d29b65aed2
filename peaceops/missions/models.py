"""The UN missions catalogue: reference data loaded from the package (`peaceops missions load`)."""

import datetime as dt

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from peaceops.core.models import BaseModel

from .choices import LeadDepartment, MissionStatusChoice


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
