"""Welfare pages: incidents, casualties with their notification checklist, repatriation, care, claims with
deadlines, memorials. Logic lives in selectors and services; every page derives from the Secured* bases."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peaceops.access.banner import page_marking
from peaceops.access.policies import policy_for
from peaceops.access.views import SecuredDetailView, SecuredListView, SecuredTemplateView, SecuredView
from peaceops.core.errors import ServiceError
from peaceops.core.exports import AuditedCsvExportView
from peaceops.core.pages import (
    CreateGateMixin,
    PartialListMixin,
    RecordActionView,
    RecordGateMixin,
    ServiceFormView,
    form_errors_text,
    form_page,
    submit_form,
)

from . import selectors, services
from .filters import ClaimFilter, IncidentFilter, MemorialFilter
from .forms import (
    CareForm,
    CasualtyEditForm,
    CasualtyForm,
    ClaimForm,
    DeadlineParameterForm,
    IncidentForm,
    MemorialForm,
    RepatriationForm,
    StepForm,
)
from .models import Casualty, CompensationClaim, DeadlineParameter, Incident, Memorial, NotificationStep

INCIDENT_SORTS = {"date": "occurred_on", "reference": "reference", "type": "incident_type", "place": "place",
                  "mission": "mission__acronym"}
CLAIM_SORTS = {"reference": "reference", "status": "status", "kind": "kind", "amount": "claimed_amount",
               "submitted": "submitted_on"}
MEMORIAL_SORTS = {"name": "name", "date": "died_on", "mission": "mission__acronym"}

_form_page = partial(form_page, template="welfare/form.html")


# --- incidents ------------------------------------------------------------------------------

class IncidentListView(PartialListMixin, SecuredListView):
    model = Incident
    filterset_class = IncidentFilter
    template_name = "welfare/incident_list.html"
    partial_template = "welfare/_incident_table.html"
    sort_fields = INCIDENT_SORTS
    default_sort = "-date"

    def base_queryset(self):
        return selectors.incident_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["page_obj"].object_list)
        counts = selectors.casualty_counts(actor=self.actor, incidents=rows)
        for incident in rows:
            incident.casualty_count = counts.get(incident.pk, 0)
        figures = selectors.incident_figures(actor=self.actor)
        context.update(rows=rows, figures=figures, tab="incidents",
                       may_create=self.policy().allows(self.actor, "create"),
                       may_export=self.policy().allows(self.actor, "export"))
        context["page_marking"] = context["page_marking"].merge(figures["marking"])
        return context


class WelfareExport(AuditedCsvExportView):
    export_audit = staticmethod(services.export_audit)


class IncidentExportView(WelfareExport):
    """The filtered incidents the actor may see, as CSV; audited."""

    model = Incident
    filterset_class = IncidentFilter
    ordering = ("-occurred_on", "reference")
    header = ["reference", "date", "place", "mission", "incident_type", "casualties_visible", "marking"]
    filename_stem = "incidents"

    def base_queryset(self):
        return selectors.incident_list(actor=self.actor)

    def prepare(self, rows):
        self.counts = selectors.casualty_counts(actor=self.actor, incidents=rows)

    def row(self, incident):
        return [incident.reference, incident.occurred_on.isoformat(), incident.place, incident.mission.acronym,
                incident.incident_type, self.counts.get(incident.pk, 0), incident.marking]


class IncidentDetailView(SecuredDetailView):
    model = Incident
    template_name = "welfare/incident_detail.html"

    def get_queryset(self):
        return selectors.incident_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        casualties = selectors.casualty_files(actor=self.actor,
                                              casualties=selectors.casualties_of(actor=self.actor, incident=self.object))
        context.update(_casualty_context(self.actor, casualties))
        context["may_add_casualty"] = policy_for(Casualty).allows(self.actor, "create")
        context["may_change"] = self.policy().allows(self.actor, "change", self.object)
        context["page_marking"] = context["page_marking"].merge(page_marking(context["marked_objects"]))
        return context


def _casualty_context(actor, casualties) -> dict:
    may_change = policy_for(Casualty).allows(actor, "change")
    claims = [c for casualty in casualties for c in casualty.claim_rows]
    memorials = [casualty.shown_memorial for casualty in casualties if casualty.shown_memorial]
    return {"casualties": casualties, "may_change_casualty": may_change,
            "may_claim": policy_for(CompensationClaim).allows(actor, "create"),
            "may_memorial": policy_for(Memorial).allows(actor, "create"),
            "step_form": StepForm(), "repatriation_form": RepatriationForm(), "care_form": CareForm(),
            "marked_objects": [*casualties, *claims, *memorials]}


class IncidentCreateView(CreateGateMixin, ServiceFormView):
    model = Incident
    message = gettext_lazy("Incident recorded.")
    done_route = "welfare:incident"

    def get_form(self):
        return IncidentForm(self.form_data(), actor=self.actor)

    def render_form(self, form):
        return _form_page(self.request, title=_("New incident"), form=form, back=reverse("welfare:index"))

    def save(self, form):
        return services.incident_create(actor=self.actor, data=form.data_object(), marking=form.marking())


class IncidentUpdateView(RecordGateMixin, ServiceFormView):
    model = Incident
    done_route = "welfare:incident"
    lookup = staticmethod(selectors.incident_get)

    def get_form(self):
        return IncidentForm(self.form_data(), actor=self.actor, instance=self.record)

    def render_form(self, form):
        return _form_page(self.request, title=_("Edit incident"), form=form,
                          back=reverse("welfare:incident", args=[self.record.pk]), marking_objects=[self.record])

    def save(self, form):
        return services.incident_update(actor=self.actor, incident=self.record, data=form.data_object(),
                                        expected_version=form.cleaned_data.get("version") or self.record.version)


class CasualtyCreateView(RecordGateMixin, CreateGateMixin, ServiceFormView):
    """Record a casualty of a visible incident (the checklist comes with it)."""

    model = Incident
    creates = Casualty
    gate_action = ""
    message = gettext_lazy("Casualty recorded.")
    lookup = staticmethod(selectors.incident_get)

    def get_form(self):
        return CasualtyForm(self.form_data(), actor=self.actor, incident=self.record)

    def render_form(self, form):
        return _form_page(self.request, title=_("Record a casualty"), form=form,
                          back=reverse("welfare:incident", args=[self.record.pk]), marking_objects=[self.record],
                          intro=_("The casualty record is kept in the CASUALTY compartment. The notification "
                                  "checklist (family, ministries, public statement) is created with it."))

    def save(self, form):
        from peaceops.people.models import Person

        person = (policy_for(Person).scope(self.actor, "view")
                  .filter(service_number__iexact=form.cleaned_data["service_number"].strip()).first())
        if person is None:
            raise ServiceError(_("No person with this service number."), field="service_number")
        return services.casualty_create(actor=self.actor, incident=self.record, person=person,
                                        status=form.cleaned_data["status"], marking=form.marking(),
                                        next_steps=form.cleaned_data["next_steps"])

    def done_url(self, casualty):
        return reverse("welfare:incident", args=[self.record.pk]) + f"#casualty-{casualty.pk}"


class CasualtyDetailView(SecuredDetailView):
    model = Casualty
    template_name = "welfare/casualty_detail.html"

    def get_queryset(self):
        return selectors.casualty_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        casualties = selectors.casualty_files(actor=self.actor, casualties=[self.object])
        context.update(_casualty_context(self.actor, casualties))
        context["casualty"] = casualties[0]
        context["page_marking"] = context["page_marking"].merge(page_marking(context["marked_objects"]))
        return context


class CasualtyUpdateView(RecordGateMixin, ServiceFormView):
    """Edit a casualty's status and next steps. A version saved by someone else since the form was opened
    is refused with a message, and nothing is written over."""

    model = Casualty
    done_route = "welfare:casualty"
    lookup = staticmethod(selectors.casualty_get)

    def get_form(self):
        return CasualtyEditForm(self.form_data(), instance=self.record)

    def render_form(self, form):
        casualty = self.record
        selectors.name_people(actor=self.actor, casualties=[casualty])
        person = casualty.shown_person
        incident = casualty.incident
        intro = (_("%(name)s, casualty of incident %(reference)s.") % {"name": person.full_name,
                                                                       "reference": incident.reference}
                 if person else _("Casualty of incident %(reference)s.") % {"reference": incident.reference})
        return _form_page(self.request, title=_("Edit casualty status"), form=form, intro=intro,
                          back=reverse("welfare:casualty", args=[casualty.pk]), marking_objects=[casualty])

    def save(self, form):
        return services.casualty_update(
            actor=self.actor, casualty=self.record, status=form.cleaned_data["status"],
            next_steps=form.cleaned_data.get("next_steps", ""),
            expected_version=form.cleaned_data.get("version") or self.record.version)


class CasualtyActionView(RecordGateMixin, RecordActionView):
    """A POST on a visible casualty (GET shows the casualty); errors come back as messages."""

    model = Casualty
    gate_action = ""
    form_class = None
    lookup = staticmethod(selectors.casualty_get)

    def target(self) -> str:
        return reverse("welfare:incident", args=[self.record.incident_id]) + f"#casualty-{self.record.pk}"

    def act(self):
        form = self.form_class(self.request.POST)
        if not form.is_valid():
            raise ServiceError(form_errors_text(form))
        return self.add(form)


class RepatriationAddView(CasualtyActionView):
    form_class = RepatriationForm

    def add(self, form):
        row = services.repatriation_add(actor=self.actor, casualty=self.record, data=form.data_object())
        if row.ended_deployment:
            return _("Repatriation recorded; the tour ends on the departure day.")
        if self.record.deployment_id:
            return _("Repatriation recorded. The deployment is unchanged: a personnel officer ends the tour.")
        return _("Repatriation recorded.")


class CareAddView(CasualtyActionView):
    form_class = CareForm

    def add(self, form):
        services.care_add(actor=self.actor, casualty=self.record, data=form.data_object())
        return _("Follow-up care recorded.")


class StepCompleteView(SecuredView):
    """Tick a notification step (HTMX answers with the checklist; without JS, a redirect)."""

    model = NotificationStep

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.step = get_object_or_404(policy_for(NotificationStep).scope(request.actor, "view"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def casualty(self):
        return selectors.casualty_get(actor=self.actor, pk=self.step.casualty_id)

    def get(self, request, pk):
        casualty = self.casualty()
        return redirect(reverse("welfare:incident", args=[casualty.incident_id]) + f"#casualty-{casualty.pk}")

    def post(self, request, pk):
        form = StepForm(request.POST)
        error = None
        try:
            if not form.is_valid():
                raise ServiceError(_("Check the time."))
            services.notification_step_complete(actor=self.actor, step=self.step,
                                                done_at=form.cleaned_data.get("done_at"),
                                                note=form.cleaned_data.get("note", ""))
        except ServiceError as refused:
            error = str(refused.message)
        casualty = self.casualty()
        if request.htmx:
            files = selectors.casualty_files(actor=self.actor, casualties=[casualty])
            return render(request, "welfare/_checklist.html", {
                "casualty": files[0], "may_change_casualty": policy_for(Casualty).allows(self.actor, "change"),
                "step_error": error, "step_form": StepForm()})
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Step recorded."))
        return redirect(reverse("welfare:incident", args=[casualty.incident_id]) + f"#casualty-{casualty.pk}")


# --- claims -------------------------------------------------------------------------------

class ClaimListView(PartialListMixin, SecuredListView):
    model = CompensationClaim
    filterset_class = ClaimFilter
    template_name = "welfare/claim_list.html"
    partial_template = "welfare/_claim_table.html"
    sort_fields = CLAIM_SORTS
    default_sort = "reference"

    def base_queryset(self):
        return selectors.claim_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["page_obj"].object_list)
        selectors.annotate_deadlines(rows)
        alerts = selectors.deadline_rows(actor=self.actor)
        context.update(rows=rows, alerts=alerts, tab="claims",
                       may_export=self.policy().allows(self.actor, "export"),
                       marked_objects=[row.claim for row in alerts])
        context["page_marking"] = context["page_marking"].merge(page_marking(context["marked_objects"]))
        return context


class ClaimExportView(WelfareExport):
    model = CompensationClaim
    filterset_class = ClaimFilter
    ordering = ("reference",)
    header = ["reference", "incident", "kind", "status", "currency", "claimed", "approved", "paid",
              "submitted_on", "paid_on", "next_deadline", "deadline_state", "marking"]
    filename_stem = "claims"

    def base_queryset(self):
        return selectors.claim_list(actor=self.actor)

    def prepare(self, rows):
        selectors.annotate_deadlines(rows)

    def row(self, claim):
        urgent = claim.urgent
        return [claim.reference, claim.casualty.incident.reference, claim.kind, claim.status,
                claim.currency, claim.claimed_amount, claim.approved_amount or "",
                claim.paid_amount or "", claim.submitted_on or "", claim.paid_on or "",
                urgent.due.isoformat() if urgent and urgent.due else "", urgent.state if urgent else "",
                claim.marking]


class ClaimDetailView(SecuredDetailView):
    model = CompensationClaim
    template_name = "welfare/claim_detail.html"

    def get_queryset(self):
        return selectors.claim_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selectors.annotate_deadlines([self.object])
        selectors.name_people(actor=self.actor, casualties=[self.object.casualty])
        context["may_change"] = self.policy().allows(self.actor, "change", self.object)
        context["tab"] = "claims"
        return context


class OfCasualtyMixin(RecordGateMixin, CreateGateMixin):
    """A page that adds a `creates` record to a visible casualty (`self.record`)."""

    model = Casualty
    gate_action = ""
    lookup = staticmethod(selectors.casualty_get)


class ClaimCreateView(OfCasualtyMixin, ServiceFormView):
    creates = CompensationClaim
    message = gettext_lazy("Claim recorded.")

    def get_form(self):
        return ClaimForm(self.form_data(), actor=self.actor, casualty=self.record)

    def render_form(self, form):
        return _form_page(self.request, title=_("New compensation claim"), form=form,
                          back=reverse("welfare:casualty", args=[self.record.pk]), marking_objects=[self.record])

    def save(self, form):
        return services.claim_create(actor=self.actor, casualty=self.record, data=form.data_object(),
                                     marking=form.marking())


class ClaimUpdateView(RecordGateMixin, ServiceFormView):
    model = CompensationClaim
    done_route = "welfare:claim"
    lookup = staticmethod(selectors.claim_get)

    def get_form(self):
        return ClaimForm(self.form_data(), actor=self.actor, instance=self.record)

    def render_form(self, form):
        return _form_page(self.request, title=_("Edit claim"), form=form,
                          back=reverse("welfare:claim", args=[self.record.pk]), marking_objects=[self.record])

    def save(self, form):
        return services.claim_update(actor=self.actor, claim=self.record, data=form.data_object(),
                                     expected_version=form.cleaned_data.get("version") or self.record.version)


# --- memorials ------------------------------------------------------------------------------

class MemorialListView(SecuredListView):
    model = Memorial
    filterset_class = MemorialFilter
    template_name = "welfare/memorial_list.html"
    done_route = "welfare:claim"
    sort_fields = MEMORIAL_SORTS
    default_sort = "-date"

    def base_queryset(self):
        return selectors.memorial_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tab"] = "memorials"
        return context


class MemorialDetailView(SecuredDetailView):
    model = Memorial
    template_name = "welfare/memorial_detail.html"

    def get_queryset(self):
        return selectors.memorial_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The casualty file behind a memorial is named only to those who may see it.
        casualty = None
        if self.object.casualty_id:
            casualty = selectors.casualty_list(actor=self.actor).filter(pk=self.object.casualty_id).first()
        context["shown_casualty"] = casualty
        context["tab"] = "memorials"
        return context


class MemorialCreateView(OfCasualtyMixin, ServiceFormView):
    creates = Memorial
    message = gettext_lazy("Memorial record created.")

    def get_form(self):
        form = MemorialForm(self.form_data(), actor=self.actor)
        if self.request.method == "GET":
            name = selectors.visible_person_ids(actor=self.actor, person_ids=[self.record.person_id])
            if name:
                form.initial.update({"name": self.record.person.full_name, "rank": self.record.person.rank})
        return form

    def render_form(self, form):
        return _form_page(self.request, title=_("Memorial record"), form=form,
                          back=reverse("welfare:casualty", args=[self.record.pk]), marking_objects=[],
                          intro=_("A memorial may be marked lower than the casualty record (often unclassified, "
                                  "for the roll of honour). Because it makes the death known to its readers, a "
                                  "memorial below the casualty record needs the notification to be complete: "
                                  "family, ministries, public statement."))

    def save(self, form):
        return services.memorial_create(actor=self.actor, casualty=self.record, data=form.data_object(),
                                        marking=form.marking())


# --- deadline parameters ------------------------------------------------------------------------

class DeadlineParametersView(SecuredTemplateView):
    """The entered lengths of the claim deadlines, with their sources; claim officers add new ones."""

    model = DeadlineParameter
    template_name = "welfare/deadlines.html"
    done_route = "welfare:memorial"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(parameters=selectors.deadline_parameters(), tab="deadlines",
                       may_create=self.policy().allows(self.actor, "create"),
                       form=kwargs.get("form") or DeadlineParameterForm(),
                       alerts=selectors.deadline_rows(actor=self.actor))
        context["page_marking"] = context["page_marking"].merge(page_marking([r.claim for r in context["alerts"]]))
        return context

    def post(self, request):
        if not self.policy().allows(self.actor, "create"):
            raise Http404
        form = DeadlineParameterForm(request.POST)
        saved = submit_form(request, form, lambda: services.deadline_parameter_set(actor=self.actor, **form.cleaned_data),
                            done=reverse("welfare:deadlines"), message=_("Deadline period entered."))
        return saved or self.render_to_response(self.get_context_data(form=form))
