"""Classification levels, compartments and clearances."""

from functools import lru_cache

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from peaceops.core.models import BaseModel

MAX_BITS = 62  # bit 63 is the sign bit of a 64-bit integer; keep masks positive


class BilingualLabelMixin:
    """`label` in the active language, English as the fallback."""

    label_vi: str
    label_en: str

    @property
    def label(self) -> str:
        language = (get_language() or "vi")[:2]
        return self.label_vi if language == "vi" and self.label_vi else self.label_en


class Level(BilingualLabelMixin, models.Model):
    """One step of the ordered classification scheme; the rank is the key and the order."""

    rank = models.PositiveSmallIntegerField(primary_key=True)
    code = models.CharField(max_length=32, unique=True)
    label_vi = models.CharField(max_length=64)
    label_en = models.CharField(max_length=64)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("classification level")

    def __str__(self) -> str:
        return self.label


class Compartment(BilingualLabelMixin, models.Model):
    """A need-to-know caveat (MEDICAL, PERSONAL-DATA, DISCIPLINE…); `bit` places it in masks."""

    code = models.CharField(max_length=32, primary_key=True)
    bit = models.PositiveSmallIntegerField(unique=True)
    label_vi = models.CharField(max_length=64)
    label_en = models.CharField(max_length=64)

    class Meta:
        ordering = ["bit"]
        verbose_name = _("compartment")
        constraints = [models.CheckConstraint(condition=models.Q(bit__lte=MAX_BITS), name="compartment_bit_range")]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        compartment_bits.cache_clear()


@lru_cache(maxsize=1)
def compartment_bits() -> dict[str, int]:
    """{code: bit} for every compartment; reference data, cached per process."""
    return dict(Compartment.objects.values_list("code", "bit"))


def compartments_to_mask(codes) -> int:
    bits = compartment_bits()
    mask = 0
    for code in codes:
        if code not in bits:
            raise ValueError(f"unknown compartment {code!r}")
        mask |= 1 << bits[code]
    return mask


def mask_to_compartments(mask: int) -> list[str]:
    return sorted(code for code, bit in compartment_bits().items() if mask & (1 << bit))


@lru_cache(maxsize=1)
def level_labels() -> dict[int, tuple[str, str, str]]:
    """{rank: (code, vi, en)} from settings; the Level table is seeded from the same list."""
    return {rank: (code, vi, en) for rank, code, vi, en in settings.PEACEOPS_LEVELS}


def level_label(rank: int) -> str:
    code, vi, en = level_labels().get(rank, (str(rank), str(rank), str(rank)))
    return vi if (get_language() or "vi")[:2] == "vi" else en


def level_code(rank: int) -> str:
    return level_labels().get(rank, (str(rank),))[0]


class Clearance(BaseModel):
    """What a user may see: a level, compartments and agency memberships, valid for a period."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clearances")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+")
    compartments = models.ManyToManyField(Compartment, blank=True, related_name="+")
    agencies = models.ManyToManyField("org.Agency", related_name="+")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    granted_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("clearance")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="clearance_valid_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.level_id}"
