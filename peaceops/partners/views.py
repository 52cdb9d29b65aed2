"""Partners pages: offers (the index), partners, requests with their deliveries, and the gap view that
matches readiness shortfalls to open offers. Logic lives in selectors, services and shortfalls; every
page derives from the Secured* bases."""

from __future__ import annotations

from urllib.parse import urlencode

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
    form_errors_text,
    form_page,
)

from . import selectors, services
from .choices import OFFER_TRANSITIONS, REQUEST_TRANSITIONS, Acceptance, OfferStatus, RequestStatus
from .filters import OfferFilter, PartnerFilter, RequestFilter
from .forms import (
    DecisionForm,
    DeliveryForm,
    OfferForm,
    OfferStatusForm,
    PartnerForm,
    RequestForm,
    TransitionForm,
)
from .models import Delivery, Offer, Partner, Request

OFFER_SORTS = {"title": "title", "partner": "partner__name", "kind": "kind", "status": "status",
               "quantity": "quantity", "from": "available_from", "until": "available_until"}
PARTNER_SORTS = {"name": "name", "code": "code", "kind": "kind", "country": "country"}
REQUEST_SORTS = {"title": "title", "partner": "partner__name", "status": "status", "quantity": "quantity",
                 "needed": "needed_by", "created": "created_at"}
OFFER_ACTIONS = {OfferStatus.OPEN: gettext_lazy("Reopen the offer"), OfferStatus.CLOSED: gettext_lazy("Close the offer"),
                 OfferStatus.WITHDRAWN: gettext_lazy("Withdraw the offer")}


def _may(actor, action, model, obj=None) -> bool:
    return policy_for(model).allows(actor, action, obj)


def _form_page(request, *, submit="", **page):
    return form_page(request, "partners/form.html", submit=submit or _("Save"), **page)


# --- offers (the index) -------------------------------------------------------------------------

class OfferListView(PartialListMixin, SecuredListView):
    model = Offer
    filterset_class = OfferFilter
    template_name = "partners/offer_list.html"
    partial_template = "partners/_offer_table.html"
    sort_fields = OFFER_SORTS
    default_sort = "until"

    def base_queryset(self):
        return selectors.offer_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = selectors.figures(actor=self.actor)
        context.update(rows=list(context["page_obj"].object_list), figures=figures, tab="offers",
                       today=timezone.localdate(), may_create=self.policy().allows(self.actor, "create"),
                       may_export=self.policy().allows(self.actor, "export"))
        context["page_marking"] = context["page_marking"].merge(figures["marking"])
        return context


class OfferExportView(AuditedCsvExportView):
    """The filtered offers as CSV; audited. Its marking is that of the requests counted in it."""

    model = Offer
    filterset_class = OfferFilter
    ordering = ("available_until", "title", "pk")
    header = ["id", "partner", "partner_fictional", "kind", "title", "quantity", "counted_in", "requested_visible",
              "available_from", "available_until", "qualification_type", "level", "post_type", "status"]
    filename_stem = "partner-offers"
    export_audit = staticmethod(services.export_audit)

    def base_queryset(self):
        return selectors.offer_list(actor=self.actor)

    def row(self, offer):
        return [offer.pk, offer.partner.code, "yes" if offer.partner.fictional else "no", offer.kind,
                offer.title, offer.quantity, offer.unit_label, offer.requested,
                offer.available_from.isoformat(), offer.available_until.isoformat(),
                getattr(offer.qualification_type, "code", ""), offer.level,
                getattr(offer.post_type, "code", ""), offer.status]

    def marking(self, rows):
        return selectors.requested_marking(actor=self.actor, offers=rows)


class OfferDetailView(SecuredDetailView):
    model = Offer
    template_name = "partners/offer_detail.html"

    def get_queryset(self):
        return selectors.offer_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offer = self.object
        requests = selectors.requests_of_offer(actor=self.actor, offer=offer)
        context.update(tab="offers", requests=requests, marked_objects=requests,
                       is_open=services.offer_is_open(offer),
                       may_change=self.policy().allows(self.actor, "change", offer),
                       may_request=_may(self.actor, "create", Request),
                       next_statuses=[(s, OFFER_ACTIONS[s]) for s in OFFER_TRANSITIONS[OfferStatus(offer.status)]])
        context["page_marking"] = context["page_marking"].merge(page_marking(requests))
        return context


class OfferCreateView(CreateGateMixin, ServiceFormView):
    model = Offer
    message = gettext_lazy("Offer recorded.")
    done_route = "partners:offer"

    def get_form(self):
        partners = selectors.partner_list(actor=self.actor).filter(active=True)
        if self.request.method == "POST":
            return OfferForm(self.request.POST, partners=partners)
        partner = self.request.GET.get("partner")
        return OfferForm(partners=partners, initial={"partner": partner} if partner else {})

    def render_form(self, form):
        return _form_page(self.request, title=_("New offer"), form=form, back=reverse("partners:index"))

    def save(self, form):
        return services.offer_create(actor=self.actor, data=form.data_object())


class OfferUpdateView(RecordGateMixin, ServiceFormView):
    model = Offer
    done_route = "partners:offer"
    lookup = staticmethod(selectors.offer_get)

    def get_form(self):
        partners = selectors.partner_list(actor=self.actor)
        if self.request.method == "POST":
            return OfferForm(self.request.POST, partners=partners)
        return OfferForm(instance=self.record, partners=partners)

    def render_form(self, form):
        return _form_page(self.request, title=_("Edit offer"), form=form,
                          back=reverse("partners:offer", args=[self.record.pk]))

    def save(self, form):
        return services.offer_update(actor=self.actor, offer=self.record, data=form.data_object(),
                                     expected_version=form.expected_version(self.record))


class OfferStatusView(RecordGateMixin, RecordActionView):
    """Close, withdraw or reopen an offer (POST); GET shows the offer."""

    model = Offer
    lookup = staticmethod(selectors.offer_get)

    def target(self):
        return reverse("partners:offer", kwargs={"pk": self.kwargs["pk"]})

    def act(self):
        form = OfferStatusForm(self.request.POST)
        if not form.is_valid():
            raise ServiceError(_("Choose the new status."))
        services.offer_set_status(actor=self.actor, offer=self.record, status=form.cleaned_data["status"],
                                  expected_version=form.expected_version(self.record))
        return _("Offer status changed.")


# --- partners -----------------------------------------------------------------------------------

class PartnerListView(PartialListMixin, SecuredListView):
    model = Partner
    filterset_class = PartnerFilter
    template_name = "partners/partner_list.html"
    partial_template = "partners/_partner_table.html"
    sort_fields = PARTNER_SORTS
    default_sort = "name"

    def base_queryset(self):
        return selectors.partner_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(rows=list(context["page_obj"].object_list), tab="partners",
                       may_create=self.policy().allows(self.actor, "create"))
        return context


class PartnerDetailView(SecuredDetailView):
    model = Partner
    template_name = "partners/partner_detail.html"

    def get_queryset(self):
        return selectors.partner_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = self.object
        offers = list(selectors.offer_list(actor=self.actor).filter(partner=partner).order_by("-available_until"))
        requests = selectors.requests_of_partner(actor=self.actor, partner=partner)
        sessions = selectors.sessions_funded_by(actor=self.actor, partner=partner)
        context.update(tab="partners", offers=offers, requests=requests, marked_objects=requests, sessions=sessions,
                       today=timezone.localdate(), may_change=self.policy().allows(self.actor, "change", partner),
                       may_offer=_may(self.actor, "create", Offer) and partner.active)
        return context


class PartnerCreateView(CreateGateMixin, ServiceFormView):
    model = Partner
    message = gettext_lazy("Partner recorded.")
    done_route = "partners:partner"

    def get_form(self):
        return PartnerForm(self.form_data())

    def render_form(self, form):
        return _form_page(self.request, title=_("New partner"), form=form, back=reverse("partners:partners"),
                          intro=_("Name a real programme only with facts from a source you can cite; mark "
                                  "invented examples as fictional."))

    def save(self, form):
        return services.partner_create(actor=self.actor, data=form.data_object())


class PartnerUpdateView(RecordGateMixin, ServiceFormView):
    model = Partner
    lookup = staticmethod(selectors.partner_get)
    done_route = "partners:partner"

    def get_form(self):
        if self.request.method == "POST":
            return PartnerForm(self.request.POST)
        return PartnerForm(instance=self.record)

    def render_form(self, form):
        return _form_page(self.request, title=_("Edit partner"), form=form,
                          back=reverse("partners:partner", args=[self.record.pk]))

    def save(self, form):
        return services.partner_update(actor=self.actor, partner=self.record, data=form.data_object(),
                                       expected_version=form.expected_version(self.record))


# --- requests -----------------------------------------------------------------------------------

class RequestListView(PartialListMixin, SecuredListView):
    model = Request
    filterset_class = RequestFilter
    template_name = "partners/request_list.html"
    partial_template = "partners/_request_table.html"
    sort_fields = REQUEST_SORTS
    default_sort = "-created"

    def base_queryset(self):
        return selectors.request_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = selectors.figures(actor=self.actor)
        context.update(rows=list(context["page_obj"].object_list), tab="requests", figures=figures)
        context["page_marking"] = context["page_marking"].merge(figures["marking"])
        return context


class RequestCreateView(CreateGateMixin, RecordGateMixin, ServiceFormView):
    """Draft a request from an offer; the gap view passes the shortfall it answers in the query."""

    model = Request
    gate_action = ""
    message = gettext_lazy("Request drafted.")
    done_route = "partners:request"
    lookup = staticmethod(selectors.offer_get)

    def render_form(self, form):
        offer = self.record
        return _form_page(self.request, title=_("Draft a request"), form=form, submit=_("Save the draft"),
                          back=reverse("partners:offer", args=[offer.pk]),
                          intro=_("To %(partner)s, against the offer “%(offer)s” (%(n)s %(unit)s until %(until)s). "
                                  "A request names our shortfalls: give it its marking.") % {
                              "partner": offer.partner.name, "offer": offer.title, "n": offer.quantity,
                              "unit": offer.unit_label, "until": offer.available_until.strftime("%d/%m/%Y")})

    def initial(self) -> dict:
        offer, params = self.record, self.request.GET
        initial = {"title": params.get("title") or offer.title, "justification": params.get("justification", "")}
        try:
            initial["quantity"] = max(1, min(int(params.get("quantity", "")), offer.quantity))
        except ValueError:
            initial["quantity"] = offer.quantity
        if params.get("unit"):
            initial["unit"] = params["unit"]
        return initial

    def get_form(self):
        if self.request.method == "POST":
            return RequestForm(self.request.POST, actor=self.actor)
        return RequestForm(actor=self.actor, initial=self.initial())

    def get(self, request, pk):
        if not services.offer_is_open(self.record):
            messages.error(request, _("This offer is not open: requests go to open offers only."))
            return redirect("partners:offer", pk=pk)
        return super().get(request, pk)

    def save(self, form):
        return services.request_create(actor=self.actor, data=form.data_object(), marking=form.marking(),
                                       offer=self.record)


class RequestDetailView(SecuredDetailView):
    model = Request
    template_name = "partners/request_detail.html"

    def get_queryset(self):
        return selectors.request_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.object
        may_change = self.policy().allows(self.actor, "change", item)
        deliveries = selectors.deliveries_of(actor=self.actor, request=item)
        context.update(tab="requests", deliveries=deliveries, may_change=may_change,
                       outstanding=item.quantity - item.delivered,
                       next_statuses=[(s, RequestStatus(s).label) for s in REQUEST_TRANSITIONS[RequestStatus(item.status)]
                                      if s != RequestStatus.DELIVERED or item.accepted >= item.quantity]
                       if may_change else [],
                       may_deliver=may_change and item.status == RequestStatus.AGREED and item.delivered < item.quantity,
                       delivery_form=DeliveryForm(initial={"delivered_on": timezone.localdate(),
                                                           "quantity": max(item.quantity - item.delivered, 1)}),
                       pending=Acceptance.PENDING)
        return context


class RequestUpdateView(RecordGateMixin, ServiceFormView):
    model = Request
    lookup = staticmethod(selectors.request_get)

    def get_form(self):
        return RequestForm(self.form_data(), actor=self.actor, instance=self.record)

    def render_form(self, form):
        return _form_page(self.request, title=_("Edit request"), form=form, marking_objects=[self.record],
                          back=reverse("partners:request", args=[self.record.pk]))

    def save(self, form):
        return services.request_update(actor=self.actor, request=self.record, data=form.data_object(),
                                       expected_version=form.cleaned_data.get("version") or self.record.version)


class RequestActionView(RecordGateMixin, RecordActionView):
    """A POST on a visible request; GET shows the request; refusals come back as messages."""

    model = Request
    anchor = ""
    done_route = "partners:request"
    lookup = staticmethod(selectors.request_get)

    def target(self):
        return reverse("partners:request", args=[self.kwargs["pk"]]) + self.anchor


class RequestTransitionView(RequestActionView):
    def act(self):
        form = TransitionForm(self.request.POST)
        if not form.is_valid():
            raise ServiceError(_("Choose the new status."))
        services.request_transition(actor=self.actor, request=self.record, status=form.cleaned_data["status"],
                                    expected_version=form.expected_version(self.record),
                                    note=form.cleaned_data.get("note", ""))
        return _("Request status changed.")


class DeliveryCreateView(RequestActionView):
    anchor = "#deliveries"

    def act(self):
        form = DeliveryForm(self.request.POST)
        if not form.is_valid():
            raise ServiceError(form_errors_text(form))
        services.delivery_record(actor=self.actor, request=self.record, delivered_on=form.cleaned_data["delivered_on"],
                                 quantity=form.cleaned_data["quantity"], notes=form.cleaned_data.get("notes", ""))
        return _("Delivery recorded; it awaits acceptance.")


class DeliveryDecideView(RecordGateMixin, RecordActionView):
    """Accept or reject a delivery of a visible request."""

    model = Delivery
    gate_action = ""

    def find(self, actor, pk):
        delivery = selectors.delivery_get(actor=actor, pk=pk)
        if not _may(actor, "change", Request, delivery.request):
            raise Http404
        return delivery

    def target(self):
        return reverse("partners:request", args=[self.record.request_id]) + "#deliveries"

    def get(self, request, pk):
        return redirect("partners:request", pk=self.record.request_id)

    def act(self):
        form = DecisionForm(self.request.POST)
        if not form.is_valid():
            raise ServiceError(form_errors_text(form))
        services.delivery_decide(actor=self.actor, delivery=self.record, acceptance=form.cleaned_data["acceptance"],
                                 expected_version=form.expected_version(self.record),
                                 on=form.cleaned_data.get("on"), notes=form.cleaned_data.get("notes", ""))
        return (_("Delivery accepted.") if form.cleaned_data["acceptance"] == Acceptance.ACCEPTED
                else _("Delivery rejected."))


# --- the gap view -------------------------------------------------------------------------------

class GapView(SecuredTemplateView):
    """Readiness shortfalls (people short of a qualification; units short of a skill) beside the open
    offers that could close them, for one tour window, over what the reader may see."""

    model = Offer
    template_name = "partners/gaps.html"

    def get_context_data(self, **kwargs):
        from peaceops.readiness.forms import tour_from
        from peaceops.readiness.selectors import default_tour, post_type_list

        from .shortfalls import gap_report

        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        form = tour_from(self.request.GET, defaults=default_tour(today))
        post_types = list(post_type_list(actor=self.actor))
        chosen = self.request.GET.get("post_type", "")
        if chosen not in {p.code for p in post_types}:
            chosen = ""
        context.update(form=form, tab="gaps", may_request=_may(self.actor, "create", Request),
                       post_types=post_types, chosen_post_type=chosen)
        if form.is_valid():
            report = gap_report(actor=self.actor, tour=form.tour, today=today, post_type=chosen)
            for gap in report.people + report.units:
                gap.draft_query = _draft_query(gap, form.tour)
            context.update(report=report, tour=form.tour)
            context["page_marking"] = context["page_marking"].merge(
                selectors.requested_marking(actor=self.actor, offers=report.open_offers))
        return context


def _draft_query(gap, tour) -> str:
    """The query string that pre-fills a request drafted from this gap."""
    if gap.kind == "unit":
        title = _("%(unit)s: %(post)s (%(n)d posts unfilled)") % {"unit": gap.unit.code, "post": gap.post_title,
                                                                   "n": gap.short}
        why = _("Unit %(unit)s has %(n)d of %(posts)d %(post)s posts that no eligible member can fill for the tour "
                "%(start)s to %(end)s.") % {"unit": gap.unit.code, "n": gap.short, "posts": gap.posts,
                                            "post": gap.post_title, "start": tour.start.isoformat(),
                                            "end": tour.end.isoformat()}
        extra = {"unit": gap.unit.code}
    else:
        title = _("%(label)s for %(post)s candidates") % {"label": gap.label, "post": gap.post_type.name}
        why = _("%(n)d people fall short of %(label)s (%(requirement)s) required for %(post)s on the tour "
                "%(start)s to %(end)s; for %(first)d of them it is the first missing requirement.") % {
            "n": gap.short, "label": gap.label, "requirement": gap.requirement, "post": gap.post_type.name,
            "start": tour.start.isoformat(), "end": tour.end.isoformat(), "first": gap.first}
        extra = {}
    return urlencode({"quantity": gap.short, "title": title[:200], "justification": why, **extra})
