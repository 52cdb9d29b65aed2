"""Choices of the training side of readiness: course categories, enrolment states, exercise kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CourseCategory(models.TextChoices):
    UN_CORE = "un_core", _("UN core pre-deployment training")
    UN_SPECIALISED = "un_specialised", _("UN specialised training")
    NATIONAL = "national", _("National course")
    PARTNER = "partner", _("Partner-provided course")
    ENGLISH = "english", _("English course")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", pgettext_lazy("enrolment", "Enrolled")
    COMPLETED = "completed", pgettext_lazy("enrolment", "Completed")
    FAILED = "failed", pgettext_lazy("enrolment", "Failed")
    WITHDRAWN = "withdrawn", pgettext_lazy("enrolment", "Withdrawn")


class ExerciseKind(models.TextChoices):
    TABLETOP = "tabletop", _("Tabletop exercise")
    FIELD = "field", _("Field exercise")
