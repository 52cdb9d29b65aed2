"""Welfare: what happens when a peacekeeper is hurt, falls ill, goes missing or dies.

An incident (where, when, what kind) has casualties; each casualty record sits in the CASUALTY
compartment with its notification checklist (family → ministries → public statement), repatriation,
compensation claims and follow-up care. A memorial is a separate record with its own marking: the
honour paid in public may be far less classified than the casualty file (see services.memorial_create).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from peaceops.access.classified import ClassifiedModel
from peaceops.core.models import BaseModel

from .choices import (
    CareKind,
    CasualtyStatus,
    ClaimKind,
    ClaimStatus,
    DeadlineCode,
    IncidentType,
    NotificationKind,
)

CASUALTY_COMPARTMENT = "CASUALTY"
CURRENCY_RE = r"^[A-Z]{3}$"


class Incident(ClassifiedModel, BaseModel):
    """Something that happened to our people on a mission: a road accident, an attack, an illness."""

    reference = models.CharField(_("reference"), max_length=24, unique=True)
    occurred_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    mission = models.ForeignKey("missions.Mission", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("mission"))
    incident_type = models.CharField(_("UN incident type"), max_length=16, choices=IncidentType.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-occurred_on", "reference"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["occurred_on"], name="welfare_incident_date_idx")]

    def __str__(self) -> str:
        return f"{self.reference} {self.place}"


class Casualty(ClassifiedModel, BaseModel):
    """One person hurt, ill, missing or dead in an incident. Always in the CASUALTY compartment."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="casualties",
                                 verbose_name=_("incident"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("person"))
    status = models.CharField(_("status"), max_length=20, choices=CasualtyStatus.choices)
    next_steps = models.TextField(_("next steps"), blank=True)
    # The tour the person was on when it happened (found when the casualty is recorded), so that the
    # repatriation can end it; shown only to readers who may see that deployment.
    deployment = models.ForeignKey("missions.Deployment", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("deployment"))

    class Meta:
        ordering = ["incident", "created_at", "id"]
        verbose_name = _("casualty")
        verbose_name_plural = _("casualties")
        constraints = [models.UniqueConstraint(fields=["incident", "person"], name="welfare_casualty_once")]

    def __str__(self) -> str:
        return f"{self.incident_id}:{self.person_id}"


class NotificationStep(BaseModel):
    """One step of the notification after a casualty, with its owner and the time it was done.
    The steps are created with the casualty in their fixed order (notification.ORDER)."""

    casualty = models.ForeignKey(Casualty, on_delete=models.CASCADE, related_name="notification_steps")
    kind = models.CharField(_("step"), max_length=20, choices=NotificationKind.choices)
    position = models.PositiveSmallIntegerField(_("order"))
    owner_agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("owner (agency)"))
    owner_name = models.CharField(_("owner"), max_length=200, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    done_by_label = models.CharField(_("recorded by"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["casualty", "position"]
        verbose_name = _("notification step")
        constraints = [
            models.UniqueConstraint(fields=["casualty", "kind"], name="welfare_step_once"),
            models.UniqueConstraint(fields=["casualty", "position"], name="welfare_step_position"),
        ]

    def __str__(self) -> str:
        return f"{self.casualty_id}:{self.kind}"


class Repatriation(BaseModel):
    """Bringing the person (or their remains) home: dates, route and escort."""

    casualty = models.ForeignKey(Casualty, on_delete=models.CASCADE, related_name="repatriations")
    departs_on = models.DateField(_("departs"))
    arrives_on = models.DateField(_("arrives"), null=True, blank=True)
    route = models.CharField(_("route"), max_length=300)
    escort = models.CharField(_("escort"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["casualty", "departs_on", "id"]
        verbose_name = _("repatriation")
        constraints = [
            models.CheckConstraint(condition=Q(arrives_on__isnull=True) | Q(arrives_on__gte=F("departs_on")),
                                   name="welfare_repatriation_dates_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.casualty_id} {self.departs_on}"


class CareEntry(BaseModel):
    """Follow-up care after the incident: medical, psychological, support to the family."""

    casualty = models.ForeignKey(Casualty, on_delete=models.CASCADE, related_name="care_entries")
    on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=CareKind.choices)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    note = models.TextField(_("note"))
    next_review_on = models.DateField(_("next review"), null=True, blank=True)

    class Meta:
        ordering = ["casualty", "on", "id"]
        verbose_name = _("follow-up care entry")

    def __str__(self) -> str:
        return f"{self.casualty_id} {self.on} {self.kind}"


class DeadlineParameter(BaseModel):
    """The length of a claim deadline, as entered by an officer with its source.

    No verified figure exists in the project's sources, so none ships with the product: an entry is
    marked `verified` only when the officer confirmed it against the UN document named in `source`.
    """

    code = models.CharField(_("deadline"), max_length=20, choices=DeadlineCode.choices)
    days = models.PositiveIntegerField(_("days"))
    warn_days = models.PositiveIntegerField(_("warn this many days before"), default=30)
    effective_from = models.DateField(_("effective from"))
    source = models.CharField(_("source"), max_length=500)
    verified = models.BooleanField(_("verified against the source"), default=False)
    entered_by = models.CharField(_("entered by"), max_length=200, blank=True)

    class Meta:
        ordering = ["code", "-effective_from"]
        verbose_name = _("deadline parameter")
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="welfare_deadline_once_per_date"),
            models.CheckConstraint(condition=Q(days__gt=0), name="welfare_deadline_days_positive"),
            models.CheckConstraint(condition=~Q(source=""), name="welfare_deadline_has_source"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.days}d from {self.effective_from}"


class CompensationClaim(ClassifiedModel, BaseModel):
    """A death or disability compensation claim to the UN for a casualty. Money is Decimal with its
    currency. In the CASUALTY compartment like the casualty it is about."""

    reference = models.CharField(_("reference"), max_length=24, unique=True)
    casualty = models.ForeignKey(Casualty, on_delete=models.PROTECT, related_name="claims",
                                 verbose_name=_("casualty"))
    kind = models.CharField(_("kind"), max_length=12, choices=ClaimKind.choices)
    un_reference = models.CharField(_("UN claim reference"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    claimed_amount = models.DecimalField(_("amount claimed"), max_digits=14, decimal_places=2)
    approved_amount = models.DecimalField(_("amount approved"), max_digits=14, decimal_places=2, null=True,
                                          blank=True)
    paid_amount = models.DecimalField(_("amount paid"), max_digits=14, decimal_places=2, null=True, blank=True)
    disability_percent = models.DecimalField(_("loss of function (%)"), max_digits=5, decimal_places=2, null=True,
                                             blank=True)
    submitted_on = models.DateField(_("submitted"), null=True, blank=True)
    paid_on = models.DateField(_("paid"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("compensation claim")
        verbose_name_plural = _("compensation claims")
        constraints = [
            models.CheckConstraint(condition=Q(claimed_amount__gte=0), name="welfare_claim_amount_not_negative"),
            models.CheckConstraint(condition=Q(approved_amount__isnull=True) | Q(approved_amount__gte=0),
                                   name="welfare_claim_approved_not_negative"),
            models.CheckConstraint(condition=Q(paid_amount__isnull=True) | Q(paid_amount__gte=0),
                                   name="welfare_claim_paid_not_negative"),
            models.CheckConstraint(
                condition=(Q(kind="death", disability_percent__isnull=True)
                           | Q(kind="disability", disability_percent__gt=0, disability_percent__lte=100)),
                name="welfare_claim_disability_percent"),
            models.CheckConstraint(condition=Q(paid_on__isnull=True) | Q(submitted_on__isnull=False),
                                   name="welfare_claim_paid_after_submitted"),
        ]

    def __str__(self) -> str:
        return self.reference


class Memorial(ClassifiedModel, BaseModel):
    """The record by which the country honours someone who died on a mission: name, mission, date,
    citation. Its marking is its own (often unclassified, for a public roll of honour), chosen when it
    is made; the casualty file behind it stays in the CASUALTY compartment."""

    name = models.CharField(_("name"), max_length=200)
    rank = models.CharField(_("rank"), max_length=60, blank=True)
    mission = models.ForeignKey("missions.Mission", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("mission"))
    died_on = models.DateField(_("date"))
    citation = models.TextField(_("citation"))
    casualty = models.OneToOneField(Casualty, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="memorial", verbose_name=_("casualty record"))

    class Meta:
        ordering = ["-died_on", "name"]
        verbose_name = _("memorial record")
        verbose_name_plural = _("memorial records")

    def __str__(self) -> str:
        return self.name


__all__ = ["CASUALTY_COMPARTMENT", "CareEntry", "Casualty", "CompensationClaim", "DeadlineParameter", "Incident",
           "Memorial", "NotificationKind", "NotificationStep", "Repatriation"]
