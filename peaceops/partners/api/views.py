"""The partners API: partners, offers, requests, deliveries and the gap view. Reads go through the
selectors (the caller's visibility); writes through the services (policy, audit, optimistic locking).
Bad input answers 400 with a JSON reason; a request the caller may not see is 404, like a missing one."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from peaceops.access.api import SecuredAPIMixin, SecuredModelViewSet, building_schema
from peaceops.api.writes import ServiceCreateMixin, ServiceWritesMixin, require

from .. import selectors, services
from ..filters import DeliveryFilter, OfferFilter, PartnerFilter, RequestFilter
from ..models import Delivery, Offer, Partner, Request
from ..views import OFFER_SORTS, PARTNER_SORTS, REQUEST_SORTS
from .serializers import (
    DecisionSerializer,
    DeliverySerializer,
    GapReportSerializer,
    OfferSerializer,
    OfferStatusSerializer,
    PartnerSerializer,
    PartnersErrorSerializer,
    RequestSerializer,
    TransitionSerializer,
)

BAD_INPUT = OpenApiResponse(PartnersErrorSerializer, description="bad input, each field named with its reason")
NOT_FOUND = OpenApiResponse(description="no such record, or one the caller may not see")


def _write_schemas(serializer):
    return extend_schema_view(create=extend_schema(responses={201: serializer, 400: BAD_INPUT}),
                              partial_update=extend_schema(responses={200: serializer, 400: BAD_INPUT, 404: NOT_FOUND}))


class PartnersWrites(ServiceWritesMixin):
    """A caller who may not write gets a 404; the answer is the record as the caller now sees it."""

    gate_writes = True

    def represent(self, record):
        return self.get_serializer(self.fetch(record.pk)).data


@extend_schema(tags=["partners"])
@_write_schemas(PartnerSerializer)
class PartnerViewSet(PartnersWrites, SecuredModelViewSet):
    """Partners (unclassified). `fictional` marks invented examples."""

    model = Partner
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter
    ordering_fields = list(PARTNER_SORTS.values())
    ordering = ["name", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Partner.objects.none() if building_schema(self) else selectors.partner_list(actor=self.actor)

    def fetch(self, pk):
        return selectors.partner_get(actor=self.actor, pk=pk)

    def create_through_service(self, serializer):
        return services.partner_create(actor=self.actor, data=serializer.partner_data())

    def update_through_service(self, partner, serializer):
        services.partner_update(actor=self.actor, partner=partner, data=serializer.partner_data(partner),
                                expected_version=self.edited_version(serializer))
        return partner


@extend_schema(tags=["partners"])
@_write_schemas(OfferSerializer)
class OfferViewSet(PartnersWrites, SecuredModelViewSet):
    """Partner offers (unclassified); `open=true` keeps those one may still ask for. POST …/status/ closes,
    withdraws or reopens one."""

    model = Offer
    serializer_class = OfferSerializer
    filterset_class = OfferFilter
    ordering_fields = list(OFFER_SORTS.values())
    ordering = ["available_until", "title", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Offer.objects.none() if building_schema(self) else selectors.offer_list(actor=self.actor)

    def fetch(self, pk):
        return selectors.offer_get(actor=self.actor, pk=pk)

    def create_through_service(self, serializer):
        return services.offer_create(actor=self.actor, data=serializer.offer_data())

    def update_through_service(self, offer, serializer):
        services.offer_update(actor=self.actor, offer=offer, data=serializer.offer_data(offer),
                              expected_version=self.edited_version(serializer))
        return offer

    @extend_schema(request=OfferStatusSerializer, responses={200: OfferSerializer, 400: BAD_INPUT, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        """Close, withdraw or reopen the offer (open → closed | withdrawn; closed → open)."""
        offer = self.get_object()
        require(self.actor, "change", Offer, offer)
        body = OfferStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.offer_set_status(actor=self.actor, offer=offer, status=body.validated_data["status"],
                                  expected_version=body.validated_data["version"])
        return Response(self.represent(offer))


@extend_schema(tags=["partners"])
@_write_schemas(RequestSerializer)
class RequestViewSet(PartnersWrites, SecuredModelViewSet):
    """Requests to partners the caller may see (marked: they name our shortfalls). A draft is edited with
    PATCH; POST …/status/ moves it on (draft → submitted → agreed → delivered; cancelled, declined)."""

    model = Request
    serializer_class = RequestSerializer
    filterset_class = RequestFilter
    ordering_fields = list(REQUEST_SORTS.values())
    ordering = ["-created_at", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Request._base_manager.none() if building_schema(self) else selectors.request_list(actor=self.actor)

    def fetch(self, pk):
        return selectors.request_get(actor=self.actor, pk=pk)

    def create_through_service(self, serializer):
        data = serializer.validated_data
        return services.request_create(actor=self.actor, data=serializer.request_data(),
                                       marking=serializer.chosen_marking(), offer=data.get("offer"),
                                       partner=data.get("partner"))

    def update_through_service(self, item, serializer):
        services.request_update(actor=self.actor, request=item, data=serializer.request_data(item),
                                expected_version=self.edited_version(serializer))
        return item

    @extend_schema(request=TransitionSerializer, responses={200: RequestSerializer, 400: BAD_INPUT, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path="status")
    def transition(self, request, pk=None):
        """Move the request one step; any other step is refused with the reason."""
        item = self.get_object()
        require(self.actor, "change", Request, item)
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.request_transition(actor=self.actor, request=item, status=body.validated_data["status"],
                                    expected_version=body.validated_data["version"],
                                    note=body.validated_data.get("note", ""))
        return Response(self.represent(item))


@extend_schema(tags=["partners"])
@extend_schema_view(create=extend_schema(responses={201: DeliverySerializer, 400: BAD_INPUT}))
class DeliveryViewSet(ServiceCreateMixin, SecuredAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      viewsets.GenericViewSet):
    """Deliveries against the requests the caller may see. POST records one against an agreed request;
    POST …/decision/ accepts or rejects it (the request becomes delivered when all is accepted)."""

    model = Delivery
    serializer_class = DeliverySerializer
    filterset_class = DeliveryFilter
    ordering_fields = ["delivered_on", "quantity"]
    ordering = ["delivered_on", "pk"]

    def get_queryset(self):
        return Delivery.objects.none() if building_schema(self) else selectors.delivery_list(actor=self.actor)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not building_schema(self) and getattr(self, "actor", None) is not None:
            context["requests"] = selectors.visible_requests(actor=self.actor)
        return context

    gate_writes = True

    def create_through_service(self, serializer):
        data = serializer.validated_data
        return services.delivery_record(actor=self.actor, request=data["request"], delivered_on=data["delivered_on"],
                                        quantity=data["quantity"], notes=data.get("notes", ""))

    @extend_schema(request=DecisionSerializer, responses={200: DeliverySerializer, 400: BAD_INPUT, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        """Accept or reject a pending delivery (a rejection says why)."""
        delivery = self.get_object()
        require(self.actor, "change", Request, delivery.request)
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.delivery_decide(actor=self.actor, delivery=delivery, acceptance=data["acceptance"],
                                 expected_version=data["version"], on=data.get("on"), notes=data.get("notes", ""))
        return Response(self.get_serializer(delivery).data)


GAP_PARAMETERS = [
    OpenApiParameter("from", str, description="the tour's first day (YYYY-MM-DD); default: the default tour"),
    OpenApiParameter("to", str, description="the tour's last day (YYYY-MM-DD); default: 12 months from `from`"),
    OpenApiParameter("post_type", str, description="one post type's shortfalls only (its code)"),
]


@extend_schema(tags=["partners"])
class GapViewSet(SecuredAPIMixin, viewsets.GenericViewSet):
    """Readiness shortfalls for one tour beside the open offers that could close them: people short of a
    qualification a post type requires (the eligibility matrix's per-check counts) and units short of a
    skill (unit readiness). Only people and units the caller may see are counted."""

    model = Offer
    pagination_class = None
    filter_backends: list = []
    serializer_class = GapReportSerializer

    def get_queryset(self):
        return Offer.objects.none()

    @extend_schema(parameters=GAP_PARAMETERS, responses={200: GapReportSerializer, 400: BAD_INPUT})
    def list(self, request):
        from peaceops.readiness.forms import errors_json, tour_from
        from peaceops.readiness.selectors import default_tour, post_type_list

        from ..shortfalls import gap_report, report_dict

        form = tour_from(request.query_params, defaults=default_tour(timezone.localdate()))
        if not form.is_valid():
            return Response(errors_json(form), status=status.HTTP_400_BAD_REQUEST)
        post_type = (request.query_params.get("post_type") or "").strip().upper()
        if post_type and not post_type_list(actor=self.actor).filter(code=post_type).exists():
            return Response({"detail": "Unknown post type.", "code": "invalid", "post_type": ["Unknown post type."]},
                            status=status.HTTP_400_BAD_REQUEST)
        report = gap_report(actor=self.actor, tour=form.tour, post_type=post_type)
        return Response(GapReportSerializer(report_dict(report)).data)
