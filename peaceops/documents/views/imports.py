"""Import by upload: the form queues a background job; the job page shows progress, then the report."""

from django.shortcuts import redirect
from django.views.generic import FormView

from peaceops.access.banner import page_marking
from peaceops.access.policies import policy_for
from peaceops.access.views import SecuredDetailView, SecuredViewMixin
from peaceops.core import jobs
from peaceops.core.models import Job

from .. import tasks
from ..forms import DocumentImportForm
from ..models import Document


class DocumentImportView(SecuredViewMixin, FormView):
    """Upload files; they are imported in the background, each file in its own transaction."""

    model = Document
    template_name = "documents/document_import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.policy().allows(request.actor, "import"):
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return DocumentImportForm(self.request.POST or None, self.request.FILES or None, actor=self.actor)

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_marking=page_marking([]),
                                        recent_jobs=tasks.import_jobs_recent(actor=self.actor), **kwargs)

    def form_valid(self, form):
        marking = form.marking()
        job = tasks.import_job_start(actor=self.actor, uploads=form.cleaned_data["files"],
                                     owning_agency_id=marking.owning_agency_id, plain_level=marking.level,
                                     releasable_mask=marking.releasable_mask)
        return redirect("documents:import-job", pk=job.pk)


class DocumentImportJobView(SecuredDetailView):
    """One import job: a progress bar that polls (HTMX, every second) until it ends, then the report."""

    model = Job
    audit_reads = False  # a job is not classified; the documents it links to are audited when opened
    template_name = "documents/document_import_job.html"
    context_object_name = "job"

    def get_queryset(self):
        return policy_for(Job).scope(self.actor, "view").filter(kind=tasks.IMPORT_KIND).select_related("created_by")

    def get_object(self, queryset=None):
        return jobs.refresh_stale(super().get_object(queryset))

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["documents/_import_job.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        report = tasks.import_job_report(actor=self.actor, job=self.object)
        return super().get_context_data(report=report, marked_objects=report["documents"],
                                        oob=bool(getattr(self.request, "htmx", False)), **kwargs)
