"""People pages: list, detail, create, edit, import, export. Logic lives in selectors and services."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView

from peaceops.access.banner import page_marking
from peaceops.access.views import SecuredDetailView, SecuredListView, SecuredView, SecuredViewMixin
from peaceops.core.pages import CreateGateMixin, PartialListMixin, RecordGateMixin, ServiceFormView

from . import io, selectors, services
from .filters import PersonFilter
from .forms import ImportForm, NextOfKinForm, PassportForm, PersonForm
from .models import Person
from .tables import PERSON_COLUMNS, PERSON_SORTS

EXPORT_LIMIT = 100_000


class PersonListView(PartialListMixin, SecuredListView):
    model = Person
    filterset_class = PersonFilter
    template_name = "people/person_list.html"
    partial_template = "people/_person_table.html"
    sort_fields = PERSON_SORTS
    default_sort = "name"

    def base_queryset(self):
        return selectors.person_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = PERSON_COLUMNS
        context["may_create"] = self.policy().allows(self.actor, "create")
        context["may_import"] = self.policy().allows(self.actor, "import")
        context["may_export"] = self.policy().allows(self.actor, "export")
        return context


class PersonDetailView(SecuredDetailView):
    model = Person
    template_name = "people/person_detail.html"

    def get_queryset(self):
        return selectors.person_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        passports = list(selectors.person_passports(actor=self.actor, person=person))
        kin = list(selectors.person_next_of_kin(actor=self.actor, person=person))
        context.update(
            passports=passports,
            next_of_kin=kin,
            languages=selectors.person_languages(person=person),
            marked_objects=[*passports, *kin],
            may_change=self.policy().allows(self.actor, "change", person),
            today=timezone.localdate(),
        )
        return context


class PersonFormView(ServiceFormView):
    model = Person
    template_name = "people/person_form.html"
    record = None
    done_route = "people:detail"

    def get_form(self):
        return PersonForm(self.request.POST or None, actor=self.actor, instance=self.record)

    def render_form(self, form):
        return render(self.request, self.template_name, {
            "form": form, "object": self.record,
            "page_marking": page_marking([self.record] if self.record else []),
        })


class PersonCreateView(CreateGateMixin, PersonFormView):
    def save(self, form):
        return services.person_create(actor=self.actor, data=form.person_data(), marking=form.marking())


class PersonUpdateView(RecordGateMixin, PersonFormView):
    lookup = staticmethod(selectors.person_get)

    def save(self, form):
        return services.person_update(
            actor=self.actor, person=self.record, data=form.person_data(), marking=form.marking(),
            expected_version=form.cleaned_data.get("version") or self.record.version,
        )


class PersonExportView(SecuredView):
    """Export what the actor sees with the current filters, as CSV or XLSX; audited."""

    model = Person

    def get(self, request, fmt):
        if not self.policy().allows(self.actor, "export"):
            return self.handle_no_permission()
        filters = PersonFilter(request.GET, queryset=selectors.person_list(actor=self.actor))
        people = list(filters.qs.order_by("family_name", "given_name", "pk")[:EXPORT_LIMIT])
        marking = page_marking(people)
        services.person_export_audit(actor=self.actor, count=len(people), fmt=fmt, filters=request.GET.dict())
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if fmt == "xlsx":
            body = io.write_xlsx(people, banner=marking.label)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            body = io.write_csv(people)
            content_type = "text/csv; charset=utf-8"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="people-{stamp}.{fmt}"'
        response["X-PeaceOps-Marking"] = marking.code
        return response


class PersonImportView(SecuredViewMixin, FormView):
    """Upload a CSV/XLSX: every bad row is listed with its line and reason, and nothing is written."""

    model = Person
    form_class = ImportForm
    template_name = "people/person_import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.policy().allows(request.actor, "import"):
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        from django.conf import settings

        upload = form.cleaned_data["file"]
        context = {"form": form, "errors": [], "page_marking": page_marking([])}
        if upload.size > settings.IMPORT_MAX_BYTES:
            form.add_error("file", _("The file is too large."))
            return self.render_to_response(context)
        try:
            created, errors = services.person_import_file(actor=self.actor, name=upload.name, content=upload.read())
        except io.ImportFileError as error:
            form.add_error("file", str(error))
            return self.render_to_response(context)
        if errors:
            context["errors"] = errors
            return self.render_to_response(context)
        messages.success(self.request, ngettext("Imported %(count)d person.", "Imported %(count)d people.", len(created))
                         % {"count": len(created)})
        return redirect("people:list")


class PersonRecordAddView(RecordGateMixin, ServiceFormView):
    """Add a passport or a next-of-kin record to a person you may edit (both PERSONAL-DATA by default)."""

    model = Person
    template_name = "people/person_record_form.html"
    form_class = None
    title = ""
    lookup = staticmethod(selectors.person_get)

    def get_form(self):
        return self.form_class(self.form_data(), actor=self.actor)

    def render_form(self, form):
        return render(self.request, self.template_name, {
            "form": form, "person": self.record, "title": self.title,
            "page_marking": page_marking([self.record]),
        })

    def done_url(self, saved):
        return reverse("people:detail", args=[self.record.pk])


class PassportAddView(PersonRecordAddView):
    form_class = PassportForm
    title = gettext_lazy("Add a passport")

    def save(self, form):
        return services.passport_record(actor=self.actor, person=self.record, number=form.cleaned_data["number"],
                                        expires_on=form.cleaned_data["expires_on"], marking=form.marking())


class NextOfKinAddView(PersonRecordAddView):
    form_class = NextOfKinForm
    title = gettext_lazy("Add next of kin")

    def save(self, form):
        data = form.cleaned_data
        return services.next_of_kin_add(actor=self.actor, person=self.record, name=data["name"],
                                        relationship=data["relationship"], phone=data["phone"],
                                        address=data["address"], marking=form.marking())
