"""Welfare pages: incidents, casualties with their notification checklist, repatriation, care, claims with
deadlines, memorials. Logic lives in selectors and services; every page derives from the Secured* bases."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.banner import page_marking
from peaceops.access.policies import policy_for
from peaceops.access.views import SecuredDetailView, SecuredListView, SecuredTemplateView, SecuredView
from peaceops.core.editing import apply_service_error, save_edit
from peaceops.core.errors import ServiceError

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
EXPORT_LIMIT = 10_000


def _form_page(request, *, title, form, back, marking_objects=(), intro=""):
    return render(request, "welfare/form.html", {
        "title": title, "form": form, "back": back, "intro": intro,
        "page_marking": page_marking(list(marking_objects)),
    })


class HtmxListMixin:
    partial_template = ""

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return [self.partial_template]
        return [self.template_name]


# --- incidents ------------------------------------------------------------------------------

class IncidentListView(HtmxListMixin, SecuredListView):
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


class IncidentExportView(SecuredView):
    """The filtered incidents the actor may see, as CSV; audited."""

    model = Incident

    def get(self, request):
        if not self.policy().allows(self.actor, "export"):
            raise Http404
        filters = IncidentFilter(request.GET, queryset=selectors.incident_list(actor=self.actor))
        rows = list(filters.qs.order_by("-occurred_on", "reference")[:EXPORT_LIMIT])
        counts = selectors.casualty_counts(actor=self.actor, incidents=rows)
        services.export_audit(actor=self.actor, model=Incident, count=len(rows), filters=request.GET.dict())
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["reference", "date", "place", "mission", "incident_type", "casualties_visible", "marking"])
        for row in rows:
            writer.writerow([row.reference, row.occurred_on.isoformat(), row.place, row.mission.acronym,
                             row.incident_type, counts.get(row.pk, 0), row.marking])
        return _csv_response(buffer, "incidents", page_marking(rows))


def _csv_response(buffer, stem: str, marking) -> HttpResponse:
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.csv"'
    response["X-PeaceOps-Marking"] = marking.code
    return response


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


class IncidentCreateView(SecuredView):
    model = Incident

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.policy().allows(request.actor, "create"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def page(self, form):
        return _form_page(self.request, title=_("New incident"), form=form, back=reverse("welfare:index"))

    def get(self, request):
        return self.page(IncidentForm(actor=self.actor))

    def post(self, request):
        form = IncidentForm(request.POST, actor=self.actor)
        if form.is_valid():
            try:
                incident = services.incident_create(actor=self.actor, data=form.data_object(), marking=form.marking())
            except ServiceError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Incident recorded."))
                return redirect("welfare:incident", pk=incident.pk)
        return self.page(form)


class IncidentUpdateView(SecuredView):
    model = Incident

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.incident = selectors.incident_get(actor=request.actor, pk=kwargs["pk"])
            if not self.policy().allows(request.actor, "change", self.incident):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def page(self, form):
        return _form_page(self.request, title=_("Edit incident"), form=form,
                          back=reverse("welfare:incident", args=[self.incident.pk]), marking_objects=[self.incident])

    def get(self, request, pk):
        return self.page(IncidentForm(actor=self.actor, instance=self.incident))

    def post(self, request, pk):
        form = IncidentForm(request.POST, actor=self.actor, instance=self.incident)
        if form.is_valid():
            try:
                services.incident_update(actor=self.actor, incident=self.incident, data=form.data_object(),
                                         expected_version=form.cleaned_data.get("version") or self.incident.version)
            except ServiceError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("welfare:incident", pk=self.incident.pk)
        return self.page(form)


class CasualtyCreateView(SecuredView):
    """Record a casualty of a visible incident (the checklist comes with it)."""

    model = Incident

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.incident = selectors.incident_get(actor=request.actor, pk=kwargs["pk"])
            if not policy_for(Casualty).allows(request.actor, "create"):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def page(self, form):
        return _form_page(self.request, title=_("Record a casualty"), form=form,
                          back=reverse("welfare:incident", args=[self.incident.pk]), marking_objects=[self.incident],
                          intro=_("The casualty record is kept in the CASUALTY compartment. The notification "
                                  "checklist (family, ministries, public statement) is created with it."))

    def get(self, request, pk):
        return self.page(CasualtyForm(actor=self.actor, incident=self.incident))

    def post(self, request, pk):
        from peaceops.people.models import Person

        form = CasualtyForm(request.POST, actor=self.actor, incident=self.incident)
        if form.is_valid():
            person = (policy_for(Person).scope(self.actor, "view")
                      .filter(service_number__iexact=form.cleaned_data["service_number"].strip()).first())
            try:
                if person is None:
                    raise ServiceError(_("No person with this service number."), field="service_number")
                casualty = services.casualty_create(actor=self.actor, incident=self.incident, person=person,
                                                    status=form.cleaned_data["status"], marking=form.marking(),
                                                    next_steps=form.cleaned_data["next_steps"])
            except ServiceError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Casualty recorded."))
                return redirect(reverse("welfare:incident", args=[self.incident.pk]) + f"#casualty-{casualty.pk}")
        return self.page(form)


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


class CasualtyUpdateView(SecuredView):
    """Edit a casualty's status and next steps. A version saved by someone else since the form was opened
    is refused with a message, and nothing is written over."""

    model = Casualty

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.casualty = selectors.casualty_get(actor=request.actor, pk=kwargs["pk"])
            if not self.policy().allows(request.actor, "change", self.casualty):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def page(self, form):
        selectors.name_people(actor=self.actor, casualties=[self.casualty])
        person = self.casualty.shown_person
        incident = self.casualty.incident
        intro = (_("%(name)s, casualty of incident %(reference)s.") % {"name": person.full_name,
                                                                       "reference": incident.reference}
                 if person else _("Casualty of incident %(reference)s.") % {"reference": incident.reference})
        return _form_page(self.request, title=_("Edit casualty status"), form=form, intro=intro,
                          back=reverse("welfare:casualty", args=[self.casualty.pk]), marking_objects=[self.casualty])

    def get(self, request, pk):
        return self.page(CasualtyEditForm(instance=self.casualty))

    def post(self, request, pk):
        form = CasualtyEditForm(request.POST, instance=self.casualty)
        return save_edit(request, form, lambda: services.casualty_update(
            actor=self.actor, casualty=self.casualty, status=form.cleaned_data["status"],
            next_steps=form.cleaned_data.get("next_steps", ""),
            expected_version=form.cleaned_data.get("version") or self.casualty.version),
            done=reverse("welfare:casualty", args=[self.casualty.pk])) or self.page(form)


class CasualtyActionView(SecuredView):
    """A POST on a visible casualty (GET shows the casualty); errors come back as messages."""

    model = Casualty
    form_class = None
    anchor = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.casualty = selectors.casualty_get(actor=request.actor, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def target(self) -> str:
        return reverse("welfare:incident", args=[self.casualty.incident_id]) + f"#casualty-{self.casualty.pk}"

    def get(self, request, pk):
        return redirect(self.target())

    def post(self, request, pk):
        form = self.form_class(request.POST)
        try:
            if not form.is_valid():
                raise ServiceError(" ".join(str(e) for errors in form.errors.values() for e in errors))
            done = self.act(form)
        except ServiceError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, done)
        return redirect(self.target())


class RepatriationAddView(CasualtyActionView):
    form_class = RepatriationForm

    def act(self, form):
        row = services.repatriation_add(actor=self.actor, casualty=self.casualty, data=form.data_object())
        if row.ended_deployment:
            return _("Repatriation recorded; the tour ends on the departure day.")
        if self.casualty.deployment_id:
            return _("Repatriation recorded. The deployment is unchanged: a personnel officer ends the tour.")
        return _("Repatriation recorded.")


class CareAddView(CasualtyActionView):
    form_class = CareForm

    def act(self, form):
        services.care_add(actor=self.actor, casualty=self.casualty, data=form.data_object())
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

class ClaimListView(HtmxListMixin, SecuredListView):
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


class ClaimExportView(SecuredView):
    model = CompensationClaim

    def get(self, request):
        if not self.policy().allows(self.actor, "export"):
            raise Http404
        filters = ClaimFilter(request.GET, queryset=selectors.claim_list(actor=self.actor))
        rows = list(filters.qs.order_by("reference")[:EXPORT_LIMIT])
        selectors.annotate_deadlines(rows)
        services.export_audit(actor=self.actor, model=CompensationClaim, count=len(rows), filters=request.GET.dict())
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["reference", "incident", "kind", "status", "currency", "claimed", "approved", "paid",
                         "submitted_on", "paid_on", "next_deadline", "deadline_state", "marking"])
        for claim in rows:
            urgent = claim.urgent
            writer.writerow([claim.reference, claim.casualty.incident.reference, claim.kind, claim.status,
                             claim.currency, claim.claimed_amount, claim.approved_amount or "",
                             claim.paid_amount or "", claim.submitted_on or "", claim.paid_on or "",
                             urgent.due.isoformat() if urgent and urgent.due else "", urgent.state if urgent else "",
                             claim.marking])
        return _csv_response(buffer, "claims", page_marking(rows))


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


class ClaimCreateView(SecuredView):
    model = Casualty

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.casualty = selectors.casualty_get(actor=request.actor, pk=kwargs["pk"])
            if not policy_for(CompensationClaim).allows(request.actor, "create"):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def page(self, form):
        return _form_page(self.request, title=_("New compensation claim"), form=form,
                          back=reverse("welfare:casualty", args=[self.casualty.pk]), marking_objects=[self.casualty])

    def get(self, request, pk):
        return self.page(ClaimForm(actor=self.actor, casualty=self.casualty))

    def post(self, request, pk):
        form = ClaimForm(request.POST, actor=self.actor, casualty=self.casualty)
        if form.is_valid():
            try:
                claim = services.claim_create(actor=self.actor, casualty=self.casualty, data=form.data_object(),
                                              marking=form.marking())
            except ServiceError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Claim recorded."))
                return redirect("welfare:claim", pk=claim.pk)
        return self.page(form)


class ClaimUpdateView(SecuredView):
    model = CompensationClaim

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.claim = selectors.claim_get(actor=request.actor, pk=kwargs["pk"])
            if not self.policy().allows(request.actor, "change", self.claim):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def page(self, form):
        return _form_page(self.request, title=_("Edit claim"), form=form,
                          back=reverse("welfare:claim", args=[self.claim.pk]), marking_objects=[self.claim])

    def get(self, request, pk):
        return self.page(ClaimForm(actor=self.actor, instance=self.claim))

    def post(self, request, pk):
        form = ClaimForm(request.POST, actor=self.actor, instance=self.claim)
        return save_edit(request, form, lambda: services.claim_update(
            actor=self.actor, claim=self.claim, data=form.data_object(),
            expected_version=form.cleaned_data.get("version") or self.claim.version),
            done=reverse("welfare:claim", args=[self.claim.pk])) or self.page(form)


# --- memorials ------------------------------------------------------------------------------

class MemorialListView(SecuredListView):
    model = Memorial
    filterset_class = MemorialFilter
    template_name = "welfare/memorial_list.html"
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


class MemorialCreateView(SecuredView):
    model = Casualty

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.casualty = selectors.casualty_get(actor=request.actor, pk=kwargs["pk"])
            if not policy_for(Memorial).allows(request.actor, "create"):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def page(self, form):
        return _form_page(self.request, title=_("Memorial record"), form=form,
                          back=reverse("welfare:casualty", args=[self.casualty.pk]), marking_objects=[],
                          intro=_("A memorial may be marked lower than the casualty record (often unclassified, "
                                  "for the roll of honour). Because it makes the death known to its readers, a "
                                  "memorial below the casualty record needs the notification to be complete: "
                                  "family, ministries, public statement."))

    def get(self, request, pk):
        form = MemorialForm(actor=self.actor)
        name = selectors.visible_person_ids(actor=self.actor, person_ids=[self.casualty.person_id])
        if name:
            form.initial.update({"name": self.casualty.person.full_name, "rank": self.casualty.person.rank})
        return self.page(form)

    def post(self, request, pk):
        form = MemorialForm(request.POST, actor=self.actor)
        if form.is_valid():
            try:
                memorial = services.memorial_create(actor=self.actor, casualty=self.casualty, data=form.data_object(),
                                                    marking=form.marking())
            except ServiceError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Memorial record created."))
                return redirect("welfare:memorial", pk=memorial.pk)
        return self.page(form)


# --- deadline parameters ------------------------------------------------------------------------

class DeadlineParametersView(SecuredTemplateView):
    """The entered lengths of the claim deadlines, with their sources; claim officers add new ones."""

    model = DeadlineParameter
    template_name = "welfare/deadlines.html"

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
        if form.is_valid():
            try:
                services.deadline_parameter_set(actor=self.actor, **form.cleaned_data)
            except ServiceError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Deadline period entered."))
                return redirect("welfare:deadlines")
        return self.render_to_response(self.get_context_data(form=form))
