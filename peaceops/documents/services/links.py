"""Links from a document to other records (person, unit; proposals and missions register later).

A link is made or removed only by someone who may see both ends and may change the document; both
acts are audited. The audit row takes the higher of the two ends' levels, so it is no easier to
read than the link itself.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service

from ..linkables import linkable_for_model
from ..models import Document, Link

NOTE_MAX = 255


def _check_ends(actor: Actor, document: Document, target) -> None:
    documents = policy_for(Document)
    if not documents.allows(actor, "view", document):
        raise NotPermitted()
    if linkable_for_model(type(target)) is None:
        raise ServiceError(_("Documents cannot be linked to this kind of record."), field="kind")
    if not policy_for(type(target)).scope(actor, "view").filter(pk=target.pk).exists():
        raise NotPermitted()
    if not documents.allows(actor, "change", document):
        raise NotPermitted(_("You may not change this document."))


def _audit_level(document: Document, target) -> int:
    levels = [document.effective_level()]
    if hasattr(target, "effective_level"):
        levels.append(target.effective_level())
    return max(levels)


def _target_ref(target) -> str:
    return f"{target._meta.label_lower}:{target.pk}"


@service
def link_create(*, actor: Actor, document: Document, target, note: str = "") -> Link:
    """Link `document` to `target`; refused unless the actor sees both and may change the document."""
    _check_ends(actor, document, target)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ServiceError(_("The note is too long (at most %(n)d characters).") % {"n": NOTE_MAX}, field="note")
    content_type = ContentType.objects.get_for_model(type(target))
    if Link.objects.filter(document=document, target_type=content_type, target_id=str(target.pk)).exists():
        raise ServiceError(_("This record is already linked to the document."), field="identifier")
    link = Link(document=document, target_type=content_type, target_id=str(target.pk), note=note)
    link.save(force_insert=True)
    record(actor=actor, action="documents.link.create", target=document, level=_audit_level(document, target),
           changes={"link": str(link.pk), "target": _target_ref(target), "note": note})
    return link


@service
def link_delete(*, actor: Actor, link: Link) -> None:
    """Remove a link; the same conditions as making it."""
    document = Document.objects.unrestricted().get(pk=link.document_id)
    model = link.target_type.model_class()
    if model is None:
        raise NotPermitted()
    target = model._default_manager.filter(pk=link.target_id).first() if linkable_for_model(model) else None
    if target is None:
        raise NotPermitted()
    _check_ends(actor, document, target)
    link_id = str(link.pk)
    Link.objects.filter(pk=link.pk).delete()
    record(actor=actor, action="documents.link.delete", target=document, level=_audit_level(document, target),
           changes={"link": link_id, "target": _target_ref(target)})
