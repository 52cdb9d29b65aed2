"""Pages of the document library, one module per concern."""

from .library import DocumentDetailView, DocumentImportView, DocumentListView
from .reading import (
    AttachmentDownloadView,
    DocumentDowngradeView,
    DocumentLinkCreateView,
    DocumentLinkDeleteView,
    DocumentPdfView,
    DocumentPrintView,
    DocumentReadView,
    DocumentsCitingView,
)
from .search import DocumentSearchView

__all__ = ["DocumentDetailView", "DocumentImportView", "DocumentListView"]
__all__ += ["AttachmentDownloadView", "DocumentDowngradeView", "DocumentLinkCreateView", "DocumentLinkDeleteView",
            "DocumentPdfView", "DocumentPrintView", "DocumentReadView", "DocumentsCitingView"]
__all__ += ["DocumentSearchView"]
