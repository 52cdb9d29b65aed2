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


class PCRSLevel(models.TextChoices):
    """Peacekeeping Capability Readiness System levels (DOMAIN_FACTS §4), lowest first."""

    LEVEL_1 = "level_1", _("Level 1 (pledged and registered)")
    LEVEL_2 = "level_2", _("Level 2 (after a successful assessment and advisory visit)")
    LEVEL_3 = "level_3", _("Level 3 (aligned with a UN requirement)")
    RAPID_DEPLOYMENT = "rapid_deployment", _("Rapid deployment level (ready within 60 days)")


class RotationKind(models.TextChoices):
    UNIT = "unit", _("Unit rotation")
    INDIVIDUAL = "individual", _("Individual posts")


class DeploymentStatus(models.TextChoices):
    """A person's tour on a rotation; allowed moves are in missions/transitions.py."""

    NOMINATED = "nominated", _("Nominated")
    ACCEPTED = "accepted", _("Accepted by the UN")
    DEPLOYED = "deployed", _("Deployed")
    EXTENDED = "extended", _("Extended")
    REPATRIATED = "repatriated", _("Repatriated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class StrengthCategory(models.TextChoices):
    """Categories of a monthly strength return. Values shared with insights.PersonnelType where they overlap."""

    TROOPS = "troops", _("Troops")
    STAFF_OFFICERS = "staff_officers", _("Staff officers")
    EXPERTS = "experts", _("Experts on mission")
    INDIVIDUAL_POLICE = "individual_police", _("Individual police")
    FORMED_POLICE = "formed_police", _("Formed police units")
