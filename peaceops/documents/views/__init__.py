"""Pages of the document library, one module per concern."""

from .imports import DocumentImportJobView, DocumentImportView
from .library import DocumentDetailView, DocumentListView
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

__all__ = ["DocumentDetailView", "DocumentImportJobView", "DocumentImportView", "DocumentListView"]
__all__ += ["AttachmentDownloadView", "DocumentDowngradeView", "DocumentLinkCreateView", "DocumentLinkDeleteView",
            "DocumentPdfView", "DocumentPrintView", "DocumentReadView", "DocumentsCitingView"]
__all__ += ["DocumentSearchView"]
