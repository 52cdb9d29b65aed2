from drf_spectacular.utils import extend_schema

from peaceops.access.api import SecuredReadOnlyViewSet

from .. import selectors
from ..filters import MissionFilter
from ..models import Mission
from ..tables import MISSION_SORTS
from .serializers import MissionSerializer


@extend_schema(tags=["missions"])
class MissionViewSet(SecuredReadOnlyViewSet):
    """The UN missions catalogue (public reference data): filters as on the list page; 400 on a bad filter."""

    model = Mission
    serializer_class = MissionSerializer
    filterset_class = MissionFilter
    ordering_fields = [f for f in MISSION_SORTS.values()]
    ordering = ["acronym"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Mission.objects.none()
        return selectors.mission_with_history(actor=self.actor)

    def get_object(self):
        # Unclassified reference data: reading it is not audited (it carries no marking to audit).
        obj = super().get_object()
        self._retrieved = None
        return obj


# -- force generation ----------------------------------------------------------------------------
from django.db.models import Prefetch  # noqa: E402
from rest_framework import serializers as drf_serializers  # noqa: E402
from rest_framework import status  # noqa: E402
from rest_framework.decorators import action  # noqa: E402
from rest_framework.response import Response  # noqa: E402

from peaceops.access.api import SecuredModelViewSet  # noqa: E402
from peaceops.access.policies import policy_for  # noqa: E402
from peaceops.api.writes import ServiceWritesMixin  # noqa: E402
from peaceops.people.models import Person  # noqa: E402

from .. import services  # noqa: E402
from ..filters import DeploymentFilter, RequirementFilter, RotationFilter, StrengthReturnFilter  # noqa: E402
from ..models import (  # noqa: E402
    Deployment,
    DeploymentStatusChange,
    Pledge,
    Requirement,
    Rotation,
    StrengthReturn,
)
from .serializers import (  # noqa: E402
    DeploymentCreateSerializer,
    DeploymentDetailSerializer,
    DeploymentSerializer,
    DeploymentTransitionSerializer,
    PledgeLevelSerializer,
    PledgeSerializer,
    RequirementSerializer,
    RotationSerializer,
    StrengthReturnSerializer,
)

WRITE_METHODS = ["get", "post", "patch", "head", "options"]


def _without_version(serializer) -> dict:
    """The fields for the service; the version travels as `expected_version` (PATCH only)."""
    return {k: v for k, v in serializer.validated_data.items() if k != "version"}


def _visible(model, actor, pk, field: str):
    found = policy_for(model).scope(actor, "view").filter(pk=pk).first() if pk else None
    if pk and found is None:
        raise drf_serializers.ValidationError({field: ["No such record."]})
    return found


@extend_schema(tags=["missions"])
class RequirementViewSet(ServiceWritesMixin, SecuredModelViewSet):
    """UN requirements (posts by type and number); writes through the services (planners)."""

    model = Requirement
    serializer_class = RequirementSerializer
    filterset_class = RequirementFilter
    ordering_fields = ["start_date", "end_date", "count", "mission__acronym"]
    ordering = ["mission__acronym", "start_date", "pk"]
    http_method_names = WRITE_METHODS

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Requirement.objects.none()
        return selectors.requirement_list(actor=self.actor)

    def create_through_service(self, serializer):
        return services.requirement_create(actor=self.actor, **_without_version(serializer))

    def update_through_service(self, requirement, serializer):
        return services.requirement_update(actor=self.actor, requirement=requirement,
                                           expected_version=serializer.validated_data.get("version"),
                                           **_without_version(serializer))


@extend_schema(tags=["missions"])
class PledgeViewSet(SecuredModelViewSet):
    """PCRS pledges with their level history; POST …/levels/ records a level with its evidence."""

    model = Pledge
    serializer_class = PledgeSerializer
    ordering_fields = ["registered_on", "capability", "unit__code"]
    ordering = ["unit__code", "capability", "pk"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Pledge.objects.none()
        return selectors.pledge_list(actor=self.actor)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pledge = services.pledge_create(actor=self.actor, **serializer.validated_data)
        pledge = selectors.pledge_get(actor=self.actor, pk=pledge.pk)
        return Response(self.get_serializer(pledge).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PledgeLevelSerializer, responses={201: PledgeSerializer})
    @action(detail=True, methods=["post"], url_path="levels")
    def levels(self, request, pk=None):
        pledge = self.get_object()
        body = PledgeLevelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.pledge_level_set(actor=self.actor, pledge=pledge, **body.validated_data)
        pledge = selectors.pledge_get(actor=self.actor, pk=pledge.pk)
        return Response(PledgeSerializer(pledge).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["missions"])
class RotationViewSet(ServiceWritesMixin, SecuredModelViewSet):
    """Rotations (unit or individual posts) with dates, overlap and phased return."""

    model = Rotation
    serializer_class = RotationSerializer
    filterset_class = RotationFilter
    ordering_fields = ["start_date", "end_date", "number", "mission__acronym"]
    ordering = ["-start_date", "pk"]
    http_method_names = WRITE_METHODS

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Rotation.objects.none()
        return selectors.rotation_list(actor=self.actor)

    def create_through_service(self, serializer):
        return services.rotation_create(actor=self.actor, **_without_version(serializer))

    def update_through_service(self, rotation, serializer):
        return services.rotation_update(actor=self.actor, rotation=rotation,
                                        expected_version=serializer.validated_data.get("version"),
                                        **_without_version(serializer))


@extend_schema(tags=["missions"])
class DeploymentViewSet(SecuredModelViewSet):
    """Deployments the caller may see (its marking and its person); POST …/transition/ moves the status
    along the allowed table (400 with the allowed moves otherwise)."""

    model = Deployment
    serializer_class = DeploymentSerializer
    filterset_class = DeploymentFilter
    ordering_fields = ["start_date", "end_date", "status"]
    ordering = ["start_date", "pk"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Deployment.objects.none()
        queryset = selectors.deployment_list(actor=self.actor)
        if self.action == "retrieve":
            changes = policy_for(DeploymentStatusChange).scope(self.actor, "view").order_by("on", "created_at")
            queryset = queryset.prefetch_related(Prefetch("changes", queryset=changes))
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return DeploymentDetailSerializer
        return super().get_serializer_class()

    @extend_schema(request=DeploymentCreateSerializer, responses={201: DeploymentSerializer})
    def create(self, request, *args, **kwargs):
        body = DeploymentCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        person = _visible(Person, self.actor, data["person"], "person")
        rotation = _visible(Rotation, self.actor, data["rotation"], "rotation")
        requirement = _visible(Requirement, self.actor, data.get("requirement"), "requirement")
        deployment = services.deployment_create(
            actor=self.actor, person=person, rotation=rotation, requirement=requirement, status=data["status"],
            start_date=data["start_date"], end_date=data["end_date"], reason=data["reason"],
            notes=data["notes"])
        deployment = selectors.deployment_get(actor=self.actor, pk=deployment.pk)
        return Response(DeploymentSerializer(deployment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DeploymentTransitionSerializer, responses={200: DeploymentSerializer})
    @action(detail=True, methods=["post"], url_path="transition")
    def transition(self, request, pk=None):
        deployment = self.get_object()
        body = DeploymentTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.deployment_transition(actor=self.actor, deployment=deployment, to_status=data["to_status"],
                                       on=data["on"], reason=data["reason"], end_date=data.get("end_date"),
                                       expected_version=data.get("version"))
        deployment = selectors.deployment_get(actor=self.actor, pk=deployment.pk)
        return Response(DeploymentSerializer(deployment).data)


@extend_schema(tags=["missions"])
class StrengthReturnViewSet(SecuredModelViewSet):
    """Monthly strength returns; POST records a line (or corrects the line of that month, category, gender)."""

    model = StrengthReturn
    serializer_class = StrengthReturnSerializer
    filterset_class = StrengthReturnFilter
    ordering_fields = ["month", "count", "category"]
    ordering = ["-month", "category", "gender", "pk"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StrengthReturn.objects.none()
        return selectors.strength_list(actor=self.actor)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row, outcome = services.strength_return_record(actor=self.actor, **serializer.validated_data)
        return Response(self.get_serializer(row).data,
                        status=status.HTTP_201_CREATED if outcome == "created" else status.HTTP_200_OK)
