from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    PUBLISHED = "published", _("Published")


class SolverStatus(models.TextChoices):
    OPTIMAL = "optimal", _("Proven optimal")
    FEASIBLE = "feasible", _("Feasible (not proven optimal)")
    INFEASIBLE = "infeasible", _("A target cannot be met")
    TIMEOUT = "timeout", _("No plan within the time limit")
    EDITED = "edited", _("Edited by hand")


class WomenScope(models.TextChoices):
    MISSION = "mission", _("Whole rotation (mission)")
    CATEGORY = "category", _("Per post category")
    REQUIREMENT = "requirement", _("Per requirement")


class ReasonKind(models.TextChoices):
    UNFILLED = "unfilled", _("Unfilled post")
    PASSED_OVER = "passed_over", _("Passed-over candidate")
    EXCLUDED = "excluded", _("Left out by a planning rule")
