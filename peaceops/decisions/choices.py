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


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    RECOMMENDED = "recommended", _("Recommended")
    DECIDED = "decided", _("Decided")
    IMPLEMENTING = "implementing", _("Implementing")
    CLOSED = "closed", _("Closed")


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")


class Scenario(models.TextChoices):
    MILITARY_OBSERVER = "military_observer", _("Military observers")
    STAFF_OFFICER = "staff_officer", _("Staff officers")
    UN_POLICE = "un_police", _("UN police")
    FORMED_UNIT = "formed_unit", _("Formed unit")


class Mandate(models.TextChoices):
    PEACEKEEPING = "peacekeeping", _("Peacekeeping")
    PEACE_ENFORCEMENT = "peace_enforcement", _("Peace enforcement")


class ReviewItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    BLOCKED = "blocked", _("Blocked")


class Stance(models.TextChoices):
    CONCUR = "concur", _("Concur")
    CONCUR_WITH_COMMENTS = "concur_with_comments", _("Concur with comments")
    NON_CONCUR = "non_concur", _("Non-concur")


class PeriodKind(models.TextChoices):
    CONGRESS = "congress", _("Party congress")
    ELECTION = "election", _("Election")
    ANNIVERSARY = "anniversary", _("Anniversary")
    OTHER = "other", _("Other")


class ActionKind(models.TextChoices):
    ACTION = "action", _("Action item")
    MILESTONE = "milestone", _("Milestone")


class BriefLanguage(models.TextChoices):
    """The languages a decision brief is written in (each named in itself, as language pickers do)."""

    VI = "vi", "Tiếng Việt"
    EN = "en", "English"
