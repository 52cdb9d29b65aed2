from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IncidentType(models.TextChoices):
    """The UN's incident types for casualties of peace operations."""

    MALICIOUS_ACT = "malicious_act", _("Malicious act")
    ACCIDENT = "accident", _("Accident")
    ILLNESS = "illness", _("Illness")
    SELF_INFLICTED = "self_inflicted", _("Self-inflicted")
    OTHER = "other", _("Other")


class CasualtyStatus(models.TextChoices):
    INJURED = "injured", _("Injured")
    SERIOUSLY_INJURED = "seriously_injured", _("Seriously injured")
    DECEASED = "deceased", _("Deceased")
    MISSING = "missing", pgettext_lazy("casualty status", "Missing")


class NotificationKind(models.TextChoices):
    """The notification steps, in the only order they may be taken (see notification.py)."""

    FAMILY = "family", _("Family notified")
    MINISTRIES = "ministries", _("Ministries informed")
    PUBLIC_STATEMENT = "public_statement", _("Public statement made")


class CareKind(models.TextChoices):
    MEDICAL = "medical", _("Medical")
    PSYCHOLOGICAL = "psychological", _("Psychological")
    FAMILY_SUPPORT = "family_support", _("Family support")
    ADMINISTRATIVE = "administrative", _("Administrative")


class ClaimKind(models.TextChoices):
    DEATH = "death", _("Death")
    DISABILITY = "disability", _("Disability")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    SUBMITTED = "submitted", _("Submitted to the UN")
    APPROVED = "approved", _("Approved by the UN")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DeadlineCode(models.TextChoices):
    """The deadlines a claim is measured against; their lengths are entered parameters (DeadlineParameter)."""

    CLAIM_SUBMISSION = "claim_submission", _("Claim to be submitted (days after the incident)")
    UN_SETTLEMENT = "un_settlement", _("UN settlement expected (days after submission)")


class DeadlineState(models.TextChoices):
    MET = "met", _("Met")
    OPEN = "open", _("Open")
    NEAR = "near", _("Near")
    OVERDUE = "overdue", _("Overdue")
    UNKNOWN = "unknown", _("No deadline entered")
    CLOSED = "closed", _("Closed")
