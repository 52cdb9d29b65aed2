"""Logistics pages: the equipment register and its verifications, rates and mission factors, cost estimates
(month by month, chart, CSV), claims with ageing, and the cost-and-risk panel of a proposal. Logic lives in
selectors and services; every page derives from the Secured* bases."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peaceops.access.banner import page_marking
from peaceops.access.policies import policy_for
from peaceops.access.views import SecuredDetailView, SecuredListView, SecuredTemplateView, SecuredView
from peaceops.core.errors import ServiceError
from peaceops.core.ids import is_uuid
from peaceops.core.pages import (
    CreateGateMixin,
    EditOrCreateMixin,
    RecordActionView,
    RecordGateMixin,
    ServiceFormView,
)
from peaceops.decisions.models import Proposal
from peaceops.org.models import Unit

from . import selectors, services
from .choices import AGEING_BUCKETS, EquipmentCategory, FactorKind, RateKind, SelfSustainmentCategory
from .filters import ClaimFilter, EquipmentFilter, EstimateFilter, RateFilter, VerificationFilter
from .forms import (
    ClaimForm,
    ClaimVerifyForm,
    EquipmentForm,
    EstimateForm,
    FactorForm,
    PaymentForm,
    RateCloseForm,
    RateForm,
    RiskForm,
    SelfSustainmentForm,
    VerificationForm,
)
from .models import Claim, CostEstimate, EquipmentItem, MissionFactor, Rate, Verification

CATEGORY_LABELS = {
    "training": gettext_lazy("Pre-deployment training"), "allowances": gettext_lazy("Allowances"), "air_transport": gettext_lazy("Air transport"),
    "sea_transport": gettext_lazy("Sea transport"), "equipment": gettext_lazy("Equipment (national)"), "medical": gettext_lazy("Medical"),
    "personnel": gettext_lazy("Personnel"), "major_equipment": gettext_lazy("Major equipment"), "self_sustainment": gettext_lazy("Self-sustainment"),
    "mission_factor": gettext_lazy("Mission factors"), "deduction": gettext_lazy("Deductions (verification)"),
}
# The fixed labels of costing.py's lines, for the page (the CLI and CSV keep costing's English wording).
LINE_LABELS = {
    "Pre-deployment training": gettext_lazy("Pre-deployment training"),
    "Pre-deployment medical": gettext_lazy("Pre-deployment medical"),
    "Air transport out": gettext_lazy("outbound"), "Air transport home": gettext_lazy("home"),
    "Sea lift of equipment out": gettext_lazy("equipment out"),
    "Sea lift of equipment home": gettext_lazy("equipment home"),
    "Personnel": gettext_lazy("troop cost"), "Allowances": gettext_lazy("allowances"),
    "National equipment upkeep": gettext_lazy("upkeep"),
}
STATE_LABELS = {"unserviceable": gettext_lazy("unserviceable"), "missing": gettext_lazy("missing")}


def line_label(line: dict):
    """The line's wording on the page, in the reader's language."""
    kind = line.get("rate_kind")
    if line["category"] == "self_sustainment":
        return dict(SelfSustainmentCategory.choices).get(line.get("rate_key"), line.get("rate_key"))
    if line["category"] == "mission_factor":
        return dict(FactorKind.choices).get(kind, kind)
    if line.get("item_label"):
        what = gettext_lazy("dry lease") if kind == "major_equipment" else gettext_lazy("maintenance (wet lease)")
        if line.get("state"):
            return f"{line['item_label']} — {STATE_LABELS.get(line['state'], line['state'])}, {what}"
        return f"{line['item_label']} — {what}"
    return LINE_LABELS.get(line["label"], line["label"])


NATIONAL_ORDER = ["training", "medical", "allowances", "air_transport", "sea_transport", "equipment"]
REIMBURSEMENT_ORDER = ["personnel", "major_equipment", "self_sustainment", "mission_factor", "deduction"]


def _may(actor, action, model, obj=None) -> bool:
    return policy_for(model).allows(actor, action, obj)


def _visible_unit(actor, pk) -> Unit:
    unit = policy_for(Unit).scope(actor, "view").filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


class Tabs:
    """The module's tabs (the template marks the active one)."""

    tab = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tab"] = self.tab
        return context


# --- equipment register ------------------------------------------------------------------------------

class EquipmentListView(Tabs, SecuredListView):
    model = EquipmentItem
    filterset_class = EquipmentFilter
    template_name = "logistics/equipment_list.html"
    sort_fields = {"unit": "unit__code", "category": "category", "description": "description",
                   "condition": "condition", "quantity": "quantity"}
    default_sort = "unit"
    tab = "equipment"

    def base_queryset(self):
        return selectors.equipment_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["units"] = selectors.units_with_equipment(actor=self.actor)
        context["may_create"] = _may(self.actor, "create", EquipmentItem)
        return context


class UnitRegisterView(Tabs, SecuredTemplateView):
    """One unit's register: its equipment, the self-sustainment it provides, its verification history."""

    model = Unit
    template_name = "logistics/unit_register.html"
    tab = "equipment"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = _visible_unit(self.actor, self.kwargs["pk"])
        items = list(selectors.equipment_list(actor=self.actor, unit=unit))
        verifications = list(selectors.verification_list(actor=self.actor, unit=unit))
        findings = selectors.findings_for(actor=self.actor).filter(verification__in=verifications)
        by_verification: dict = {}
        for finding in findings:
            by_verification.setdefault(finding.verification_id, []).append(finding)
        for verification in verifications:
            verification.shown_findings = by_verification.get(verification.pk, [])
        provided = selectors.self_sustainment(actor=self.actor, unit=unit)
        context.update(
            unit=unit, items=items, verifications=verifications, provided=provided,
            ss_form=SelfSustainmentForm(initial={"categories": [p.category for p in provided]}),
            may_create=_may(self.actor, "create", EquipmentItem),
            may_verify=_may(self.actor, "create", Verification) and bool(items),
            marked_objects=[*items, *verifications],
        )
        context["page_marking"] = page_marking([*items, *verifications])
        return context


class SelfSustainmentSetView(RecordGateMixin, RecordActionView):
    model = Unit
    gate_action = ""
    find = staticmethod(_visible_unit)

    def get(self, request, pk):
        return redirect("logistics:unit", self.record.pk)

    def target(self):
        return reverse("logistics:unit", args=[self.record.pk]) + "#self-sustainment"

    def act(self):
        form = SelfSustainmentForm(self.request.POST)
        if not form.is_valid():
            raise ServiceError(_("Choose from the listed categories."))
        services.self_sustainment_set(actor=self.actor, unit=self.record, categories=form.cleaned_data["categories"])
        return _("Self-sustainment saved.")


class EquipmentDetailView(Tabs, SecuredDetailView):
    model = EquipmentItem
    template_name = "logistics/equipment_detail.html"
    context_object_name = "item"
    tab = "equipment"

    def get_queryset(self):
        return selectors.equipment_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        findings = list(selectors.findings_for(actor=self.actor, item=self.object))
        context.update(findings=findings, may_change=_may(self.actor, "change", EquipmentItem, self.object),
                       marked_objects=[f.verification for f in findings])
        context["page_marking"] = page_marking([self.object, *(f.verification for f in findings)])
        return context


class EquipmentFormView(EditOrCreateMixin, Tabs, ServiceFormView):
    model = EquipmentItem
    template_name = "logistics/equipment_form.html"
    tab = "equipment"
    done_route = "logistics:item"
    lookup = staticmethod(selectors.equipment_get)

    def get_form(self):
        initial = {}
        if self.record is None and self.request.GET.get("unit"):
            initial["unit"] = self.request.GET["unit"]
        return EquipmentForm(self.request.POST or None, actor=self.actor, instance=self.record, initial=initial)

    def render_form(self, form):
        return render(self.request, self.template_name, {
            "form": form, "item": self.record, "tab": self.tab,
            "page_marking": page_marking([self.record] if self.record else [])})

    def save(self, form):
        if self.record is None:
            return services.equipment_create(actor=self.actor, data=form.equipment_data(), marking=form.marking())
        return services.equipment_update(
            actor=self.actor, item=self.record, data=form.equipment_data(unit=self.record.unit),
            expected_version=form.cleaned_data.get("version") or self.record.version)


# --- verifications -----------------------------------------------------------------------------------

class VerificationListView(Tabs, SecuredListView):
    model = Verification
    filterset_class = VerificationFilter
    template_name = "logistics/verification_list.html"
    sort_fields = {"date": "date", "unit": "unit__code", "kind": "kind"}
    default_sort = "-date"
    tab = "verifications"

    def base_queryset(self):
        return selectors.verification_list(actor=self.actor)


class VerificationDetailView(Tabs, SecuredDetailView):
    model = Verification
    template_name = "logistics/verification_detail.html"
    context_object_name = "verification"
    tab = "verifications"

    def get_queryset(self):
        return selectors.verification_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["findings"] = list(selectors.findings_for(actor=self.actor, verification=self.object))
        return context


class VerificationCreateView(CreateGateMixin, RecordGateMixin, Tabs, ServiceFormView):
    """Record a verification of the unit in the URL: a 404 unless the actor may create verifications (checked
    first) and may see the unit (`self.record`)."""

    model = Unit
    creates = Verification
    gate_action = ""
    find = staticmethod(_visible_unit)
    template_name = "logistics/verification_form.html"
    tab = "verifications"
    message = gettext_lazy("Verification recorded.")
    done_route = "logistics:verification"

    def get_form(self):
        items = selectors.equipment_list(actor=self.actor, unit=self.record)
        return VerificationForm(self.request.POST or None, actor=self.actor, items=items,
                                initial={"date": timezone.localdate()})

    def render_form(self, form):
        return render(self.request, self.template_name, {"form": form, "unit": self.record, "tab": self.tab,
                                                         "page_marking": page_marking(form.items)})

    def save(self, form):
        return services.verification_record(actor=self.actor, data=form.verification_data(self.record),
                                           marking=form.marking())


# --- rates and mission factors -----------------------------------------------------------------------

class RateListView(Tabs, SecuredListView):
    model = Rate
    filterset_class = RateFilter
    template_name = "logistics/rate_list.html"
    sort_fields = {"kind": "kind", "from": "effective_from", "amount": "amount"}
    tab = "rates"
    paginate_by = 100

    def base_queryset(self):
        return selectors.rate_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["factors"] = list(selectors.factor_list(actor=self.actor))
        context["may_create"] = _may(self.actor, "create", Rate)
        context["key_labels"] = dict([*EquipmentCategory.choices, *SelfSustainmentCategory.choices])
        return context


class RateDetailView(Tabs, SecuredDetailView):
    model = Rate
    template_name = "logistics/rate_detail.html"
    context_object_name = "rate"
    tab = "rates"

    def get_queryset(self):
        return selectors.rate_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_change"] = _may(self.actor, "change", Rate, self.object)
        context["close_form"] = RateCloseForm(initial={"version": self.object.version})
        context["key_label"] = dict([*EquipmentCategory.choices, *SelfSustainmentCategory.choices]).get(
            self.object.key, "")
        return context


class RateCreateView(CreateGateMixin, Tabs, ServiceFormView):
    model = Rate
    template_name = "logistics/rate_form.html"
    tab = "rates"
    message = gettext_lazy("Rate entered. It shows as entered, not verified, until checked.")
    done_route = "logistics:rate"

    def get_form(self):
        if self.request.method == "POST":
            return RateForm(self.request.POST)
        return RateForm(initial={"kind": self.request.GET.get("kind", "")})

    def render_form(self, form):
        return render(self.request, self.template_name, {"form": form, "tab": self.tab,
                                                         "kinds": RateKind.choices})

    def save(self, form):
        return services.rate_create(actor=self.actor, data=form.rate_data())


class RateCloseView(RecordGateMixin, RecordActionView):
    model = Rate
    gate_action = ""
    lookup = staticmethod(selectors.rate_get)

    def target(self):
        return reverse("logistics:rate", args=[self.record.pk])

    def act(self):
        form = RateCloseForm(self.request.POST)
        if not form.is_valid():
            raise ServiceError(_("Give the last day the rate is in force."))
        services.rate_close(actor=self.actor, rate=self.record, effective_to=form.cleaned_data["effective_to"],
                            expected_version=form.cleaned_data["version"])
        return _("The rate now ends on %(date)s.") % {"date": form.cleaned_data["effective_to"].isoformat()}


class FactorCreateView(CreateGateMixin, Tabs, ServiceFormView):
    model = MissionFactor
    template_name = "logistics/factor_form.html"
    tab = "rates"
    message = gettext_lazy("Mission factor entered.")

    def get_form(self):
        return FactorForm(self.form_data())

    def render_form(self, form):
        return render(self.request, self.template_name, {"form": form, "tab": self.tab})

    def save(self, form):
        d = form.cleaned_data
        return services.factor_create(actor=self.actor, mission=d["mission"], kind=d["kind"], percent=d["percent"],
                                      source=d.get("source") or "", effective_from=d.get("effective_from"),
                                      effective_to=d.get("effective_to"))

    def done_url(self, factor):
        return reverse("logistics:rates") + "#factors"


# --- cost estimates ----------------------------------------------------------------------------------

class EstimateListView(Tabs, SecuredListView):
    model = CostEstimate
    filterset_class = EstimateFilter
    template_name = "logistics/estimate_list.html"
    sort_fields = {"title": "title", "start": "start_date", "national": "national_total",
                   "reimbursement": "reimbursement_total", "gap": "peak_gap", "updated": "updated_at"}
    default_sort = "-updated"
    tab = "estimates"

    def base_queryset(self):
        return selectors.estimate_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_create"] = _may(self.actor, "create", CostEstimate)
        return context


def _decimal(value) -> Decimal:
    return Decimal(value) if value not in (None, "") else Decimal(0)


def estimate_view_data(estimate: CostEstimate) -> dict:
    """Months with their lines, totals by category and the chart's series, from the stored result."""
    result = estimate.result or {}
    lines = result.get("lines", [])
    for line in lines:
        line["category_label"] = CATEGORY_LABELS.get(line["category"], line["category"])
        line["shown_label"] = line_label(line)
        line["amount_d"] = _decimal(line["amount"])
        line["month_d"] = dt.date.fromisoformat(line["month"])
    months = []
    by_month: dict = {}
    for line in lines:
        by_month.setdefault(line["month"], []).append(line)
    for row in result.get("months", []):
        months.append({**{k: _decimal(v) if k != "month" else dt.date.fromisoformat(v) for k, v in row.items()},
                       "lines": by_month.get(row["month"], [])})
    categories = result.get("by_category", {})
    national = [(c, CATEGORY_LABELS[c], _decimal(categories.get("national", {}).get(c)))
                for c in NATIONAL_ORDER if c in categories.get("national", {})]
    reimbursement = [(c, CATEGORY_LABELS[c], _decimal(categories.get("reimbursement", {}).get(c)))
                     for c in REIMBURSEMENT_ORDER if c in categories.get("reimbursement", {})]
    chart = {
        "labels": [row["month"][:7] for row in result.get("months", [])],
        "national": [row["national"] for row in result.get("months", [])],
        "reimbursement": [row["reimbursement"] for row in result.get("months", [])],
        "received": [row["received"] for row in result.get("months", [])],
        "gap": [row["gap"] for row in result.get("months", [])],
        "currency": result.get("currency", estimate.currency),
        "names": {"national": _("National cost"), "reimbursement": _("UN reimbursement earned"),
                  "received": _("UN payment received"), "gap": _("Cash gap (cumulative)")},
    }
    totals = result.get("totals", {})
    return {"months": months, "national_rows": national, "reimbursement_rows": reimbursement, "chart": chart,
            "gaps": result.get("gaps", []), "lines": lines,
            "totals": {k: _decimal(v) if k != "peak_gap_month" else v for k, v in totals.items()},
            "peak_gap_month": dt.date.fromisoformat(totals["peak_gap_month"]) if totals.get("peak_gap_month") else None,
            "unverified_lines": sum(1 for line in lines if not line["verified"])}


class EstimateDetailView(Tabs, SecuredDetailView):
    model = CostEstimate
    template_name = "logistics/estimate_detail.html"
    context_object_name = "estimate"
    tab = "estimates"

    def get_queryset(self):
        return selectors.estimate_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        estimate = self.object
        context.update(estimate_view_data(estimate))
        context["may_change"] = _may(self.actor, "change", CostEstimate, estimate)
        context["may_export"] = _may(self.actor, "export", CostEstimate, estimate)
        proposal = None
        if estimate.proposal_id:
            from peaceops.decisions.selectors import proposal_list

            proposal = proposal_list(actor=self.actor).filter(pk=estimate.proposal_id).first()
        context["proposal"] = proposal
        context["marked_objects"] = [proposal] if proposal else []
        return context


class EstimateCsvView(SecuredView):
    model = CostEstimate

    def get(self, request, pk):
        estimate = selectors.estimate_get(actor=self.actor, pk=pk)
        if not _may(self.actor, "export", CostEstimate, estimate):
            raise Http404
        services.estimate_export_audit(actor=self.actor, estimate=estimate)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="estimate-{estimate.pk}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow([f"# {estimate.marking}"])
        writer.writerow(["month", "side", "category", "label", "period_from", "period_to", "quantity", "fraction",
                         "rate", "factor_percent", "amount", "currency", "source", "authority", "effective_from",
                         "effective_to", "verified", "note"])
        for line in estimate.result.get("lines", []):
            writer.writerow([line["month"], line["side"], line["category"], line["label"], line["period_from"],
                             line["period_to"], line["quantity"], line["fraction"], line["rate_amount"] or "",
                             line["factor_percent"] or "", line["amount"], line["currency"], line["source"],
                             line["authority"], line["effective_from"] or "", line["effective_to"] or "",
                             "yes" if line["verified"] else "entered, not verified", line["note"]])
        return response


class EstimateFormView(EditOrCreateMixin, Tabs, ServiceFormView):
    model = CostEstimate
    template_name = "logistics/estimate_form.html"
    tab = "estimates"
    message = gettext_lazy("Estimate computed.")
    done_route = "logistics:estimate"
    lookup = staticmethod(selectors.estimate_get)

    def proposals(self):
        from peaceops.decisions.selectors import proposal_list

        return proposal_list(actor=self.actor)

    def initial(self) -> dict:
        initial = {"basis": "scenario"}
        proposal_pk = self.request.GET.get("proposal")
        if proposal_pk:
            proposal = self.proposals().filter(pk=proposal_pk).first() if is_uuid(proposal_pk) else None
            if proposal is not None:
                start = proposal.planned_start or timezone.localdate()
                initial.update(basis="proposal", proposal=proposal.pk, title=proposal.title,
                               personnel=proposal.personnel, start_date=start,
                               end_date=_months_later(start, selectors.DEFAULT_TOUR_MONTHS),
                               mission=proposal.mission_id)
        rotation_pk = self.request.GET.get("rotation")
        if rotation_pk and is_uuid(rotation_pk):
            rotation = selectors.rotation_list(actor=self.actor).filter(pk=rotation_pk).first()
            if rotation is not None:
                defaults = selectors.rotation_defaults(actor=self.actor, rotation=rotation)
                defaults.pop("personnel_source")
                initial.update(basis="rotation", **{k: getattr(v, "pk", v) for k, v in defaults.items()})
        unit_pk = self.request.GET.get("unit")
        if unit_pk and is_uuid(unit_pk):
            initial["unit"] = unit_pk
        return initial

    def get_form(self):
        return EstimateForm(self.request.POST or None, actor=self.actor, proposals=self.proposals(),
                            rotations=selectors.rotation_list(actor=self.actor),
                            instance=self.record, initial=self.initial() if self.record is None else {})

    def render_form(self, form):
        return render(self.request, self.template_name, {
            "form": form, "estimate": self.record, "tab": self.tab,
            "page_marking": page_marking([self.record] if self.record else [])})

    def save(self, form):
        if self.record is None:
            return services.estimate_create(actor=self.actor, data=form.estimate_data(), marking=form.marking())
        return services.estimate_update(actor=self.actor, estimate=self.record, data=form.estimate_data(),
                                        expected_version=form.cleaned_data.get("version") or self.record.version)


class EstimateRecomputeView(RecordGateMixin, RecordActionView):
    """GET shows the estimate to whoever may see it; only who may change it recomputes (404 otherwise)."""

    model = CostEstimate
    gate_action = ""
    lookup = staticmethod(selectors.estimate_get)

    def target(self):
        return reverse("logistics:estimate", args=[self.record.pk])

    def post(self, request, *args, **kwargs):
        if not _may(self.actor, "change", CostEstimate, self.record):
            raise Http404
        return super().post(request, *args, **kwargs)

    def act(self):
        try:
            version = int(self.request.POST.get("version", ""))
        except ValueError:
            version = -1
        services.estimate_recompute(actor=self.actor, estimate=self.record, expected_version=version)
        return _("Recomputed with the rates in force now.")


def _months_later(day: dt.date, months: int) -> dt.date:
    from .costing import add_months

    first = add_months(day, months)
    return first.replace(day=min(day.day, 28)) - dt.timedelta(days=1)


# --- claims ------------------------------------------------------------------------------------------

class ClaimListView(Tabs, SecuredListView):
    model = Claim
    filterset_class = ClaimFilter
    template_name = "logistics/claim_list.html"
    sort_fields = {"reference": "reference", "submitted": "submitted_on", "claimed": "amount_claimed",
                   "status": "status"}
    default_sort = "-submitted"
    tab = "claims"

    def base_queryset(self):
        return selectors.claim_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        everything = list(self.filterset.qs if self.filterset is not None and self.filterset.is_bound
                          else self.base_queryset())
        context["ageing"] = selectors.ageing(everything, today=today)
        context["totals"] = selectors.claim_totals(everything)
        context["may_create"] = _may(self.actor, "create", Claim)
        context["today"] = today
        context["buckets"] = AGEING_BUCKETS
        return context


class ClaimDetailView(Tabs, SecuredDetailView):
    model = Claim
    template_name = "logistics/claim_detail.html"
    context_object_name = "claim"
    tab = "claims"

    def get_queryset(self):
        return selectors.claim_list(actor=self.actor).prefetch_related("lines__equipment_item", "payments")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        claim = self.object
        visible_items = set(selectors.equipment_list(actor=self.actor).filter(
            pk__in=[line.equipment_item_id for line in claim.lines.all() if line.equipment_item_id])
            .values_list("pk", flat=True))
        context.update(
            visible_items=visible_items, may_change=_may(self.actor, "change", Claim, claim),
            verify_form=ClaimVerifyForm(initial={"version": claim.version, "amount_verified": claim.amount_claimed,
                                                 "verified_on": timezone.localdate()}),
            payment_form=PaymentForm(initial={"received_on": timezone.localdate()}),
            age_days=(timezone.localdate() - claim.submitted_on).days,
        )
        return context


class ClaimCreateView(CreateGateMixin, Tabs, ServiceFormView):
    model = Claim
    template_name = "logistics/claim_form.html"
    tab = "claims"

    def get_form(self):
        items = selectors.equipment_list(actor=self.actor)
        return ClaimForm(self.request.POST or None, actor=self.actor, items=items,
                         initial={"submitted_on": timezone.localdate()})

    def render_form(self, form):
        return render(self.request, self.template_name, {"form": form, "tab": self.tab})

    def save(self, form):
        return services.claim_create(actor=self.actor, data=form.claim_data(), marking=form.marking())

    def success_message(self, claim):
        return _("Claim %(ref)s recorded.") % {"ref": claim.reference}


class ClaimActionView(RecordGateMixin, RecordActionView):
    model = Claim
    gate_action = ""
    done_route = "logistics:claim"
    lookup = staticmethod(selectors.claim_get)

    def target(self):
        return reverse("logistics:claim", args=[self.record.pk])


class ClaimVerifyView(ClaimActionView):
    def act(self):
        form = ClaimVerifyForm(self.request.POST)
        if not form.is_valid():
            raise ServiceError(_("Give the verified amount and the date."))
        services.claim_verify(actor=self.actor, claim=self.record, amount_verified=form.cleaned_data["amount_verified"],
                              verified_on=form.cleaned_data["verified_on"],
                              expected_version=form.cleaned_data["version"])
        return _("Verified amount recorded.")


class PaymentCreateView(ClaimActionView):
    def act(self):
        form = PaymentForm(self.request.POST)
        if not form.is_valid():
            raise ServiceError(_("Give the amount received and the date."))
        services.payment_record(actor=self.actor, claim=self.record, amount=form.cleaned_data["amount"],
                                received_on=form.cleaned_data["received_on"],
                                reference=form.cleaned_data.get("reference") or "")
        return _("Payment recorded.")


# --- the proposal's cost and risk panel --------------------------------------------------------------

class ProposalPanelView(SecuredView):
    """Cost and risk next to a proposal: loaded by HTMX into the proposal's page (banners raised out of band),
    or a page of its own without JavaScript."""

    model = Proposal

    def get(self, request, pk):
        from peaceops.decisions.selectors import proposal_get

        proposal = proposal_get(actor=self.actor, pk=pk)
        form = RiskForm(request.GET)
        months = (form.cleaned_data.get("months") if form.is_valid() else None) or selectors.DEFAULT_TOUR_MONTHS
        estimates = list(selectors.proposal_estimates(actor=self.actor, proposal=proposal)[:3])
        mission = proposal.mission.acronym if proposal.mission_id else proposal.mission_code
        risk = selectors.mission_risk(actor=self.actor, mission=mission, personnel=proposal.personnel,
                                      months=months) if proposal.personnel else None
        marking = page_marking([proposal, *estimates])
        percent = {}
        if risk is not None:
            percent = {"p_percent": f"{100 * risk.p_at_least_one:.1f}",
                       "p_percent_low": f"{100 * risk.p_at_least_one_low:.1f}",
                       "p_percent_high": f"{100 * risk.p_at_least_one_high:.1f}"}
        context = {**percent, "proposal": proposal, "estimates": estimates, "risk": risk, "months": months,
                   "mission": mission,
                   "may_estimate": _may(self.actor, "create", CostEstimate)}
        if getattr(request, "htmx", False):
            from peaceops.documents.views.reading import host_marking

            return render(request, "logistics/_proposal_panel.html",
                          {**context, "page_marking": host_marking(request.GET).merge(marking), "oob": True})
        return render(request, "logistics/proposal_panel.html", {**context, "page_marking": marking})
