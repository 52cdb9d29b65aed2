from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PostCategory(models.TextChoices):
    """The UN's uniformed personnel categories (DOMAIN_FACTS §6), contingent roles split out."""

    MILITARY_EXPERT = "military_expert", _("Military expert on mission")
    STAFF_OFFICER = "staff_officer", _("Staff officer")
    INDIVIDUAL_POLICE = "individual_police", _("Individual police officer")
    FORMED_POLICE = "formed_police", _("Formed police unit member")
    CONTINGENT = "contingent", _("Contingent member")


class QualificationKind(models.TextChoices):
    LANGUAGE_TEST = "language_test", _("Language test")
    DRIVING = "driving", _("Driving test")
    FIREARMS = "firearms", _("Firearms test")
    COMPUTER = "computer", _("Computer skills")
    MEDICAL = "medical", _("Medical fitness")
    VACCINATION = "vaccination", _("Vaccination")
    VETTING = "vetting", _("Vetting / human-rights screening")
    COURSE = "course", _("Course completed")
    PROFESSIONAL = "professional", _("Professional qualification")


class Scale(models.TextChoices):
    """How a qualification's level is read; the ranks are in readiness.eligibility.SCALES."""

    CEFR = "cefr", _("CEFR level (A1–C2)")
    PASS_FAIL = "pass_fail", _("Passed / failed")
    FITNESS = "fitness", _("Fit / unfit")
    CLEARANCE = "clearance", _("Cleared / not cleared")
    COMPLETION = "completion", _("Completed")


LEVEL_LABELS = {
    "passed": pgettext_lazy("test result", "passed"),
    "failed": pgettext_lazy("test result", "failed"),
    "fit": pgettext_lazy("medical fitness", "fit"),
    "unfit": pgettext_lazy("medical fitness", "unfit"),
    "cleared": pgettext_lazy("vetting", "cleared"),
    "not_cleared": pgettext_lazy("vetting", "not cleared"),
    "completed": pgettext_lazy("course", "completed"),
}


def level_label(level: str) -> str:
    """A level code as the reader reads it (CEFR codes stay as they are)."""
    return str(LEVEL_LABELS.get(level, level))
