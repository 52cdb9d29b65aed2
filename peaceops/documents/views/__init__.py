"""Pages of the document library, one module per concern."""

from .library import DocumentDetailView, DocumentImportView, DocumentListView

__all__ = ["DocumentDetailView", "DocumentImportView", "DocumentListView"]
