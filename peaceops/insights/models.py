"""UN open data: the datasets loaded from the package, with their provenance, and their clean rows.

Everything here is public data (unclassified reference data); pages still require sign-in.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import PersonnelType


class Dataset(models.Model):
    """One loaded file: where it comes from, under which terms, its sha256, and what loading did."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    file_name = models.CharField(_("file"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=300)
    source_repo = models.CharField(_("source repository"), max_length=200)
    source_path = models.CharField(_("path in the repository"), max_length=300)
    source_commit = models.CharField(_("commit"), max_length=40)
    licence_note = models.TextField(_("licence note"))
    caveats = models.TextField(_("publisher's caveats"), blank=True)
    sha256 = models.CharField(_("sha256 of the file"), max_length=64)
    rows_in_file = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_loaded = models.PositiveIntegerField(_("rows loaded"), default=0)
    cleaning = models.JSONField(_("cleaning"), default=dict, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"))

    class Meta:
        ordering = ["key"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return self.key


class Contribution(models.Model):
    """Personnel a country had in a mission at a month's end, by personnel type and gender (IPI, 2009–2014).

    `male`/`female` may be empty when the report gave only the total."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    country_iso3 = models.CharField(_("country code"), max_length=3, blank=True)
    country_name = models.CharField(_("country"), max_length=80)
    mission = models.CharField(_("mission"), max_length=20)
    personnel_type = models.CharField(_("personnel type"), max_length=20, choices=PersonnelType.choices)
    male = models.PositiveIntegerField(_("men"), null=True)
    female = models.PositiveIntegerField(_("women"), null=True)
    total = models.PositiveIntegerField(_("total"))

    class Meta:
        ordering = ["month", "country_name", "mission", "personnel_type"]
        verbose_name = _("contribution")
        constraints = [models.UniqueConstraint(fields=["month", "country_name", "mission", "personnel_type"],
                                               name="contribution_unique")]
        indexes = [models.Index(fields=["country_iso3", "month"], name="contribution_country_idx"),
                   models.Index(fields=["mission", "month"], name="contribution_mission_idx")]

    def __str__(self) -> str:
        return f"{self.month} {self.country_name} {self.mission} {self.personnel_type}"


class YearlyContribution(models.Model):
    """A country's average monthly strength in a mission over a year (derived from UN DPO data, 2010–2021)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    country_iso3 = models.CharField(_("country code"), max_length=3, blank=True)
    country_name = models.CharField(_("country"), max_length=80)
    mission = models.CharField(_("mission"), max_length=20)
    female = models.PositiveIntegerField(_("women"))
    male = models.PositiveIntegerField(_("men"))
    total = models.PositiveIntegerField(_("total"))

    class Meta:
        ordering = ["year", "country_name", "mission"]
        verbose_name = _("yearly contribution")
        constraints = [models.UniqueConstraint(fields=["year", "country_name", "mission"],
                                               name="yearly_contribution_unique")]
        indexes = [models.Index(fields=["country_iso3", "year"], name="yearly_country_idx"),
                   models.Index(fields=["mission", "year"], name="yearly_mission_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.country_name} {self.mission}"


class ContributorMonth(models.Model):
    """A country's uniformed personnel in all missions at a month's end (IPI, 1990–2014)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    country_iso3 = models.CharField(_("country code"), max_length=3, blank=True)
    country_name = models.CharField(_("country"), max_length=80)
    troops = models.PositiveIntegerField(_("troops"))
    police = models.PositiveIntegerField(_("police"))
    experts = models.PositiveIntegerField(_("experts on mission"))
    total = models.PositiveIntegerField(_("total"))

    class Meta:
        ordering = ["month", "country_name"]
        verbose_name = _("contributor month")
        constraints = [models.UniqueConstraint(fields=["country_name", "month"], name="contributor_month_unique")]
        indexes = [models.Index(fields=["country_iso3", "month"], name="contributor_month_country_idx")]

    def __str__(self) -> str:
        return f"{self.month} {self.country_name}"


class MissionMonth(models.Model):
    """A mission's uniformed strength at a month's end (IPI mission month totals, 1990-11 … 2017-03)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    mission = models.CharField(_("mission"), max_length=20)
    country = models.CharField(_("country"), max_length=80, blank=True)
    country_iso3 = models.CharField(_("country code"), max_length=3, blank=True)
    contributors = models.PositiveIntegerField(_("contributing countries"), null=True)
    troops = models.PositiveIntegerField(_("troops"))
    police = models.PositiveIntegerField(_("police"))
    observers = models.PositiveIntegerField(_("observers"))
    total = models.PositiveIntegerField(_("total"))

    class Meta:
        ordering = ["mission", "month"]
        verbose_name = _("mission month")
        constraints = [models.UniqueConstraint(fields=["mission", "month"], name="mission_month_unique")]

    def __str__(self) -> str:
        return f"{self.month} {self.mission}"


class Fatality(models.Model):
    """One fatality in a UN peace operation or special political mission (UN DPPADPOSS-FATALITIES).

    `nationality_iso3` is empty where the file gives none (unknown)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="+")
    source_id = models.PositiveIntegerField(_("UN record id"), unique=True)
    incident_date = models.DateField(_("incident date"))
    casualty_id = models.CharField(_("casualty id"), max_length=40)
    mission = models.CharField(_("mission"), max_length=20)
    casualty_type = models.CharField(_("casualty type"), max_length=20)
    gender = models.CharField(_("gender"), max_length=1, blank=True)
    nationality = models.CharField(_("nationality"), max_length=80, blank=True)
    nationality_iso3 = models.CharField(_("nationality code"), max_length=3, blank=True)
    m49 = models.PositiveSmallIntegerField(_("M49 code"), null=True)
    personnel_type = models.CharField(_("personnel type"), max_length=40)
    incident_type = models.CharField(_("incident type"), max_length=40)
    source_updated = models.DateField(_("UN last update"), null=True)

    class Meta:
        ordering = ["incident_date", "source_id"]
        verbose_name = _("fatality")
        verbose_name_plural = _("fatalities")
        indexes = [models.Index(fields=["mission", "incident_date"], name="fatality_mission_idx")]

    def __str__(self) -> str:
        return f"{self.mission} {self.incident_date}"


class Ranking(models.Model):
    """A country's place among uniformed contributors on a reporting date (UN DPO ranking)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField(_("as of"))
    country_iso3 = models.CharField(_("country code"), max_length=3)
    m49 = models.PositiveSmallIntegerField(_("M49 code"), null=True)
    country_name = models.CharField(_("country"), max_length=80)
    rank = models.PositiveSmallIntegerField(_("rank"))
    female = models.PositiveIntegerField(_("women"))
    male = models.PositiveIntegerField(_("men"))
    total = models.PositiveIntegerField(_("total"))

    class Meta:
        ordering = ["as_of", "rank"]
        verbose_name = _("ranking")
        constraints = [models.UniqueConstraint(fields=["as_of", "country_iso3"], name="ranking_unique")]

    def __str__(self) -> str:
        return f"{self.as_of} {self.rank} {self.country_iso3}"
