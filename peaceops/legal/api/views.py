import uuid

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from peaceops.access.api import SecuredAPIMixin, SecuredModelViewSet, building_schema
from peaceops.api.writes import ServiceCreateMixin, ServiceWritesMixin

from .. import selectors, services
from ..filters import CaseFilter, InstrumentFilter
from ..models import ComplianceRecord, DisciplineCase, Instrument
from ..views import CASE_SORTS, INSTRUMENT_SORTS, case_person
from .serializers import (
    CaseSerializer,
    CaseStepSerializer,
    CaseTransitionSerializer,
    ComplianceRecordSerializer,
    InstrumentSerializer,
    RotationComplianceSerializer,
)


class VisibleRotationsMixin:
    """Rotation ids in a body resolve only among the rotations the caller may see (else 400, as if absent)."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not building_schema(self) and getattr(self, "actor", None) is not None:
            context["rotations"] = selectors.rotation_list(actor=self.actor)
        return context


@extend_schema(tags=["legal"])
class InstrumentViewSet(ServiceWritesMixin, VisibleRotationsMixin, SecuredModelViewSet):
    """Legal instruments the caller may see (filter by kind, mission, status). POST records one (with its
    marking); PATCH edits one with the `version` the caller edited (409 when someone saved since)."""

    model = Instrument
    serializer_class = InstrumentSerializer
    filterset_class = InstrumentFilter
    ordering_fields = list(INSTRUMENT_SORTS.values())
    ordering = ["kind", "reference", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Instrument._base_manager.none() if building_schema(self) else selectors.instrument_list(actor=self.actor)

    def create_through_service(self, serializer):
        return services.instrument_create(actor=self.actor, data=serializer.instrument_data(),
                                          marking=serializer.chosen_marking())

    def update_through_service(self, instrument, serializer):
        return services.instrument_update(actor=self.actor, instrument=instrument,
                                          data=serializer.instrument_data(instrument),
                                          expected_version=self.edited_version(serializer))


@extend_schema(tags=["legal"])
class CaseViewSet(ServiceCreateMixin, VisibleRotationsMixin, SecuredAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Conduct and discipline cases (DISCIPLINE compartment). POST records one; its workflow moves only
    through `steps` (400 with the reason when a step is refused)."""

    model = DisciplineCase
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    ordering_fields = list(CASE_SORTS.values())
    ordering = ["-reported_on", "pk"]

    def get_queryset(self):
        return DisciplineCase._base_manager.none() if building_schema(self) else selectors.case_list(actor=self.actor)

    def create_through_service(self, serializer):
        person = case_person(self.actor, serializer.validated_data.get("service_number", ""))
        return services.case_create(actor=self.actor, data=serializer.case_data(person),
                                    marking=serializer.chosen_marking())

    @extend_schema(request=CaseStepSerializer, responses={200: CaseTransitionSerializer})
    @action(detail=True, methods=["post"], url_path="steps")
    def steps(self, request, pk=None):
        """Take one step: open_investigation (investigation), conclude (outcome, findings), close (un_notified_on)."""
        case = self.get_object()
        body = CaseStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        transition = services.case_transition(
            actor=self.actor, case=case, step=data["step"], on=data.get("on"), note=data.get("note", ""),
            investigation=data.get("investigation", ""), outcome=data.get("outcome", ""),
            findings=data.get("findings", ""), un_notified_on=data.get("un_notified_on"),
            expected_version=data.get("version"))
        return Response(CaseTransitionSerializer(transition).data)


@extend_schema(tags=["legal"])
class ComplianceViewSet(VisibleRotationsMixin, SecuredAPIMixin, mixins.ListModelMixin, mixins.CreateModelMixin,
                        viewsets.GenericViewSet):
    """Each rotation's legal checklist (green/red items), from the instruments the caller may see. POST
    records a checklist item done by hand (insurance, ROE briefing, C&D training)."""

    model = ComplianceRecord
    serializer_class = RotationComplianceSerializer
    pagination_class = None

    def get_queryset(self):
        return ComplianceRecord.objects.none()

    def get_serializer_class(self):
        return ComplianceRecordSerializer if self.action == "create" else RotationComplianceSerializer

    def list(self, request, *args, **kwargs):
        rotations = selectors.rotation_list(actor=self.actor).order_by("-start_date", "pk")
        rotation = request.query_params.get("rotation", "").strip()
        if rotation:
            try:
                rotations = rotations.filter(pk=uuid.UUID(rotation))
            except ValueError:
                return Response({"rotation": ["Not a rotation id."], "detail": "Not a rotation id."}, status=400)
        checklists = selectors.compliance_for(actor=self.actor, rotations=rotations[:100])
        return Response(RotationComplianceSerializer(checklists, many=True).data)

    @extend_schema(request=ComplianceRecordSerializer, responses={201: ComplianceRecordSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        row = services.compliance_record(actor=self.actor, rotation=data["rotation"], item=data["item"],
                                         done_on=data["done_on"], evidence=data["evidence"])
        return Response(ComplianceRecordSerializer(row).data, status=status.HTTP_201_CREATED)


__all__ = ["CaseViewSet", "ComplianceViewSet", "InstrumentViewSet"]
