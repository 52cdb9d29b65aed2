from peaceops.access.views import SecuredDetailView, SecuredListView

from .. import selectors
from ..filters import DocumentFilter
from ..models import Document


class DocumentListView(SecuredListView):
    model = Document
    filterset_class = DocumentFilter
    template_name = "documents/document_list.html"
    sort_fields = {"title": "title", "dated": "dated", "kind": "kind", "level": "banner_level_id"}
    default_sort = "-dated"

    def base_queryset(self):
        return selectors.document_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_import"] = self.policy().allows(self.actor, "import")
        return context


class DocumentDetailView(SecuredDetailView):
    model = Document
    template_name = "documents/document_detail.html"

    def get_queryset(self):
        return selectors.document_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        portions = selectors.document_portions(actor=self.actor, document=self.object)
        shown = [p.portion for p in portions if p.visible]
        return super().get_context_data(portions=portions, marked_objects=shown,
                                        redacted=sum(1 for p in portions if not p.visible), **kwargs)

