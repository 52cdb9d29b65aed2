from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonnelType(models.TextChoices):
    """Personnel types of the UN monthly contribution reports (gender tables)."""

    INDIVIDUAL_POLICE = "individual_police", _("Individual police")
    FORMED_POLICE = "formed_police", _("Formed police units")
    EXPERTS = "experts", _("Experts on mission")
    TROOPS = "troops", _("Troops")


class Measure(models.TextChoices):
    TOTAL = "total", _("All personnel")
    WOMEN = "women", _("Women")
    WOMEN_SHARE = "women_share", _("Women's share (%)")


class Series(models.TextChoices):
    YEARLY = "yearly", _("Yearly average, 2010–2021 (UN DPO gender data, derived)")
    MONTHLY = "monthly", _("Monthly, 1990–2014 (IPI)")


class FatalityScope(models.TextChoices):
    UNIFORMED = "uniformed", _("Uniformed personnel (as the strength counts)")
    ALL = "all", _("Everyone in the fatalities file")
