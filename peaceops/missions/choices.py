from django.db import models
from django.utils.translation import gettext_lazy as _


class MissionStatusChoice(models.TextChoices):
    """A mission's life cycle (DOMAIN_FACTS §9: an enum with dated transitions)."""

    ACTIVE = "active", _("Active")
    DRAWDOWN = "drawdown", _("Drawdown")
    LIQUIDATION = "liquidation", _("Liquidation")
    CLOSED = "closed", _("Closed")


class LeadDepartment(models.TextChoices):
    DPO = "DPO", _("Department of Peace Operations")
    DPPA = "DPPA", _("Department of Political and Peacebuilding Affairs")
