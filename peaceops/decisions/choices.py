from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActionSource(models.TextChoices):
    REPORT = "report", _("Imported report")
    DECISION = "decision", _("Decision")
    EXERCISE = "exercise", _("Exercise")
    MANUAL = "manual", _("Entered by hand")
