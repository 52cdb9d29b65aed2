from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    DEPARTMENT = "department", _("Department")
    OTHER = "other", _("Other")


class UnitKind(models.TextChoices):
    HEADQUARTERS = "hq", _("Headquarters")
    FIELD_HOSPITAL = "field_hospital", _("Field hospital")
    ENGINEERING = "engineering", _("Engineering company")
    POLICE = "police", _("Police unit")
    TRAINING = "training", _("Training centre")
    BRANCH = "branch", _("Branch / section")
    OTHER = "other", _("Other")
