from django.contrib import messages
from django.utils.translation import gettext as _
from django.views.generic import FormView

from peaceops.access.banner import page_marking
from peaceops.access.views import SecuredDetailView, SecuredListView, SecuredViewMixin

from .. import selectors, services
from ..filters import DocumentFilter
from ..forms import DocumentImportForm
from ..models import Document


class DocumentListView(SecuredListView):
    model = Document
    filterset_class = DocumentFilter
    template_name = "documents/document_list.html"
    sort_fields = {"title": "title", "dated": "dated", "kind": "kind", "level": "level_id"}
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


class DocumentImportView(SecuredViewMixin, FormView):
    """Upload files; each is its own transaction; the report says what was created, skipped or failed."""

    model = Document
    template_name = "documents/document_import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.policy().allows(request.actor, "import"):
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return DocumentImportForm(self.request.POST or None, self.request.FILES or None, actor=self.actor)

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_marking=page_marking([]), **kwargs)

    def form_valid(self, form):
        marking = form.marking()
        outcomes = [
            services.import_file(actor=self.actor, name=upload.name, content=upload.read(),
                                 owning_agency_id=marking.owning_agency_id, plain_level=marking.level,
                                 releasable_mask=marking.releasable_mask)
            for upload in form.cleaned_data["files"]
        ]
        created = sum(1 for o in outcomes if o.status == "created")
        messages.info(self.request, _("%(created)d of %(total)d files imported.") % {
            "created": created, "total": len(outcomes)})
        return self.render_to_response(self.get_context_data(form=form, outcomes=outcomes))
