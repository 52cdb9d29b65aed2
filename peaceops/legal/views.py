"""Legal pages: instruments by kind, mission and status; compliance per rotation (green/red); discipline
cases (DISCIPLINE compartment) with their workflow. Every page derives from the Secured* bases."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peaceops.access.banner import page_marking
from peaceops.access.policies import policy_for
from peaceops.access.views import SecuredDetailView, SecuredListView, SecuredTemplateView
from peaceops.core.errors import ServiceError
from peaceops.core.exports import AuditedCsvExportView
from peaceops.core.pages import (
    CreateGateMixin,
    PartialListMixin,
    RecordActionView,
    RecordGateMixin,
    ServiceFormView,
    form_page,
)

from . import selectors, services
from .choices import ComplianceItem
from .filters import CaseFilter, InstrumentFilter
from .forms import CaseForm, CaseStepForm, ComplianceRecordForm, InstrumentForm
from .models import ComplianceRecord, DisciplineCase, Instrument

INSTRUMENT_SORTS = {"reference": "reference", "kind": "kind", "status": "status", "signed": "signed_on",
                    "expires": "expires_on", "mission": "mission__acronym"}
CASE_SORTS = {"reference": "reference", "reported": "reported_on", "status": "status", "category": "category"}
REASONS = {
    "in_force": "",
    "not_in_force_for_rotation": gettext_lazy("On file but not in force for the whole rotation"),
    "no_instrument": gettext_lazy("No instrument on file that you may see"),
    "recorded": "",
    "recorded_after_start": gettext_lazy("Recorded only after the rotation started"),
    "not_recorded": gettext_lazy("Not recorded"),
}


_form_page = partial(form_page, template="welfare/form.html")


class LegalExport(AuditedCsvExportView):
    export_audit = staticmethod(services.export_audit)


class InstrumentListView(PartialListMixin, SecuredListView):
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


class InstrumentExportView(LegalExport):
    model = Instrument
    filterset_class = InstrumentFilter
    ordering = ("kind", "reference")
    header = ["reference", "kind", "status", "title", "parties", "mission", "unit", "signed_on", "in_force_on",
              "expires_on", "marking"]
    filename_stem = "instruments"

    def base_queryset(self):
        return selectors.instrument_list(actor=self.actor)

    def row(self, i):
        return [i.reference, i.kind, i.status, i.title, i.parties, i.mission.acronym if i.mission_id else "",
                i.unit.code if i.unit_id else "", i.signed_on or "", i.in_force_on or "", i.expires_on or "",
                i.marking]


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


class InstrumentCreateView(CreateGateMixin, ServiceFormView):
    model = Instrument
    message = gettext_lazy("Instrument recorded.")
    done_route = "legal:instrument"

    def get_form(self):
        return InstrumentForm(self.form_data(), actor=self.actor)

    def render_form(self, form):
        return _form_page(self.request, title=_("New legal instrument"), form=form, back=reverse("legal:index"))

    def save(self, form):
        return services.instrument_create(actor=self.actor, data=form.data_object(), marking=form.marking())


class InstrumentUpdateView(RecordGateMixin, ServiceFormView):
    """Edit an instrument (same form as creation; the marking is shown, not changed). A version saved by
    someone else since the form was opened is refused with a message, and nothing is written over."""

    model = Instrument
    done_route = "legal:instrument"
    lookup = staticmethod(selectors.instrument_get)

    def get_form(self):
        return InstrumentForm(self.form_data(), actor=self.actor, instance=self.record)

    def render_form(self, form):
        return _form_page(self.request, title=_("Edit legal instrument"), form=form,
                          back=reverse("legal:instrument", args=[self.record.pk]), marking_objects=[self.record])

    def save(self, form):
        return services.instrument_update(actor=self.actor, instrument=self.record, data=form.data_object(),
                                          expected_version=form.cleaned_data.get("version") or self.record.version)


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


class CaseListView(PartialListMixin, SecuredListView):
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


class CaseExportView(LegalExport):
    model = DisciplineCase
    filterset_class = CaseFilter
    ordering = ("reference",)
    header = ["reference", "mission", "category", "status", "reported_on", "outcome", "un_notified_on", "marking"]
    filename_stem = "discipline-cases"

    def base_queryset(self):
        return selectors.case_list(actor=self.actor)

    def row(self, c):
        return [c.reference, c.mission.acronym, c.category, c.status, c.reported_on, c.outcome,
                c.un_notified_on or "", c.marking]


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


class CaseCreateView(CreateGateMixin, ServiceFormView):
    model = DisciplineCase
    message = gettext_lazy("Case recorded.")
    done_route = "legal:case"

    def get_form(self):
        return CaseForm(self.form_data(), actor=self.actor)

    def render_form(self, form):
        return _form_page(self.request, title=_("New discipline case"), form=form, back=reverse("legal:cases"),
                          intro=_("Discipline cases are kept in the DISCIPLINE compartment."))

    def save(self, form):
        person = case_person(self.actor, form.cleaned_data.get("service_number", ""))
        return services.case_create(actor=self.actor, data=form.data_object(person), marking=form.marking())


def case_person(actor, service_number: str):
    """The person a new case names by service number, among those the actor may see (none when blank);
    a number no visible person has is refused on its field."""
    from peaceops.people.models import Person

    number = service_number.strip()
    if not number:
        return None
    person = policy_for(Person).scope(actor, "view").filter(service_number__iexact=number).first()
    if person is None:
        raise ServiceError(_("No person with this service number."), field="service_number")
    return person


class CaseStepView(RecordGateMixin, RecordActionView):
    model = DisciplineCase
    gate_action = ""
    lookup = staticmethod(selectors.case_get)

    def target(self):
        return reverse("legal:case", kwargs={"pk": self.kwargs["pk"]})

    def act(self):
        form = CaseStepForm(self.request.POST)
        if not form.is_valid():
            raise ServiceError(_("Check the dates."))
        data = form.cleaned_data
        services.case_transition(actor=self.actor, case=self.record, step=data["step"], on=data.get("on"),
                                 note=data.get("note", ""), investigation=data.get("investigation", ""),
                                 outcome=data.get("outcome", ""), findings=data.get("findings", ""),
                                 un_notified_on=data.get("un_notified_on"),
                                 expected_version=data.get("version") or self.record.version)
        return _("Step recorded.")
