"""Unit readiness: which readiness post type fills each line of a table of organisation, and the
evidence for each PCRS criterion of a unit (DOMAIN_FACTS.md §4)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peaceops.access.classified import ClassifiedModel
from peaceops.core.models import BaseModel


class PCRSCriterion(models.TextChoices):
    """What each PCRS level asks for, lowest first (DOMAIN_FACTS.md §4)."""

    PLEDGE_REGISTERED = "pledge_registered", _("Pledge registered in PCRS")
    AAV_PASSED = "aav_passed", _("Assessment and advisory visit passed")
    REQUIREMENT_MATCHED = "requirement_matched", _("Matched to a UN requirement")
    RDL_VERIFIED = "rdl_verified", _("Rapid-deployment verification visit passed")


class EvidenceOutcome(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")


class TablePostType(BaseModel):
    """Reference data: the readiness post type whose rules decide who may fill a table-of-organisation
    line (org.TablePost.post_code). Lines without one are shown as not assessed."""

    post_code = models.CharField(_("table post code"), max_length=32, unique=True)
    post_type_code = models.CharField(_("readiness post type"), max_length=32)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["post_code"]
        verbose_name = _("table post type mapping")

    def __str__(self) -> str:
        return f"{self.post_code} → {self.post_type_code}"


class UnitReadinessEvidence(ClassifiedModel, BaseModel):
    """One piece of evidence for one PCRS criterion of a unit: an AAV report, a verification visit.
    The latest piece per criterion counts. Marked: an assessment report may be classified."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="readiness_evidence",
                             verbose_name=_("unit"))
    criterion = models.CharField(_("criterion"), max_length=24, choices=PCRSCriterion.choices)
    outcome = models.CharField(_("outcome"), max_length=8, choices=EvidenceOutcome.choices,
                               default=EvidenceOutcome.MET)
    on = models.DateField(_("date"))
    evidence = models.TextField(_("evidence"))
    reference = models.CharField(_("document or reference"), max_length=200, blank=True)
    assessed_by = models.CharField(_("assessed by"), max_length=200, blank=True,
                                   help_text=_("Who carried out the visit or check (a UN team, an officer)."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["unit", "criterion", "-on", "-created_at"]
        verbose_name = _("unit readiness evidence")
        indexes = [models.Index(fields=["unit", "criterion", "on"], name="unit_evidence_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.criterion} {self.outcome}"
