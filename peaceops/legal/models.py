"""Legal: the instruments behind deployments (national decisions, MOUs with the UN, SOFA/SOMA, partner
agreements), the compliance records of each rotation, and conduct and discipline cases (DISCIPLINE
compartment) with their workflow history."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from peaceops.access.classified import ClassifiedModel
from peaceops.core.models import BaseModel

from .choices import (
    CaseOutcome,
    CaseStatus,
    ComplianceItem,
    InstrumentKind,
    InstrumentStatus,
    MisconductCategory,
)

DISCIPLINE_COMPARTMENT = "DISCIPLINE"


class Instrument(ClassifiedModel, BaseModel):
    """A legal instrument: what it is, who the parties are, when it was signed, entered into force and
    expires, and what it covers (a mission, a unit, a rotation). Documents attach via documents.Link."""

    reference = models.CharField(_("reference"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=InstrumentKind.choices)
    status = models.CharField(_("status"), max_length=12, choices=InstrumentStatus.choices,
                              default=InstrumentStatus.DRAFT)
    parties = models.CharField(_("parties"), max_length=500)
    mission = models.ForeignKey("missions.Mission", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("mission"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("unit"))
    rotation = models.ForeignKey("missions.Rotation", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("rotation"))
    signed_on = models.DateField(_("signed"), null=True, blank=True)
    in_force_on = models.DateField(_("in force from"), null=True, blank=True)
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["kind", "reference"]
        verbose_name = _("legal instrument")
        verbose_name_plural = _("legal instruments")
        constraints = [
            models.CheckConstraint(condition=Q(in_force_on__isnull=True) | Q(signed_on__isnull=True)
                                   | Q(in_force_on__gte=F("signed_on")), name="legal_in_force_after_signing"),
            models.CheckConstraint(condition=Q(expires_on__isnull=True) | Q(in_force_on__isnull=True)
                                   | Q(expires_on__gte=F("in_force_on")), name="legal_expiry_after_entry_into_force"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class ComplianceRecord(BaseModel):
    """An officer's record that a checklist item of a rotation was done (insurance, ROE, C&D training)."""

    rotation = models.ForeignKey("missions.Rotation", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("rotation"))
    item = models.CharField(_("item"), max_length=20, choices=ComplianceItem.choices)
    done_on = models.DateField(_("done on"))
    evidence = models.CharField(_("evidence"), max_length=300)
    recorded_by = models.CharField(_("recorded by"), max_length=200, blank=True)

    class Meta:
        ordering = ["rotation", "item", "-done_on"]
        verbose_name = _("compliance record")

    def __str__(self) -> str:
        return f"{self.rotation_id}:{self.item}"


class DisciplineCase(ClassifiedModel, BaseModel):
    """An allegation of misconduct against one of our people on a mission, its investigation, outcome
    and the date the UN was notified. Always in the DISCIPLINE compartment."""

    reference = models.CharField(_("reference"), max_length=24, unique=True)
    mission = models.ForeignKey("missions.Mission", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("mission"))
    rotation = models.ForeignKey("missions.Rotation", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("rotation"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("subject"))
    category = models.CharField(_("category"), max_length=12, choices=MisconductCategory.choices)
    allegation = models.TextField(_("allegation"))
    reported_on = models.DateField(_("reported"))
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.REPORTED)
    investigation = models.TextField(_("investigation"), blank=True)
    investigation_opened_on = models.DateField(_("investigation opened"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=CaseOutcome.choices, blank=True)
    findings = models.TextField(_("findings and measures"), blank=True)
    concluded_on = models.DateField(_("concluded"), null=True, blank=True)
    un_notified_on = models.DateField(_("UN notified"), null=True, blank=True)

    class Meta:
        ordering = ["-reported_on", "reference"]
        verbose_name = _("discipline case")
        verbose_name_plural = _("discipline cases")
        constraints = [
            models.CheckConstraint(condition=Q(un_notified_on__isnull=True) | Q(un_notified_on__gte=F("reported_on")),
                                   name="legal_un_notified_after_report"),
        ]

    def __str__(self) -> str:
        return self.reference


class CaseTransition(BaseModel):
    """One step of a discipline case, with who took it and the note."""

    case = models.ForeignKey(DisciplineCase, on_delete=models.CASCADE, related_name="transitions")
    step = models.CharField(_("step"), max_length=24)
    from_status = models.CharField(_("from"), max_length=16, choices=CaseStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=CaseStatus.choices)
    on = models.DateField(_("on"))
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["case", "created_at", "id"]
        verbose_name = _("case transition")

    def __str__(self) -> str:
        return f"{self.step}: {self.from_status} → {self.to_status}"
