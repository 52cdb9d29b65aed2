from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentKind(models.TextChoices):
    NATIONAL_DECISION = "national_decision", _("National decision or decree")
    MOU = "mou", _("MOU with the UN")
    SOFA_SOMA = "sofa_soma", _("SOFA / SOMA")
    PARTNER_AGREEMENT = "partner_agreement", _("Agreement with a partner")


class InstrumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEGOTIATING = "negotiating", _("Under negotiation")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")


class ComplianceItem(models.TextChoices):
    """The checklist of a rotation, in order; the first three are computed from instruments."""

    LEGAL_BASIS = "legal_basis", _("Legal basis cited (national decision in force)")
    MOU_SIGNED = "mou_signed", _("MOU with the UN signed and in force")
    SOFA_SOMA = "sofa_soma", _("SOFA / SOMA with the host state in force")
    INSURANCE = "insurance", _("Insurance arranged")
    ROE_BRIEFED = "roe_briefed", _("Rules of engagement briefed")
    CONDUCT_TRAINING = "conduct_training", _("Conduct and discipline training done")


RECORDED_ITEMS = (ComplianceItem.INSURANCE, ComplianceItem.ROE_BRIEFED, ComplianceItem.CONDUCT_TRAINING)


class MisconductCategory(models.TextChoices):
    SEXUAL_EXPLOITATION_ABUSE = "sea", _("Sexual exploitation and abuse")
    SERIOUS = "serious", _("Other serious misconduct")
    MINOR = "minor", _("Minor misconduct")


class CaseStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    INVESTIGATING = "investigating", _("Under investigation")
    CONCLUDED = "concluded", _("Investigation concluded")
    CLOSED = "closed", _("Closed")


class CaseOutcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("Substantiated")
    UNSUBSTANTIATED = "unsubstantiated", _("Unsubstantiated")
