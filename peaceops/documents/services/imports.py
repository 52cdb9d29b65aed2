"""Writes to the document library: import (idempotent by content hash, one transaction per file)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from peaceops.access.actor import Actor
from peaceops.access.marking import Marking, check_no_write_up
from peaceops.access.models import Level
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service

from ..ingest import DocumentDraft, IngestError, draft_from_bytes
from ..models import Document, DocumentVersion, Portion
from ..search import index_document


@dataclass
class ImportOutcome:
    name: str
    status: str  # "created", "duplicate" or "failed"
    document: Document | None = None
    code: str = ""
    error: str = ""


def ingest_message(error: IngestError) -> str:
    messages = {
        "empty": _("The file is empty."),
        "too_large": _("The file is larger than %(megabytes)d MB."),
        "binary": _("The file holds binary data, not text (PDF and DOCX are not read yet)."),
        "undecodable": _("The text cannot be decoded (UTF-8, UTF-16 or Windows-1258 expected)."),
        "unmarked_paragraph": _("Paragraph %(number)s has no marking and the cable has no banner."),
    }
    return messages.get(error.code, _("The file cannot be imported.")) % error.params


def import_file(*, actor: Actor, name: str, content: bytes, owning_agency_id, plain_level: int = 0,
                releasable_mask: int = 0) -> ImportOutcome:
    """Import one file; never raises for a bad file: the outcome says what happened and why."""
    try:
        draft = draft_from_bytes(content, name)
    except IngestError as error:
        return ImportOutcome(name, "failed", code=error.code, error=ingest_message(error))
    existing = Document.objects.unrestricted().filter(content_hash=draft.content_hash).first()
    if existing is not None:
        return ImportOutcome(name, "duplicate")
    try:
        document = document_create_from_draft(actor=actor, draft=draft, owning_agency_id=owning_agency_id,
                                              plain_level=plain_level, releasable_mask=releasable_mask)
    except ServiceError as error:
        return ImportOutcome(name, "failed", code="refused", error=str(error.message))
    return ImportOutcome(name, "created", document)


@service
def document_create_from_draft(*, actor: Actor, draft: DocumentDraft, owning_agency_id, plain_level: int = 0,
                               releasable_mask: int = 0) -> Document:
    """Store a draft with its portions; the banner is the highest portion (no write above clearance)."""
    if not policy_for(Document).allows(actor, "import"):
        raise NotPermitted()
    ranks = dict(Level.objects.values_list("code", "rank"))
    portion_levels = [ranks[p.code] if p.code else plain_level for p in draft.portions]
    banner = max(portion_levels)
    title_level = min(ranks.get(draft.title_code, banner), banner) if draft.title_code else banner
    downgrade = 0 if draft.declassify_on else None
    check_no_write_up(actor, Marking(level=banner, owning_agency_id=owning_agency_id, declassify_on=draft.declassify_on,
                                     downgrade_level=downgrade))
    marking = {
        "owning_agency_id": owning_agency_id, "releasable_mask": releasable_mask,
        "declassify_on": draft.declassify_on, "downgrade_level_id": downgrade,
        "classified_by": draft.classified_by[:150], "classification_reason": draft.reason[:255],
    }
    document = Document(
        kind=draft.kind, title=draft.title, reference=draft.reference, tags=draft.tags, dated=draft.dated,
        content_hash=draft.content_hash, source_name=draft.source_name[:255], level_id=title_level,
        banner_level_id=banner, **marking,
    )
    document.save(force_insert=True)
    Portion.objects.bulk_create([
        Portion(document=document, order=order, number=p.number, text=p.text, level_id=level, **marking)
        for order, (p, level) in enumerate(zip(draft.portions, portion_levels, strict=True), start=1)
    ])
    DocumentVersion.objects.create(document=document, number=1, author=actor.label,
                                   reason=_("Imported from %(name)s") % {"name": draft.source_name})
    index_document(document)
    record(actor=actor, action="documents.document.import", target=document,
           changes={"source": draft.source_name, "portions": len(draft.portions), "banner": banner,
                    "content_hash": draft.content_hash})
    return document
