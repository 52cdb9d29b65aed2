"""ClassifiedModel: the marking every sensitive record carries, and the manager that enforces it."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Case, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import lookups  # noqa: F401  (registers the bit lookups used below)
from .actor import ALL_BITS, Actor
from .context import require_actor
from .models import compartments_to_mask, level_code, level_label, mask_to_compartments

MAX_ENUMERATED_COMPARTMENTS = 6  # at most 64 values in the IN list


def mask_subsets(mask: int) -> list[int]:
    """Every mask whose bits are all in `mask`, 0 included, in descending order."""
    subsets, subset = [], mask
    while True:
        subsets.append(subset)
        if subset == 0:
            return subsets
        subset = (subset - 1) & mask


def visibility_q(actor: Actor, *, today: dt.date | None = None) -> tuple[dict, Q]:
    """(aliases, condition) selecting the records `actor` may see.

    Visible = effective level ≤ clearance, compartments ⊆ the actor's, and owned by or
    released to one of the actor's agencies. A record past its declassify-on date counts at
    its downgrade level.
    """
    today = today or timezone.localdate()
    aliases: dict = {}
    # One expression, not an OR: the planner can then count from a covering index instead of
    # merging two index scans (see docs/adr/0002-markings-as-masks.md).
    aliases["_effective_level"] = Case(
        When(Q(declassify_on__lte=today) & Q(downgrade_level_id__lt=F("level_id")), then=F("downgrade_level_id")),
        default=F("level_id"),
    )
    level_ok = Q(_effective_level__lte=actor.level)
    return aliases, level_ok & _compartments_and_agency_q(actor)


def related_visibility_q(actor: Actor, prefix: str, *, today: dt.date | None = None) -> Q:
    """The condition of visibility_q on a related record's columns (`prefix`: e.g. "person__"), as
    plain lookups: under an OR (`person__isnull=True | …`) Django makes the join LEFT OUTER, and the
    database reads the related row by its key instead of listing every visible one (an EXISTS under
    an OR is a hashed subplan on PostgreSQL: the whole visible registry for a plan's few rows).

    The effective level as an OR: visible at its level, or past its declassify-on date at a downgrade
    level the actor holds (the CASE of visibility_q, unrolled: same rows)."""
    if actor.is_system:
        return Q()
    today = today or timezone.localdate()
    level_ok = Q(**{f"{prefix}level_id__lte": actor.level}) | Q(
        **{f"{prefix}declassify_on__lte": today, f"{prefix}downgrade_level_id__lte": actor.level})
    return level_ok & _compartments_and_agency_q(actor, prefix)


def _compartments_and_agency_q(actor: Actor, prefix: str = "") -> Q:
    """Compartments ⊆ the actor's, and owned by or released to one of the actor's agencies."""
    if actor.compartment_mask == 0:
        compartments_ok = Q(**{f"{prefix}compartment_mask": 0})
    elif actor.compartment_mask.bit_count() <= MAX_ENUMERATED_COMPARTMENTS:
        # "compartments ⊆ the actor's" as the list of every subset of the actor's bits: the same rows
        # as the bit test, but PostgreSQL can estimate an IN list from its statistics (a bit
        # expression gets a blind 0.5 % guess and a sort of 34,000 rows instead of an index walk).
        compartments_ok = Q(**{f"{prefix}compartment_mask__in": mask_subsets(actor.compartment_mask)})
    else:
        compartments_ok = Q(**{f"{prefix}compartment_mask__has_no_bit": ~actor.compartment_mask & ALL_BITS})
    agency_ok = Q(**{f"{prefix}owning_agency_id__in": list(actor.agency_ids)})
    if actor.agency_mask:
        agency_ok |= Q(**{f"{prefix}releasable_mask__has_any_bit": actor.agency_mask})
    return compartments_ok & agency_ok


class ClassifiedQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> ClassifiedQuerySet:
        if actor.is_system:
            return self
        aliases, condition = visibility_q(actor)
        return self.alias(**aliases).filter(condition)


class ClassifiedManager(models.Manager.from_queryset(ClassifiedQuerySet)):
    """Default manager: every query is filtered by the current actor; no actor → NoActorError."""

    def unrestricted(self) -> ClassifiedQuerySet:
        # Only for the access layer itself and for system_scope maintenance.
        return super().get_queryset()

    def get_queryset(self) -> ClassifiedQuerySet:
        return super().get_queryset().visible_to(require_actor())

    def visible_to(self, actor: Actor) -> ClassifiedQuerySet:
        return self.unrestricted().visible_to(actor)

    def none(self) -> ClassifiedQuerySet:
        # An empty queryset shows nothing, so it needs no actor (schema generation asks for one).
        return self.unrestricted().none()


class ClassifiedModel(models.Model):
    """Abstract marking: level, compartments, owning and releasable agencies, declassification.

    Compartments and releasability are bit masks over the Compartment and Agency tables, so
    the visibility test is one indexed comparison and two bit operations per row instead of
    joins (see docs/adr/0002-markings-as-masks.md).
    """

    level = models.ForeignKey("access.Level", on_delete=models.PROTECT, related_name="+", verbose_name=pgettext_lazy("classification", "level"))
    compartment_mask = models.BigIntegerField(default=0, editable=False)
    owning_agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("owning agency")
    )
    releasable_mask = models.BigIntegerField(default=0, editable=False)
    declassify_on = models.DateField(_("declassify on"), null=True, blank=True)
    downgrade_level = models.ForeignKey(
        "access.Level", on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("downgrade to"),
    )
    classified_by = models.CharField(_("classified by"), max_length=150, blank=True)
    classification_reason = models.CharField(_("reason for classification"), max_length=255, blank=True)

    objects = ClassifiedManager()

    class Meta:
        abstract = True

    # -- marking helpers -------------------------------------------------------------
    def effective_level(self, today: dt.date | None = None) -> int:
        return self.counted_level(self.level_id, today)

    def counted_level(self, level: int, today: dt.date | None = None) -> int:
        """`level` as it counts today under this record's declassification (the rule of visibility_q)."""
        today = today or timezone.localdate()
        if self.declassify_on and self.declassify_on <= today and self.downgrade_level_id is not None:
            return min(level, self.downgrade_level_id)
        return level

    @property
    def compartments(self) -> list[str]:
        return mask_to_compartments(self.compartment_mask)

    @compartments.setter
    def compartments(self, codes) -> None:
        self.compartment_mask = compartments_to_mask(codes)

    @property
    def marking(self) -> str:
        """E.g. 'MẬT // MEDICAL' in the active language."""
        parts = [level_label(self.effective_level()).upper(), *self.compartments]
        return " // ".join(parts)

    @property
    def level_code(self) -> str:
        return level_code(self.effective_level())

    def marking_dict(self) -> dict:
        return {
            "level": level_code(self.level_id),
            "compartments": self.compartments,
            "owning_agency": str(self.owning_agency_id),
            "releasable_mask": self.releasable_mask,
            "declassify_on": self.declassify_on.isoformat() if self.declassify_on else None,
        }


def classified_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, ClassifiedModel)]
