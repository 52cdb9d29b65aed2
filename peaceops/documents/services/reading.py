"""Audit rows for reading the library: every export (print, PDF) and every download of an original file."""

from __future__ import annotations

from peaceops.access.actor import Actor
from peaceops.audit.recorder import record
from peaceops.core.services import service

from ..models import Attachment, Document


@service
def document_export_audit(*, actor: Actor, document: Document, fmt: str, banner: str, redacted: int) -> None:
    """Who took which document, in which format, under which banner, with how many paragraphs withheld."""
    record(actor=actor, action="documents.document.export", target=document,
           changes={"format": fmt, "banner": banner, "redacted": redacted})


@service
def attachment_download_audit(*, actor: Actor, attachment: Attachment) -> None:
    record(actor=actor, action="documents.attachment.download", target=attachment,
           changes={"document": str(attachment.document_id), "filename": attachment.filename,
                    "sha256": attachment.sha256})
