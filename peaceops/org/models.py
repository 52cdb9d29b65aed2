"""Agencies (ministries, the department) and the tree of units with their tables of organisation."""

from functools import lru_cache

from django.db import models
from django.utils.translation import gettext_lazy as _

from peaceops.access.models import MAX_BITS, BilingualLabelMixin
from peaceops.core.models import BaseModel

from .choices import AgencyKind, UnitKind


class Agency(BilingualLabelMixin, BaseModel):
    """A ministry or department that owns records and receives releases; `bit` places it in masks."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    bit = models.PositiveSmallIntegerField(unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=AgencyKind.choices, default=AgencyKind.MINISTRY)
    label_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    label_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        ordering = ["bit"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [models.CheckConstraint(condition=models.Q(bit__lte=MAX_BITS), name="agency_bit_range")]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        agency_codes_by_bit.cache_clear()


@lru_cache(maxsize=1)
def agency_codes_by_bit() -> dict[int, str]:
    """{bit: code}; reference data, cached per process (agencies change rarely)."""
    return dict(Agency.objects.values_list("bit", "code"))


def releasable_codes(mask: int) -> list[str]:
    return sorted(code for bit, code in agency_codes_by_bit().items() if mask & (1 << bit))


class Unit(BilingualLabelMixin, BaseModel):
    """A unit or office in the national structure; units form a tree under their agency."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="units", verbose_name=_("agency"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent unit")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, default=UnitKind.OTHER)
    label_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    label_en = models.CharField(_("name (English)"), max_length=200)
    location = models.CharField(_("location"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit")

    def __str__(self) -> str:
        return self.label

    def ancestors(self) -> list["Unit"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class TablePost(BaseModel):
    """A line of a unit's table of organisation: a post type, how many, and the rank range."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="table_posts")
    post_code = models.CharField(_("post type"), max_length=32)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    count = models.PositiveSmallIntegerField(_("number of posts"), default=1)
    rank_min = models.CharField(_("lowest rank"), max_length=8, blank=True)
    rank_max = models.CharField(_("highest rank"), max_length=8, blank=True)

    class Meta:
        ordering = ["unit", "post_code"]
        verbose_name = _("table-of-organisation post")
        constraints = [
            models.UniqueConstraint(fields=["unit", "post_code"], name="unique_post_per_unit"),
            models.CheckConstraint(condition=models.Q(count__gte=1), name="table_post_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.post_code} ×{self.count}"

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        return self.title_vi if (get_language() or "vi")[:2] == "vi" else self.title_en
