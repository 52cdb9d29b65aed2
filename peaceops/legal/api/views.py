from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from peaceops.access.api import SecuredAPIMixin, SecuredReadOnlyViewSet, building_schema

from .. import selectors, services
from ..filters import CaseFilter, InstrumentFilter
from ..models import ComplianceRecord, DisciplineCase, Instrument
from ..views import CASE_SORTS, INSTRUMENT_SORTS
from .serializers import (
    CaseSerializer,
    CaseStepSerializer,
    CaseTransitionSerializer,
    InstrumentSerializer,
    RotationComplianceSerializer,
)


@extend_schema(tags=["legal"])
class InstrumentViewSet(SecuredReadOnlyViewSet):
    """Legal instruments the caller may see (filter by kind, mission, status)."""

    model = Instrument
    serializer_class = InstrumentSerializer
    filterset_class = InstrumentFilter
    ordering_fields = list(INSTRUMENT_SORTS.values())
    ordering = ["kind", "reference", "pk"]

    def get_queryset(self):
        return Instrument._base_manager.none() if building_schema(self) else selectors.instrument_list(actor=self.actor)


@extend_schema(tags=["legal"])
class CaseViewSet(SecuredReadOnlyViewSet):
    """Conduct and discipline cases (DISCIPLINE compartment); steps through `steps`."""

    model = DisciplineCase
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    ordering_fields = list(CASE_SORTS.values())
    ordering = ["-reported_on", "pk"]

    def get_queryset(self):
        return DisciplineCase._base_manager.none() if building_schema(self) else selectors.case_list(actor=self.actor)

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
class ComplianceViewSet(SecuredAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Each rotation's legal checklist (green/red items), from the instruments the caller may see."""

    model = ComplianceRecord
    serializer_class = RotationComplianceSerializer
    pagination_class = None

    def get_queryset(self):
        return ComplianceRecord.objects.none()

    def list(self, request, *args, **kwargs):
        rotations = selectors.rotation_list(actor=self.actor).order_by("-start_date", "pk")
        rotation = request.query_params.get("rotation", "").strip()
        if rotation:
            import uuid

            try:
                rotations = rotations.filter(pk=uuid.UUID(rotation))
            except ValueError:
                return Response({"rotation": ["Not a rotation id."], "detail": "Not a rotation id."}, status=400)
        checklists = selectors.compliance_for(actor=self.actor, rotations=rotations[:100])
        return Response(RotationComplianceSerializer(checklists, many=True).data)


__all__ = ["CaseViewSet", "ComplianceViewSet", "InstrumentViewSet"]
