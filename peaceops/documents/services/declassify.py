"""Declassification: the daily application of declassify-on dates, and the manual downgrade of a document.

Records past their declassify-on date already count at their downgrade level for visibility
(access.classified.visibility_q); the daily run makes that concrete: it sets the level, audits one
row per record (old and new level), recomputes each touched document's banner from its portions
(and keeps the document's own level within it), lets the original files follow the banner down,
and reindexes. A second run finds nothing due and changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.actor import Actor
from peaceops.access.context import acting_as
from peaceops.access.marking import Marking
from peaceops.access.models import level_code
from peaceops.access.policies import policy_for
from peaceops.access.services import marking_downgrade
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service

from .. import search
from ..models import Attachment, Document, Portion

logger = logging.getLogger(__name__)

# Records declassified on their own, outside a document's group (another app may add its model label).
STANDALONE_MODELS = ["documents.Lesson", "decisions.ActionItem"]
CHUNK = 500


@dataclass
class DeclassifyResult:
    today: dt.date
    changed: Counter = field(default_factory=Counter)  # {"documents.portion": 3, …}
    reindexed: int = 0
    failed: list[str] = field(default_factory=list)  # "documents.document:<id>: reason"

    @property
    def total(self) -> int:
        return sum(self.changed.values())

    def as_dict(self) -> dict:
        return {"date": self.today.isoformat(), "changed": dict(sorted(self.changed.items())),
                "total": self.total, "reindexed": self.reindexed, "failed": self.failed}


def _due(model, today: dt.date):
    """Records whose declassify-on date has come and whose downgrade level is below their level."""
    return model.objects.unrestricted().filter(
        declassify_on__lte=today, downgrade_level__isnull=False, downgrade_level_id__lt=F("level_id"))


def _set_level(obj, new_level: int) -> list[str]:
    obj.level_id = new_level
    obj.version += 1
    return ["level", "version", "updated_at"]


def _audit_declassify(actor: Actor, obj, changes: dict, old_level: int, reason: str) -> None:
    # The row keeps the old level: it names what the record used to be.
    record(actor=actor, action=f"{obj._meta.label_lower}.declassify", target=obj, changes=changes,
           reason=reason, level=old_level)


def refresh_banner(document: Document) -> dict:
    """Banner = highest portion (and the union of their compartments); the document's own level stays
    within it. Sets the fields and returns {field: [old, new]} (level codes) without saving."""
    rows = list(Portion.objects.unrestricted().filter(document=document).values_list("level_id", "compartment_mask"))
    if not rows:
        return {}
    banner = max(level for level, _mask in rows)
    mask = 0
    for _level, portion_mask in rows:
        mask |= portion_mask
    changes = {}
    if banner != document.banner_level_id:
        changes["banner_level"] = [level_code(document.banner_level_id), level_code(banner)]
        document.banner_level_id = banner
    if mask != document.banner_compartment_mask:
        changes["banner_compartment_mask"] = [document.banner_compartment_mask, mask]
        document.banner_compartment_mask = mask
    if document.level_id > banner:
        changes["level"] = [level_code(document.level_id), level_code(banner)]
        document.level_id = banner
    return changes


@service
def document_declassify_due(*, actor: Actor, document_id, today: dt.date) -> Counter:
    """One document with its portions and files, in one transaction; returns what changed."""
    result = DeclassifyResult(today=today)
    reason = _("Declassify-on date reached")
    document = Document.objects.unrestricted().select_for_update().get(pk=document_id)
    touched = False
    for portion in _due(Portion, today).filter(document=document).order_by("order"):
        old = portion.level_id
        portion.save(update_fields=_set_level(portion, portion.downgrade_level_id))
        _audit_declassify(actor, portion, {"level": [level_code(old), level_code(portion.level_id)]}, old, reason)
        result.changed["documents.portion"] += 1
        touched = True

    old_document_level = document.level_id
    changes = {}
    if document.declassify_on and document.declassify_on <= today and document.downgrade_level_id is not None \
            and document.downgrade_level_id < document.level_id:
        changes["level"] = [level_code(document.level_id), level_code(document.downgrade_level_id)]
        document.level_id = document.downgrade_level_id
    banner_changes = refresh_banner(document)
    if "level" in banner_changes and "level" in changes:
        banner_changes["level"][0] = changes["level"][0]
    changes.update(banner_changes)
    if changes:
        document.version += 1
        document.save(update_fields=["level", "banner_level", "banner_compartment_mask", "version", "updated_at"])
        _audit_declassify(actor, document, changes, max(old_document_level, document.level_id), reason)
        result.changed["documents.document"] += 1
        touched = True

    has_portions = Portion.objects.unrestricted().filter(document=document).exists()
    for attachment in Attachment.objects.unrestricted().filter(document=document).order_by("filename", "pk"):
        new = attachment.level_id
        if attachment.declassify_on and attachment.declassify_on <= today and attachment.downgrade_level_id is not None:
            new = min(new, attachment.downgrade_level_id)
        if has_portions and new > document.banner_level_id:
            new = document.banner_level_id  # the file holds the portions: it follows the banner down
        if new != attachment.level_id:
            old = attachment.level_id
            attachment.save(update_fields=_set_level(attachment, new))
            _audit_declassify(actor, attachment, {"level": [level_code(old), level_code(new)]}, old, reason)
            result.changed["documents.attachment"] += 1
            touched = True
    if touched:
        search.index_document(document)
        result.changed["reindexed"] += 1
    return result.changed


@service
def record_declassify_due(*, actor: Actor, obj) -> None:
    old = obj.level_id
    obj.save(update_fields=_set_level(obj, obj.downgrade_level_id))
    _audit_declassify(actor, obj, {"level": [level_code(old), level_code(obj.level_id)]}, old,
                      _("Declassify-on date reached"))


def declassify_due(*, actor: Actor, today: dt.date | None = None) -> DeclassifyResult:
    """Apply every declassify-on date that has come (documents, portions, files, lessons, action items).

    Runs as the system (`system_scope("daily declassification")`); one transaction per document group
    and per other record, so one bad row never holds back the rest. Idempotent.
    """
    if not actor.is_system:
        raise NotPermitted(_("The daily declassification runs as the system."))
    today = today or timezone.localdate()
    result = DeclassifyResult(today=today)
    with acting_as(actor):
        document_ids = set(_due(Document, today).values_list("pk", flat=True))
        document_ids |= set(_due(Portion, today).values_list("document_id", flat=True))
        document_ids |= set(_due(Attachment, today).values_list("document_id", flat=True))
        for document_id in sorted(document_ids, key=str):
            try:
                changed = document_declassify_due(actor=actor, document_id=document_id, today=today)
            except Exception as error:  # one document's failure must not stop the daily run
                logger.exception("declassification of document %s failed", document_id)
                result.failed.append(f"documents.document:{document_id}: {error}")
                continue
            result.reindexed += changed.pop("reindexed", 0)
            result.changed.update(changed)
        for label in STANDALONE_MODELS:
            model = apps.get_model(label)
            # The ids first: rows leave the due set as they are written.
            pks = list(_due(model, today).order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), CHUNK):
                for obj in model.objects.unrestricted().in_bulk(pks[start:start + CHUNK]).values():
                    try:
                        record_declassify_due(actor=actor, obj=obj)
                    except Exception as error:  # as above: report it, go on with the rest
                        logger.exception("declassification of %s %s failed", label, obj.pk)
                        result.failed.append(f"{obj._meta.label_lower}:{obj.pk}: {error}")
                        continue
                    result.changed[obj._meta.label_lower] += 1
    return result


# -- manual downgrade ---------------------------------------------------------------------------

def _lowered(marking: Marking, level: int) -> Marking:
    """The same marking at `level`; a scheduled downgrade that is no longer below it is dropped."""
    if marking.downgrade_level is not None and marking.downgrade_level >= level:
        return dataclasses.replace(marking, level=level, declassify_on=None, downgrade_level=None)
    return dataclasses.replace(marking, level=level)


@service
def document_downgrade(*, actor: Actor, document: Document, level: int, reason: str) -> Document:
    """Lower a whole document to `level`: every portion above it, its own level, its banner and files.

    Its own audited action, for the declassification role only; the declassifier must be cleared for
    every paragraph (nobody downgrades what they cannot read).
    """
    policy = policy_for(Document)
    if not policy.allows(actor, "view", document):
        raise NotPermitted()
    if not policy.allows(actor, "downgrade", document):
        raise NotPermitted(_("Downgrading needs the declassification role."))
    if not (reason or "").strip():
        raise ServiceError(_("Give the reason for the downgrade."), field="reason")
    portions = list(Portion.objects.unrestricted().filter(document=document).order_by("order"))
    readable = set(Portion.objects.visible_to(actor).filter(document=document).values_list("pk", flat=True))
    if any(p.pk not in readable for p in portions):
        raise NotPermitted(_("Downgrading a document needs clearance for every paragraph."))
    document = Document.objects.unrestricted().select_for_update().get(pk=document.pk)
    above = [p for p in portions if p.level_id > level]
    if not above and document.level_id <= level and document.banner_level_id <= level:
        raise ServiceError(_("Nothing in this document is above that level."), field="level")
    for portion in above:
        marking_downgrade(actor=actor, obj=portion, marking=_lowered(Marking.of(portion), level), reason=reason)
    old_level = max(document.level_id, document.banner_level_id)
    changes = {}
    if document.level_id > level:
        changes["level"] = [level_code(document.level_id), level_code(level)]
        document.level_id = level
        if document.downgrade_level_id is not None and document.downgrade_level_id >= level:
            changes["declassify_on"] = [document.declassify_on, None]
            document.declassify_on, document.downgrade_level_id = None, None
    banner_changes = refresh_banner(document)
    if "level" in banner_changes and "level" in changes:
        banner_changes["level"][0] = changes["level"][0]
    changes.update(banner_changes)
    document.version += 1
    document.save(update_fields=["level", "banner_level", "banner_compartment_mask", "declassify_on",
                                 "downgrade_level", "version", "updated_at"])
    record(actor=actor, action="documents.document.downgrade", target=document, changes=changes, reason=reason,
           level=old_level)
    for attachment in Attachment.objects.unrestricted().filter(document=document, level__gt=document.banner_level_id):
        marking_downgrade(actor=actor, obj=attachment,
                          marking=_lowered(Marking.of(attachment), document.banner_level_id), reason=reason)
    search.index_document(document)
    return document
