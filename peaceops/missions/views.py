"""Missions pages: the catalogue (filters, sorting, pagination, search) and a mission's page."""

from django.contrib import messages
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.banner import page_marking
from peaceops.access.policies import policy_for
from peaceops.access.views import SecuredDetailView, SecuredListView, SecuredView
from peaceops.core.errors import ServiceError
from peaceops.core.ids import is_uuid
from peaceops.core.pages import (
    PartialListMixin,
    RecordActionView,
    RecordGateMixin,
    ServiceFormView,
    submit_form,
)
from peaceops.people.choices import Gender

from . import selectors, services, transitions
from .choices import DeploymentStatus, MissionStatusChoice, PCRSLevel, StrengthCategory
from .filters import MissionFilter, RotationFilter, StrengthReturnFilter
from .forms import (
    PledgeForm,
    PledgeLevelForm,
    RequirementForm,
    RotationForm,
    StrengthForm,
    TransitionForm,
    phased_return_text,
)
from .models import Deployment, Mission, Pledge, Requirement, Rotation, StrengthReturn
from .tables import MISSION_COLUMNS, MISSION_SORTS


class MissionListView(PartialListMixin, SecuredListView):
    model = Mission
    filterset_class = MissionFilter
    template_name = "missions/mission_list.html"
    partial_template = "missions/_mission_table.html"
    sort_fields = MISSION_SORTS
    default_sort = "acronym"
    paginate_by = 25

    def base_queryset(self):
        return selectors.mission_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = MISSION_COLUMNS
        context["today"] = timezone.localdate()
        context["operating_now"] = selectors.mission_list(actor=self.actor).active_on(context["today"]).count()
        context["status_labels"] = dict(MissionStatusChoice.choices)
        return context


class MissionDetailView(SecuredDetailView):
    model = Mission
    template_name = "missions/mission_detail.html"
    audit_reads = False  # unclassified reference data: reading it is not audited

    def get_queryset(self):
        return selectors.mission_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        from peaceops.insights import selectors as insights

        context = super().get_context_data(**kwargs)
        mission = self.object
        context.update(
            statuses=list(selectors.mission_statuses(actor=self.actor, mission=mission)),
            status_labels=dict(MissionStatusChoice.choices),
            contribution=insights.mission_contribution(actor=self.actor, mission=mission.acronym),
            fatalities=insights.mission_fatalities(actor=self.actor, mission=mission.acronym),
            home_country=insights.country_label(insights.HOME_COUNTRY),
            today=timezone.localdate(),
        )
        context.update(force_generation(self.actor, mission, context["today"]))
        return context


def force_generation(actor, mission, today) -> dict:
    """What the mission page shows of force generation: requirements, pledges, rotations, strength."""
    series = selectors.strength_series(actor=actor, mission=mission)
    categories, genders = dict(StrengthCategory.choices), dict(Gender.choices)
    strength = [{"month": month, "cells": {}} for month in series["months"]]
    for (category, gender), counts in series["series"].items():
        for row, count in zip(strength, counts, strict=True):
            row["cells"][(category, gender)] = count
    keys = sorted(series["series"])
    return {
        "requirements": list(selectors.requirement_list(actor=actor, mission=mission)),
        "pledges": list(selectors.pledge_list(actor=actor, mission=mission)),
        "rotations": list(selectors.rotation_list(actor=actor, mission=mission).order_by("-start_date")),
        "strength_columns": [(k, f"{categories.get(k[0], k[0])} · {genders.get(k[1], k[1])}") for k in keys],
        "strength_rows": [{"month": r["month"], "values": [r["cells"].get(k, 0) for k in keys],
                           "total": sum(r["cells"].values())} for r in reversed(strength[-24:])],
        "pcrs_levels": dict(PCRSLevel.choices),
        "may_plan": policy_for(Rotation).allows(actor, "create"),
    }


# -- force generation ------------------------------------------------------------------------------


def _may(actor, action: str, model, obj=None) -> bool:
    return policy_for(model).allows(actor, action, obj)


class MissionFormView(ServiceFormView):
    """A requirement or rotation form; a stale save shows what the other officer saved."""

    template_name = "missions/form.html"
    form_class = None
    instance = None
    action = "create"
    title = ""
    theirs = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.instance = self.load(request.actor, kwargs)
            if not _may(request.actor, self.action, self.model, self.instance):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def load(self, actor, kwargs):
        return None

    def form_kwargs(self) -> dict:
        return {}

    def initial(self) -> dict:
        if self.instance is None:
            return {}
        initial = {name: getattr(self.instance, name) for name in self.form_class.fields_to_save}
        initial["version"] = self.instance.version
        return initial

    def get_form(self):
        return self.form_class(self.request.POST or None, initial=self.initial(), **self.form_kwargs())

    def render_form(self, form):
        return render(self.request, self.template_name, {
            "form": form, "object": self.instance, "theirs": self.theirs, "title": self.title_text(),
            "cancel_url": self.cancel_url(), "page_marking": page_marking([]),
        })

    def title_text(self):
        return self.title

    def stale(self, form):
        self.theirs = self.their_changes(form)

    def values(self, form) -> dict:
        return {name: form.cleaned_data.get(name) for name in self.form_class.fields_to_save}

    def their_changes(self, form):
        current = type(self.instance).objects.get(pk=self.instance.pk)
        rows = []
        for name in self.form_class.fields_to_save:
            theirs, mine = getattr(current, name), form.cleaned_data.get(name)
            if (theirs or "") != (mine or ""):
                rows.append((form.fields[name].label, theirs, mine))
        form.data = form.data.copy()
        form.data["version"] = current.version
        return rows


class RequirementFormView(MissionFormView):
    model = Requirement
    form_class = RequirementForm

    def form_kwargs(self):
        return {"rotations": selectors.rotation_list(actor=self.actor)}

    def initial(self):
        initial = super().initial()
        if self.instance is None:
            rotation = self.request.GET.get("rotation")
            found = selectors.rotation_list(actor=self.actor).filter(pk=rotation).first() if is_uuid(rotation) else None
            if found:
                initial.update(rotation=found, mission=found.mission, start_date=found.start_date,
                               end_date=found.end_date)
            elif self.request.GET.get("mission"):
                initial["mission"] = self.request.GET["mission"]
        else:
            initial["mission"] = self.instance.mission.acronym
        return initial

    def cancel_url(self):
        if self.instance and self.instance.rotation_id:
            return reverse("missions:rotation", args=[self.instance.rotation_id])
        if self.instance:
            return reverse("missions:detail", args=[self.instance.mission_id])
        return reverse("missions:rotations")

    def done_url(self, requirement):
        if requirement.rotation_id:
            return reverse("missions:rotation", args=[requirement.rotation_id]) + "#slots"
        return reverse("missions:detail", args=[requirement.mission_id]) + "#requirements"


class RequirementCreateView(RequirementFormView):
    title = _("New requirement")

    def save(self, form):
        return services.requirement_create(actor=self.actor, **self.values(form))


class RequirementUpdateView(RequirementFormView):
    action = "change"

    def load(self, actor, kwargs):
        return selectors.requirement_get(actor=actor, pk=kwargs["pk"])

    def title_text(self):
        return _("Edit requirement %(name)s") % {"name": self.instance}

    def save(self, form):
        return services.requirement_update(actor=self.actor, requirement=self.instance,
                                           expected_version=form.cleaned_data.get("version") or self.instance.version,
                                           **self.values(form))


class RotationFormView(MissionFormView):
    model = Rotation
    form_class = RotationForm

    def form_kwargs(self):
        return {"pledges": selectors.pledge_list(actor=self.actor)}

    def initial(self):
        initial = super().initial()
        if self.instance is None:
            if self.request.GET.get("mission"):
                initial["mission"] = self.request.GET["mission"]
        else:
            initial["mission"] = self.instance.mission.acronym
            initial["unit"] = self.instance.unit.code if self.instance.unit_id else None
            initial["phased_return"] = phased_return_text(self.instance.phased_return)
        return initial

    def cancel_url(self):
        return reverse("missions:rotation", args=[self.instance.pk]) if self.instance else reverse("missions:rotations")

    def done_url(self, rotation):
        return reverse("missions:rotation", args=[rotation.pk])


class RotationCreateView(RotationFormView):
    title = _("New rotation")

    def save(self, form):
        return services.rotation_create(actor=self.actor, **self.values(form))


class RotationUpdateView(RotationFormView):
    action = "change"

    def load(self, actor, kwargs):
        return selectors.rotation_get(actor=actor, pk=kwargs["pk"])

    def title_text(self):
        return _("Edit rotation %(name)s") % {"name": self.instance}

    def save(self, form):
        return services.rotation_update(actor=self.actor, rotation=self.instance,
                                        expected_version=form.cleaned_data.get("version") or self.instance.version,
                                        **self.values(form))


class RotationListView(SecuredListView):
    model = Rotation
    filterset_class = RotationFilter
    template_name = "missions/rotation_list.html"
    sort_fields = {"mission": "mission__acronym", "unit": "unit__code", "number": "number", "start": "start_date",
                   "end": "end_date"}
    default_sort = "-start"
    paginate_by = 25

    def base_queryset(self):
        return selectors.rotation_list(actor=self.actor).annotate(
            posts=Coalesce(Sum("requirements__count"), 0))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["may_create"] = _may(self.actor, "create", Rotation)
        return context


class RotationDetailView(SecuredDetailView):
    model = Rotation
    template_name = "missions/rotation_detail.html"
    audit_reads = False  # the rotation itself is unclassified; its deployments are marked on the page

    def get_queryset(self):
        return selectors.rotation_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rotation = self.object
        deployments = list(selectors.deployment_list(actor=self.actor, rotation=rotation)
                           .order_by("status", "person__family_name", "person__given_name"))
        context.update(
            rows=selectors.rotation_slot_rows(actor=self.actor, rotation=rotation),
            deployments=[deployment_row(self.actor, d) for d in deployments],
            marked_objects=deployments,
            may_change=_may(self.actor, "change", Rotation, rotation),
            may_add_requirement=_may(self.actor, "create", Requirement),
            today=timezone.localdate(),
        )
        context["filled"] = sum(1 for row in context["rows"] if row["deployment"])
        return context


def deployment_row(actor, deployment) -> dict:
    """A deployment on the rotation page: its moves (from the status table) if the actor may make them."""
    may = _may(actor, "change", Deployment, deployment)
    return {"deployment": deployment, "may_change": may,
            "moves": [(s, DeploymentStatus(s).label) for s in transitions.next_statuses(deployment.status)] if may
            else []}


class DeploymentTransitionView(SecuredView):
    """POST a move; HTMX gets the deployment's row back (with the refusal in it), others a redirect."""

    model = Deployment

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.deployment = selectors.deployment_get(actor=request.actor, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return redirect(reverse("missions:rotation", args=[self.deployment.rotation_id]) + "#deployments")

    def post(self, request, *args, **kwargs):
        form = TransitionForm(request.POST)
        error = None
        if not form.is_valid():
            error = _("Choose the new status and its date.")
        else:
            try:
                services.deployment_transition(
                    actor=self.actor, deployment=self.deployment, to_status=form.cleaned_data["to_status"],
                    on=form.cleaned_data["on"], reason=form.cleaned_data["reason"],
                    end_date=form.cleaned_data.get("end_date"),
                    expected_version=form.cleaned_data.get("version") or self.deployment.version)
            except ServiceError as refused:
                error = str(refused.message)
        if request.htmx:
            deployment = selectors.deployment_get(actor=self.actor, pk=self.deployment.pk)
            response = render(request, "missions/_deployment_row.html", {
                "row": deployment_row(self.actor, deployment), "error": error, "today": timezone.localdate(),
                "done": None if error else _("Status changed to: %(status)s.") % {"status": deployment.get_status_display()}})
            return response
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Status changed."))
        return redirect(reverse("missions:rotation", args=[self.deployment.rotation_id]) + "#deployments")


class PledgeListView(SecuredListView):
    model = Pledge
    template_name = "missions/pledge_list.html"
    paginate_by = 25
    sort_fields = {"unit": "unit__code", "capability": "capability", "registered": "registered_on"}
    default_sort = "unit"

    def base_queryset(self):
        return selectors.pledge_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for pledge in context["page_obj"]:
            pledge.level_now = pledge.level_on(today)
        context.update(today=today, level_form=PledgeLevelForm(initial={"from_date": today}),
                       pledge_form=PledgeForm(), may_change=_may(self.actor, "change", Pledge),
                       may_create=_may(self.actor, "create", Pledge), levels=dict(PCRSLevel.choices))
        return context


class PledgeCreateView(RecordActionView):
    model = Pledge

    def target(self):
        return reverse("missions:pledges")

    def act(self):
        form = PledgeForm(self.request.POST)
        if not form.is_valid():
            raise ServiceError(_("Check the unit, the capability and the personnel."))
        services.pledge_create(actor=self.actor, **form.cleaned_data)
        return _("Pledge recorded.")


class PledgeLevelSetView(RecordGateMixin, RecordActionView):
    model = Pledge
    gate_action = ""
    lookup = staticmethod(selectors.pledge_get)

    def target(self):
        return reverse("missions:pledges") + f"#pledge-{self.record.pk}"

    def act(self):
        form = PledgeLevelForm(self.request.POST)
        if not form.is_valid():
            raise ServiceError(_("Give the level, its date and the evidence."))
        services.pledge_level_set(actor=self.actor, pledge=self.record, **form.cleaned_data)
        return _("Level recorded.")


class StrengthView(SecuredListView):
    """Monthly strength returns: the lines (filtered, paginated), the entry form and the chart."""

    model = StrengthReturn
    filterset_class = StrengthReturnFilter
    template_name = "missions/strength.html"
    paginate_by = 50
    sort_fields = {"month": "month", "mission": "mission__acronym", "category": "category", "count": "count"}
    default_sort = "-month"

    def base_queryset(self):
        return selectors.strength_list(actor=self.actor)

    def post(self, request):
        form = StrengthForm(request.POST)
        outcomes = {"created": _("Line recorded."), "updated": _("Line corrected."), "unchanged": _("Nothing changed.")}
        saved = submit_form(request, form, lambda: services.strength_return_record(actor=self.actor, **form.cleaned_data),
                            message=lambda row_and_outcome: outcomes[row_and_outcome[1]],
                            done=lambda _saved: reverse("missions:strength")
                            + f"?mission={form.cleaned_data['mission'].acronym}")
        if saved:
            return saved
        self.entry_form = form
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mission_code = (self.request.GET.get("mission") or "").strip()
        mission = selectors.mission_list(actor=self.actor).filter(acronym__iexact=mission_code).first() \
            if mission_code else None
        context.update(
            entry_form=getattr(self, "entry_form", None) or StrengthForm(
                initial={"mission": mission.acronym if mission else None, "month": timezone.localdate()}),
            may_create=_may(self.actor, "create", StrengthReturn),
            chart=strength_chart(selectors.strength_series(actor=self.actor, mission=mission)),
            chart_mission=mission,
        )
        return context


def strength_chart(series: dict) -> dict:
    """Chart.js data: one stacked bar series per category and gender, by month."""
    categories, genders = dict(StrengthCategory.choices), dict(Gender.choices)
    datasets = []
    for (category, gender), counts in sorted(series["series"].items()):
        datasets.append({"label": f"{categories.get(category, category)} · {genders.get(gender, gender)}",
                         "data": counts, "stack": gender, "gender": gender})
    return {"labels": [month.strftime("%m/%Y") for month in series["months"]], "datasets": datasets}
