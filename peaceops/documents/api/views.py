from drf_spectacular.utils import extend_schema

from peaceops.access.api import SecuredReadOnlyViewSet

from .. import selectors
from ..filters import DocumentFilter
from ..models import Document
from .reading import DocumentReadingActions
from .serializers import DocumentDetailSerializer, DocumentSerializer


@extend_schema(tags=["documents"])
class DocumentViewSet(DocumentReadingActions, SecuredReadOnlyViewSet):
    """Documents the caller may know of; paragraphs above their clearance come back redacted."""

    model = Document
    filterset_class = DocumentFilter
    ordering = ["-dated", "title", "id"]
    ordering_fields = ["title", "dated", "kind"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Document.objects.none()
        return selectors.document_list(actor=self.actor)

    def get_serializer_class(self):
        return DocumentDetailSerializer if self.action == "retrieve" else DocumentSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "retrieve" and not getattr(self, "swagger_fake_view", False):
            context["portions"] = selectors.document_portions(actor=self.actor, document=self.get_object())
        return context
