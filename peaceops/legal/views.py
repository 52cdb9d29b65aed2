"""Legal pages: instruments by kind, mission and status; compliance per rotation (green/red); discipline
cases (DISCIPLINE compartment) with their workflow. Every page derives from the Secured* bases."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peaceops.access.banner import page_marking
from peaceops.access.policies import policy_for
from peaceops.access.views import SecuredDetailView, SecuredListView, SecuredTemplateView, SecuredView
from peaceops.core.editing import apply_service_error, save_edit
from peaceops.core.errors import ServiceError

from . import selectors, services
from .choices import ComplianceItem
from .filters import CaseFilter, InstrumentFilter
from .forms import CaseForm, CaseStepForm, ComplianceRecordForm, InstrumentForm
from .models import ComplianceRecord, DisciplineCase, Instrument

INSTRUMENT_SORTS = {"reference": "reference", "kind": "kind", "status": "status", "signed": "signed_on",
                    "expires": "expires_on", "mission": "mission__acronym"}
CASE_SORTS = {"reference": "reference", "reported": "reported_on", "status": "status", "category": "category"}
EXPORT_LIMIT = 10_000
REASONS = {
    "in_force": "",
    "not_in_force_for_rotation": gettext_lazy("On file but not in force for the whole rotation"),
    "no_instrument": gettext_lazy("No instrument on file that you may see"),
    "recorded": "",
    "recorded_after_start": gettext_lazy("Recorded only after the rotation started"),
    "not_recorded": gettext_lazy("Not recorded"),
}


def _form_page(request, *, title, form, back, intro="", marking_objects=()):
    return render(request, "welfare/form.html", {"title": title, "form": form, "back": back, "intro": intro,
                                                 "page_marking": page_marking(list(marking_objects))})


def _csv(rows: list[list], header: list[str], stem: str, marking) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{timezone.localtime():%Y%m%d-%H%M}.csv"'
    response["X-PeaceOps-Marking"] = marking.code
    return response


class ListPartialMixin:
    partial_template = ""

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return [self.partial_template]
        return [self.template_name]


class InstrumentListView(ListPartialMixin, SecuredListView):
    model = Instrument
    filterset_class = InstrumentFilter
    template_name = "legal/instrument_list.html"
    partial_template = "legal/_instrument_table.html"
    sort_fields = INSTRUMENT_SORTS
    default_sort = "kind"

    def base_queryset(self):
        return selectors.instrument_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(tab="instruments", today=timezone.localdate(),
                       may_create=self.policy().allows(self.actor, "create"),
                       may_export=self.policy().allows(self.actor, "export"),
                       case_count=selectors.case_list(actor=self.actor).count())
        return context


class InstrumentExportView(SecuredView):
    model = Instrument

    def get(self, request):
        if not self.policy().allows(self.actor, "export"):
            raise Http404
        rows = list(InstrumentFilter(request.GET, queryset=selectors.instrument_list(actor=self.actor)).qs
                    .order_by("kind", "reference")[:EXPORT_LIMIT])
        services.export_audit(actor=self.actor, model=Instrument, count=len(rows), filters=request.GET.dict())
        return _csv([[i.reference, i.kind, i.status, i.title, i.parties, i.mission.acronym if i.mission_id else "",
                      i.unit.code if i.unit_id else "", i.signed_on or "", i.in_force_on or "", i.expires_on or "",
                      i.marking] for i in rows],
                    ["reference", "kind", "status", "title", "parties", "mission", "unit", "signed_on",
                     "in_force_on", "expires_on", "marking"], "instruments", page_marking(rows))


class InstrumentDetailView(SecuredDetailView):
    model = Instrument
    template_name = "legal/instrument_detail.html"

    def get_queryset(self):
        return selectors.instrument_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        documents = selectors.instrument_documents(actor=self.actor, instrument=self.object)
        context.update(documents=documents, tab="instruments", today=timezone.localdate(),
                       may_change=self.policy().allows(self.actor, "change", self.object))
        context["page_marking"] = context["page_marking"].merge(page_marking(documents))
        return context


class InstrumentCreateView(SecuredView):
    model = Instrument

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.policy().allows(request.actor, "create"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return _form_page(request, title=_("New legal instrument"), form=InstrumentForm(actor=self.actor),
                          back=reverse("legal:index"))

    def post(self, request):
        form = InstrumentForm(request.POST, actor=self.actor)
        if form.is_valid():
            try:
                instrument = services.instrument_create(actor=self.actor, data=form.data_object(),
                                                        marking=form.marking())
            except ServiceError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Instrument recorded."))
                return redirect("legal:instrument", pk=instrument.pk)
        return _form_page(request, title=_("New legal instrument"), form=form, back=reverse("legal:index"))


class InstrumentUpdateView(SecuredView):
    """Edit an instrument (same form as creation; the marking is shown, not changed). A version saved by
    someone else since the form was opened is refused with a message, and nothing is written over."""

    model = Instrument

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.instrument = selectors.instrument_get(actor=request.actor, pk=kwargs["pk"])
            if not self.policy().allows(request.actor, "change", self.instrument):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def page(self, form):
        return _form_page(self.request, title=_("Edit legal instrument"), form=form,
                          back=reverse("legal:instrument", args=[self.instrument.pk]),
                          marking_objects=[self.instrument])

    def get(self, request, pk):
        return self.page(InstrumentForm(actor=self.actor, instance=self.instrument))

    def post(self, request, pk):
        form = InstrumentForm(request.POST, actor=self.actor, instance=self.instrument)
        return save_edit(request, form, lambda: services.instrument_update(
            actor=self.actor, instrument=self.instrument, data=form.data_object(),
            expected_version=form.cleaned_data.get("version") or self.instrument.version),
            done=reverse("legal:instrument", args=[self.instrument.pk])) or self.page(form)


class ComplianceView(SecuredTemplateView):
    """Each rotation's checklist, green or red, from the instruments the reader may see and the records."""

    model = ComplianceRecord
    template_name = "legal/compliance.html"

    def get_context_data(self, **kwargs):
        from peaceops.missions.models import Rotation

        context = super().get_context_data(**kwargs)
        rotations = selectors.rotation_list(actor=self.actor).order_by("-start_date", "mission__acronym", "number")
        mission = self.request.GET.get("mission", "").strip()
        if mission:
            rotations = rotations.filter(mission__acronym__iexact=mission[:20])
        checklists = selectors.compliance_for(actor=self.actor, rotations=rotations[:50])
        labels = dict(ComplianceItem.choices)
        for checklist in checklists:
            for_rows = []
            for row in checklist.rows:
                for_rows.append({"row": row, "label": labels[row.item],
                                 "reason": REASONS[row.reason],
                                 "instrument": checklist.instruments.get(row.evidence.split(", ")[0])
                                 if row.item in ("legal_basis", "mou_signed", "sofa_soma") and row.evidence else None})
            checklist.shown = for_rows
        shown = [i for c in checklists for r in c.shown if (i := r["instrument"]) is not None]
        context.update(checklists=checklists, tab="compliance", mission=mission, rotation_model=Rotation,
                       may_record=policy_for(ComplianceRecord).allows(self.actor, "create"),
                       record_form=kwargs.get("form") or ComplianceRecordForm(), marked_objects=shown)
        context["page_marking"] = context["page_marking"].merge(page_marking(shown))
        return context

    def post(self, request):
        if not policy_for(ComplianceRecord).allows(self.actor, "create"):
            raise Http404
        form = ComplianceRecordForm(request.POST)
        try:
            if not form.is_valid():
                raise ServiceError(_("Choose the item, the date and the evidence."))
            rotation = selectors.rotation_list(actor=self.actor).filter(pk=form.cleaned_data["rotation"]).first()
            if rotation is None:
                raise Http404
            services.compliance_record(actor=self.actor, rotation=rotation, item=form.cleaned_data["item"],
                                       done_on=form.cleaned_data["done_on"], evidence=form.cleaned_data["evidence"])
        except ServiceError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Recorded."))
        return redirect(reverse("legal:compliance") + f"#rotation-{request.POST.get('rotation', '')}")


class CaseListView(ListPartialMixin, SecuredListView):
    model = DisciplineCase
    filterset_class = CaseFilter
    template_name = "legal/case_list.html"
    partial_template = "legal/_case_table.html"
    sort_fields = CASE_SORTS
    default_sort = "-reported"

    def base_queryset(self):
        return selectors.case_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(tab="cases", may_create=self.policy().allows(self.actor, "create"),
                       may_export=self.policy().allows(self.actor, "export"))
        return context


class CaseExportView(SecuredView):
    model = DisciplineCase

    def get(self, request):
        if not self.policy().allows(self.actor, "export"):
            raise Http404
        rows = list(CaseFilter(request.GET, queryset=selectors.case_list(actor=self.actor)).qs
                    .order_by("reference")[:EXPORT_LIMIT])
        services.export_audit(actor=self.actor, model=DisciplineCase, count=len(rows), filters=request.GET.dict())
        return _csv([[c.reference, c.mission.acronym, c.category, c.status, c.reported_on, c.outcome,
                      c.un_notified_on or "", c.marking] for c in rows],
                    ["reference", "mission", "category", "status", "reported_on", "outcome", "un_notified_on",
                     "marking"], "discipline-cases", page_marking(rows))


class CaseDetailView(SecuredDetailView):
    model = DisciplineCase
    template_name = "legal/case_detail.html"

    def get_queryset(self):
        return selectors.case_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        from peaceops.people.models import Person

        context = super().get_context_data(**kwargs)
        case = self.object
        person = None
        if case.person_id:
            person = policy_for(Person).scope(self.actor, "view").filter(pk=case.person_id).first()
        context.update(tab="cases", shown_person=person, transitions=selectors.case_transitions(case=case),
                       steps=selectors.case_steps(actor=self.actor, case=case),
                       step_form=CaseStepForm(initial={"version": case.version}))
        return context


class CaseCreateView(SecuredView):
    model = DisciplineCase

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.policy().allows(request.actor, "create"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def page(self, form):
        return _form_page(self.request, title=_("New discipline case"), form=form, back=reverse("legal:cases"),
                          intro=_("Discipline cases are kept in the DISCIPLINE compartment."))

    def get(self, request):
        return self.page(CaseForm(actor=self.actor))

    def post(self, request):
        from peaceops.people.models import Person

        form = CaseForm(request.POST, actor=self.actor)
        if form.is_valid():
            try:
                person = None
                number = form.cleaned_data.get("service_number", "").strip()
                if number:
                    person = policy_for(Person).scope(self.actor, "view").filter(service_number__iexact=number).first()
                    if person is None:
                        raise ServiceError(_("No person with this service number."), field="service_number")
                case = services.case_create(actor=self.actor, data=form.data_object(person), marking=form.marking())
            except ServiceError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Case recorded."))
                return redirect("legal:case", pk=case.pk)
        return self.page(form)


class CaseStepView(SecuredView):
    model = DisciplineCase

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.case = selectors.case_get(actor=request.actor, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return redirect("legal:case", pk=pk)

    def post(self, request, pk):
        form = CaseStepForm(request.POST)
        try:
            if not form.is_valid():
                raise ServiceError(_("Check the dates."))
            data = form.cleaned_data
            services.case_transition(actor=self.actor, case=self.case, step=data["step"], on=data.get("on"),
                                     note=data.get("note", ""), investigation=data.get("investigation", ""),
                                     outcome=data.get("outcome", ""), findings=data.get("findings", ""),
                                     un_notified_on=data.get("un_notified_on"),
                                     expected_version=data.get("version") or self.case.version)
        except ServiceError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Step recorded."))
        return redirect("legal:case", pk=pk)
