"""Writes to the document library, one module per concern; import from here."""

from .imports import ImportOutcome, document_create_from_draft, import_file, ingest_message

__all__ = ["ImportOutcome", "document_create_from_draft", "import_file", "ingest_message"]
