from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Service(models.TextChoices):
    ARMY = "army", _("Army")
    NAVY = "navy", _("Navy")
    AIR_FORCE = "air_force", _("Air force")
    POLICE = "police", _("Police")
    CIVILIAN = "civilian", _("Civilian")
    MEDICAL = "medical", _("Medical")


class Gender(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class Rank(models.TextChoices):
    """NATO-style grades, so rank ranges compare across services (army, police, medical)."""

    OR4 = "OR-4", _("Corporal (OR-4)")
    OR5 = "OR-5", _("Sergeant (OR-5)")
    OR7 = "OR-7", _("Master sergeant (OR-7)")
    OR9 = "OR-9", _("Warrant officer (OR-9)")
    OF1 = "OF-1", _("Lieutenant (OF-1)")
    OF2 = "OF-2", _("Captain (OF-2)")
    OF3 = "OF-3", _("Major (OF-3)")
    OF4 = "OF-4", _("Lieutenant colonel (OF-4)")
    OF5 = "OF-5", _("Colonel (OF-5)")
    OF6 = "OF-6", _("Senior colonel / brigadier (OF-6)")
    OF7 = "OF-7", _("Major general (OF-7)")
    CIV = "CIV", _("Civilian (no rank)")


RANK_ORDER = {code: index for index, code in enumerate(Rank.values)}


class LanguageLevel(models.TextChoices):
    """CEFR levels; readiness compares them in this order."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("Native")


class Relationship(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    PARENT = "parent", pgettext_lazy("relationship", "Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Sibling")
    OTHER = "other", _("Other")
