from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from peaceops.access.api import SecuredAPIMixin, SecuredModelViewSet, SecuredReadOnlyViewSet
from peaceops.api.writes import ServiceCreateMixin, VersionedUpdateMixin

from .. import selectors, services
from ..filters import ClaimFilter, EquipmentFilter, EstimateFilter, RateFilter, VerificationFilter
from ..models import Claim, CostEstimate, EquipmentItem, Rate, Verification
from .serializers import (
    LogisticsClaimSerializer,
    LogisticsEquipmentSerializer,
    LogisticsEstimateDetailSerializer,
    LogisticsEstimateSerializer,
    LogisticsRateSerializer,
    LogisticsRiskQuerySerializer,
    LogisticsRiskSerializer,
    LogisticsVerificationSerializer,
)


def _marking(serializer):
    """The marking asked for, or the default: the actor's own first agency, unclassified."""
    from peaceops.access.marking import Marking
    from peaceops.access.serializers import MarkingField

    data = serializer.validated_data.get("marking")
    if data:
        return MarkingField().to_marking(data)
    actor = serializer.context["actor"]
    if not actor.agency_ids:
        raise ValidationError({"marking": [_("Give the record's marking.")]})
    return Marking(level=0, owning_agency_id=sorted(actor.agency_ids, key=str)[0])


class _Create(ServiceCreateMixin):
    """Writes through the services, with the actor in the serializer's context (for the default marking)."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["actor"] = getattr(self, "actor", None)
        return context


@extend_schema(tags=["logistics"])
class RateViewSet(_Create, SecuredAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Reference rates with their periods, authority, source and verified flag. A new rate is entered with its
    source and marked as entered, not verified; an overlapping period is refused."""

    model = Rate
    serializer_class = LogisticsRateSerializer
    filterset_class = RateFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Rate.objects.none()
        return selectors.rate_list(actor=self.actor)

    def get_object(self):
        obj = super().get_object()
        self._retrieved = None  # unclassified reference data: no classified read to audit
        return obj

    def create_through_service(self, serializer):
        return services.rate_create(actor=self.actor, data=serializer.rate_data())


@extend_schema(tags=["logistics"])
class EquipmentViewSet(_Create, VersionedUpdateMixin, SecuredModelViewSet):
    """Contingent-owned major equipment the caller may see; a negative quantity is refused with a reason."""

    model = EquipmentItem
    serializer_class = LogisticsEquipmentSerializer
    filterset_class = EquipmentFilter
    ordering = ["unit__code", "category", "description", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EquipmentItem._base_manager.none()
        return selectors.equipment_list(actor=self.actor)

    def create_through_service(self, serializer):
        return services.equipment_create(actor=self.actor, data=serializer.equipment_data(),
                                         marking=_marking(serializer))

    def edited_version(self, serializer):
        version = serializer.validated_data.get("version")
        if version is None:
            raise ValidationError({"version": [_("Send the version you edited.")]})
        return version

    def update_through_service(self, item, serializer):
        version = self.edited_version(serializer)
        return services.equipment_update(actor=self.actor, item=item, data=serializer.equipment_data(item),
                                         expected_version=version)


@extend_schema(tags=["logistics"])
class VerificationViewSet(SecuredReadOnlyViewSet):
    """Verification reports of contingent-owned equipment the caller may see."""

    model = Verification
    serializer_class = LogisticsVerificationSerializer
    filterset_class = VerificationFilter
    ordering = ["-date", "pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Verification._base_manager.none()
        return selectors.verification_list(actor=self.actor)


@extend_schema(tags=["logistics"])
class EstimateViewSet(_Create, SecuredAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Cost estimates: national cost against expected UN reimbursement, month by month; the detail carries
    every line with its rate, source and effective date."""

    model = CostEstimate
    serializer_class = LogisticsEstimateSerializer
    filterset_class = EstimateFilter
    ordering = ["-updated_at", "pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CostEstimate._base_manager.none()
        return selectors.estimate_list(actor=self.actor)

    def get_serializer_class(self):
        return LogisticsEstimateDetailSerializer if self.action == "retrieve" else LogisticsEstimateSerializer

    def create_through_service(self, serializer):
        return services.estimate_create(actor=self.actor, data=serializer.estimate_data(),
                                        marking=_marking(serializer))

    def represent(self, estimate):
        return LogisticsEstimateDetailSerializer(estimate, context=self.get_serializer_context()).data


@extend_schema(tags=["logistics"])
class ClaimViewSet(_Create, SecuredAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                   mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Claims to the UN: claimed, verified, paid, outstanding. A line for equipment that failed verification
    is refused with the reason."""

    model = Claim
    serializer_class = LogisticsClaimSerializer
    filterset_class = ClaimFilter
    ordering = ["-submitted_on", "reference"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Claim._base_manager.none()
        return selectors.claim_list(actor=self.actor).prefetch_related("lines", "payments")

    def create_through_service(self, serializer):
        return services.claim_create(actor=self.actor, data=serializer.claim_data(), marking=_marking(serializer))


@extend_schema(tags=["logistics"])
class RiskViewSet(SecuredAPIMixin, viewsets.GenericViewSet):
    """Expected fatalities for N personnel over T months in a mission, with the exact Poisson interval and
    the method (insights/risk.py)."""

    model = Rate
    pagination_class = None
    filter_backends = []
    serializer_class = LogisticsRiskSerializer

    def get_queryset(self):
        return Rate.objects.none()

    @extend_schema(parameters=[LogisticsRiskQuerySerializer], responses={
        200: LogisticsRiskSerializer, 400: OpenApiResponse(description="{field: [reason]}"),
        404: OpenApiResponse(description="No strength data for the mission: no estimate.")})
    def list(self, request):
        query = LogisticsRiskQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        risk = selectors.mission_risk(actor=self.actor, mission=d["mission"].strip().upper(),
                                      personnel=d["personnel"], months=d["months"])
        if risk is None:
            return Response({"detail": _("No UN strength data for this mission: no estimate.")},
                            status=status.HTTP_404_NOT_FOUND)
        period = risk.period
        return Response(LogisticsRiskSerializer({
            **{name: getattr(risk, name) for name in (
                "mission", "personnel", "months", "fatalities", "person_years", "confidence", "rate", "rate_low",
                "rate_high", "expected", "expected_low", "expected_high", "p_at_least_one", "method")},
            "first_month": period[0] if period else None, "last_month": period[1] if period else None}).data)
