"""Readiness: post types, qualification types and records, service start, eligibility rule sets."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from peaceops.access.classified import ClassifiedModel
from peaceops.core.models import BaseModel

from .choices import PostCategory, QualificationKind, Scale


class BilingualNameMixin:
    name_vi: str
    name_en: str

    @property
    def name(self) -> str:
        return self.name_vi if (get_language() or "vi")[:2] == "vi" and self.name_vi else self.name_en


class PostType(BilingualNameMixin, BaseModel):
    """A kind of UN post someone may be sent to (military expert, staff officer, police officer, a
    contingent role such as surgeon or deminer). Reference data; its code matches org.TablePost.post_code."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    category = models.CharField(_("category"), max_length=24, choices=PostCategory.choices)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("post type")

    def __str__(self) -> str:
        return self.code


class QualificationType(BilingualNameMixin, BaseModel):
    """A test, certificate, course or screening that rules can require. `compartment` is the
    need-to-know caveat every record of this type carries (MEDICAL, PERSONAL-DATA), set by the service."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=QualificationKind.choices)
    scale = models.CharField(_("scale"), max_length=16, choices=Scale.choices)
    compartment = models.ForeignKey("access.Compartment", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("compartment"))
    validity_months = models.PositiveSmallIntegerField(_("usual validity (months)"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("qualification type")

    def __str__(self) -> str:
        return self.code


class Qualification(ClassifiedModel, BaseModel):
    """One result: a person's test, certificate, course completion, medical fitness or vetting, with its
    level (on the type's scale) and validity. Medical and vetting records carry their compartment."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="qualifications",
                               verbose_name=_("person"))
    type = models.ForeignKey(QualificationType, on_delete=models.PROTECT, related_name="records",
                             verbose_name=_("qualification"))
    # "result", not "level": `level` is the record's classification level (ClassifiedModel).
    result = models.CharField(pgettext_lazy("qualification", "level or result"), max_length=16)
    result_rank = models.PositiveSmallIntegerField(editable=False)  # from the scale; the engine compares it
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    taken_on = models.DateField(_("taken on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    reference = models.CharField(_("certificate or reference"), max_length=120, blank=True)

    class Meta:
        ordering = ["type__sort_order", "-taken_on"]
        verbose_name = _("qualification")
        indexes = [
            # The pool's prefilter: "has a record of this type, at this level, valid through that day".
            models.Index(fields=["person", "type", "result_rank", "valid_until"], name="qualification_check_idx"),
            models.Index(fields=["type", "valid_until"], name="qualification_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("taken_on")),
                                   name="qualification_valid_after_taken"),
        ]

    def __str__(self) -> str:
        return f"{self.type_id} {self.result}"

    @property
    def result_display(self) -> str:
        from .choices import level_label

        return level_label(self.result)


class ServiceRecord(BaseModel):
    """When a person's service counted for eligibility began (for officers, the commission). The
    personnel registry has no such date; readiness keeps it, seen only with its person."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="service_record",
                                  verbose_name=_("person"))
    service_start = models.DateField(_("service start"))

    class Meta:
        verbose_name = _("service record")

    def __str__(self) -> str:
        return f"{self.person_id} {self.service_start}"


class EligibilityRuleSet(BaseModel):
    """One version of a post type's eligibility rules: reference data, not code. The version in force
    for a tour is the highest whose `valid_from` is on or before the tour's start. Versions never change."""

    post_type = models.ForeignKey(PostType, on_delete=models.PROTECT, related_name="rule_sets",
                                  verbose_name=_("post type"))
    version = models.PositiveIntegerField(_("version"))
    valid_from = models.DateField(_("valid from"))
    rules = models.JSONField(_("rules"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["post_type__sort_order", "-version"]
        verbose_name = _("eligibility rule set")
        constraints = [
            models.UniqueConstraint(fields=["post_type", "version"], name="unique_rule_set_version"),
        ]

    def __str__(self) -> str:
        return f"{self.post_type_id} v{self.version}"


# Courses, sessions, enrolments and exercises; table post types and unit readiness evidence.
from . import training_models, unit_models  # noqa: E402,F401
