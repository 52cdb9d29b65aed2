"""Writes to the document library, one module per concern; import from here."""

from .declassify import DeclassifyResult, declassify_due, document_downgrade
from .imports import ImportOutcome, document_create_from_draft, import_file, import_files, ingest_message
from .links import link_create, link_delete
from .reading import attachment_download_audit, document_export_audit

__all__ = ["ImportOutcome", "document_create_from_draft", "import_file", "import_files", "ingest_message"]
__all__ += ["DeclassifyResult", "declassify_due", "document_downgrade", "link_create", "link_delete",
            "attachment_download_audit", "document_export_audit"]
