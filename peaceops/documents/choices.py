from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    POLICY = "policy", _("Policy")
    SOP = "sop", _("Standard operating procedure")
    LEGAL = "legal", _("Legal instrument")
    CABLE = "cable", _("Cable")
    REPORT = "report", _("Report")
    MINUTES = "minutes", _("Minutes")
    LESSON = "lesson", _("Lesson learned")
    OTHER = "other", _("Other")


class DocumentLanguage(models.TextChoices):
    VIETNAMESE = "vi", _("Vietnamese")
    ENGLISH = "en", _("English")
    OTHER = "other", _("Other")


class LessonCategory(models.TextChoices):
    FINDING = "finding", _("Finding")
    LESSON = "lesson", _("Lesson learned")
    BEST_PRACTICE = "practice", _("Best practice")
    RECOMMENDATION = "recommendation", _("Recommendation")
