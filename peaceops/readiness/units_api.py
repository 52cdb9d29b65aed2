"""/api/v1/readiness/matrix/ (every post type for one tour, set-wise), /api/v1/readiness/units/…
(a unit against its table of organisation; POST …/evidence/ records evidence for a PCRS criterion) and
/api/v1/readiness/unit-evidence/ (the recorded evidence the caller may see, by its marking)."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from peaceops.access.api import SecuredAPIMixin
from peaceops.access.marking import Marking
from peaceops.access.policies import policy_for
from peaceops.access.serializers import MarkingField
from peaceops.org.models import Unit

from . import selectors
from .api.serializers import ErrorSerializer, RuleSetRefSerializer, TourSerializer
from .forms import errors_json, tour_from
from .matrix import eligibility_matrix, matrix_dict
from .models import PostType
from .unit_models import EvidenceOutcome, PCRSCriterion, UnitReadinessEvidence


class MatrixCheckSerializer(serializers.Serializer):
    check = serializers.CharField(help_text="the check code, e.g. english, medical, qualification:NURSING")
    label = serializers.CharField()
    requirement = serializers.CharField()
    fails = serializers.IntegerField(help_text="people who fail this rule (a person may fail several)")
    fails_first = serializers.IntegerField(help_text="people for whom this is the first rule they fail")
    hidden = serializers.BooleanField(help_text="the caller may not see the records this rule reads")


class MatrixRowSerializer(serializers.Serializer):
    post_type = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    rule_set = RuleSetRefSerializer()
    eligible = serializers.IntegerField()
    not_eligible = serializers.IntegerField()
    checks = MatrixCheckSerializer(many=True)


class MatrixSerializer(serializers.Serializer):
    tour = TourSerializer()
    seen = serializers.IntegerField(help_text="people the caller may see (the matrix counts no one else)")
    post_types = MatrixRowSerializer(many=True)
    without_rules = serializers.ListField(child=serializers.CharField(),
                                          help_text="post types with no rule set in force on the tour's start")


MATRIX_PARAMETERS = [
    OpenApiParameter("from", str, required=True, description="the tour's first day (YYYY-MM-DD)"),
    OpenApiParameter("to", str, description="the tour's last day (YYYY-MM-DD); default: 12 months from `from`"),
]
BAD_TOUR = OpenApiResponse(ErrorSerializer, description="bad or missing dates, each named with its reason")


@extend_schema(tags=["readiness"])
class MatrixViewSet(SecuredAPIMixin, viewsets.GenericViewSet):
    """Every post type × everyone the caller may see, for one tour: how many are eligible, how many
    fail each rule, and for how many it is the first rule they fail. Computed set-wise in the database."""

    model = PostType
    pagination_class = None
    serializer_class = MatrixSerializer

    @extend_schema(parameters=MATRIX_PARAMETERS, responses={200: MatrixSerializer, 400: BAD_TOUR})
    def list(self, request):
        if not request.query_params.get("from"):
            return Response({"detail": "Give the tour's first day as from=YYYY-MM-DD.", "code": "invalid",
                             "from": ["This field is required."]}, status=status.HTTP_400_BAD_REQUEST)
        form = tour_from(request.query_params)
        if not form.is_valid():
            return Response(errors_json(form), status=status.HTTP_400_BAD_REQUEST)
        body = matrix_dict(eligibility_matrix(actor=self.actor, tour=form.tour))
        return Response(MatrixSerializer(body).data)


# -- units ----------------------------------------------------------------------------------------

class UnitRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    location = serializers.CharField()


class UnitReasonSerializer(serializers.Serializer):
    check = serializers.CharField(help_text="the engine's check that members fail first, e.g. english")
    members = serializers.IntegerField()


class UnitLineSerializer(serializers.Serializer):
    post_code = serializers.CharField()
    title = serializers.CharField()
    count = serializers.IntegerField(help_text="posts of this line in the table of organisation")
    post_type = serializers.CharField(allow_null=True, help_text="the readiness post type; null: not assessed")
    filled = serializers.IntegerField(allow_null=True, help_text="posts an eligible member fills (one post each)")
    gap = serializers.IntegerField()
    eligible_members = serializers.IntegerField()
    reasons = UnitReasonSerializer(many=True)


class UnitGapSerializer(serializers.Serializer):
    post_code = serializers.CharField()
    post_type = serializers.CharField()
    gap = serializers.IntegerField()
    reasons = UnitReasonSerializer(many=True)


class CriterionEvidenceSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="pledge, pledge_level (missions' history) or recorded (here)")
    on = serializers.DateField()
    hidden = serializers.BooleanField(help_text="recorded evidence above the caller: it counts, its text is withheld")
    outcome = serializers.CharField()
    id = serializers.UUIDField(allow_null=True)
    text = serializers.CharField(allow_blank=True)
    reference = serializers.CharField(allow_blank=True)
    assessed_by = serializers.CharField(allow_blank=True)
    recorded_by = serializers.CharField(allow_blank=True)


class CriterionSerializer(serializers.Serializer):
    criterion = serializers.CharField()
    label = serializers.CharField()
    met = serializers.BooleanField()
    evidence = CriterionEvidenceSerializer(many=True)


class UnitSummarySerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    posts = serializers.IntegerField()
    assessed_posts = serializers.IntegerField(help_text="posts whose line has readiness rules")
    filled = serializers.IntegerField()
    gap = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text="filled / assessed posts")
    members = serializers.IntegerField(help_text="members the caller may see (no one else is counted)")
    level = serializers.CharField(allow_null=True, help_text="the PCRS level reached from the evidence")
    pledge_level = serializers.CharField(allow_null=True, help_text="the level in missions' pledge history")


class UnitListSerializer(serializers.Serializer):
    tour = TourSerializer()
    units = UnitSummarySerializer(many=True)


class UnitReadinessSerializer(UnitSummarySerializer):
    tour = TourSerializer()
    lines = UnitLineSerializer(many=True)
    gaps = UnitGapSerializer(many=True)
    criteria = CriterionSerializer(many=True)


class UnitEvidenceSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    recorded_by = serializers.SerializerMethodField()
    marking = serializers.SerializerMethodField()

    class Meta:
        model = UnitReadinessEvidence
        fields = ["id", "unit", "criterion", "outcome", "on", "evidence", "reference", "assessed_by", "recorded_by",
                  "marking", "created_at"]

    def get_recorded_by(self, obj) -> str:
        return obj.recorded_by.username if obj.recorded_by_id and obj.recorded_by else ""

    @extend_schema_field(MarkingField())
    def get_marking(self, obj) -> dict:
        return MarkingField().to_representation(obj)


@extend_schema_serializer(component_name="UnitEvidence")  # its request shares the read side's choice sets
class EvidenceRequestSerializer(serializers.Serializer):
    criterion = serializers.ChoiceField(choices=PCRSCriterion.choices)
    outcome = serializers.ChoiceField(choices=EvidenceOutcome.choices, default=EvidenceOutcome.MET)
    on = serializers.DateField(help_text="the day of the visit, report or registration (not in the future)")
    evidence = serializers.CharField(max_length=5000, help_text="what the evidence is")
    reference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                      help_text="the document it rests on (report number, cable)")
    assessed_by = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                        help_text="who carried out the visit or check")
    marking = MarkingField(required=False, help_text="default: unclassified, owned by the caller's first agency")

    def validate_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError("The date cannot be in the future.")
        return value


def _tour_or_400(params):
    form = tour_from(params, defaults=selectors.default_tour(timezone.localdate()))
    if not form.is_valid():
        raise ValidationError(errors_json(form))
    return form.tour


UNIT_TOUR_PARAMETERS = [
    OpenApiParameter("from", str, description="the tour's first day (YYYY-MM-DD); default: the default tour"),
    OpenApiParameter("to", str, description="the tour's last day (YYYY-MM-DD); default: 12 months from `from`"),
]


@extend_schema(tags=["readiness"])
class UnitReadinessViewSet(SecuredAPIMixin, viewsets.GenericViewSet):
    """Units with a table of organisation and their readiness for one tour: posts an eligible member can
    fill (only members the caller may see count), gaps by skill, and the PCRS level reached with the
    evidence for each criterion. POST …/evidence/ records evidence for a criterion (audited)."""

    model = Unit
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    pagination_class = None
    filter_backends: list = []
    serializer_class = UnitReadinessSerializer

    def get_queryset(self):
        from .units import unit_list

        if getattr(self, "swagger_fake_view", False):
            return Unit.objects.none()
        return unit_list(actor=self.actor)

    def _unit(self, code) -> Unit:
        unit = self.get_queryset().filter(code=code).first()
        if unit is None:
            raise NotFound()
        return unit

    @extend_schema(parameters=UNIT_TOUR_PARAMETERS, responses={200: UnitListSerializer, 400: BAD_TOUR})
    def list(self, request):
        from .units import readiness_summary, unit_readiness

        tour = _tour_or_400(request.query_params)
        units = []
        for unit in self.get_queryset():
            readiness = unit_readiness(actor=self.actor, unit=unit, tour=tour)
            units.append({"unit": {"code": unit.code, "name": unit.label, "location": unit.location},
                          **readiness_summary(readiness)})
        return Response(UnitListSerializer({"tour": {"start": tour.start, "end": tour.end}, "units": units}).data)

    @extend_schema(parameters=UNIT_TOUR_PARAMETERS,
                   responses={200: UnitReadinessSerializer, 400: BAD_TOUR, 404: OpenApiResponse(description="no such unit")})
    def retrieve(self, request, code=None):
        from .units import readiness_dict, unit_readiness

        unit = self._unit(code)
        tour = _tour_or_400(request.query_params)
        body = readiness_dict(unit_readiness(actor=self.actor, unit=unit, tour=tour))
        return Response(UnitReadinessSerializer(body).data)

    @extend_schema(request=EvidenceRequestSerializer,
                   responses={201: UnitEvidenceSerializer, 400: OpenApiResponse(ErrorSerializer, description="bad input"),
                              404: OpenApiResponse(description="no such unit, or the caller may not record evidence")})
    @action(detail=True, methods=["post"])
    def evidence(self, request, code=None):
        from .units import evidence_record

        unit = self._unit(code)
        if not policy_for(UnitReadinessEvidence).allows(self.actor, "create"):
            raise NotFound()
        data = EvidenceRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values.get("marking"):
            marking = MarkingField().to_marking(values["marking"])
        elif self.actor.agency_ids:
            marking = Marking(level=0, owning_agency_id=sorted(self.actor.agency_ids, key=str)[0])
        else:
            raise ValidationError({"marking": ["Give the record's marking."]})
        item = evidence_record(actor=self.actor, unit=unit, criterion=values["criterion"], outcome=values["outcome"],
                               on=values["on"], evidence=values["evidence"], reference=values["reference"],
                               assessed_by=values["assessed_by"], marking=marking)
        return Response(UnitEvidenceSerializer(item).data, status=status.HTTP_201_CREATED)


class UnitEvidenceFilter(django_filters.FilterSet):
    """Declared filters only: an automatic filter would read the classified model's manager without an actor."""

    criterion = django_filters.ChoiceFilter(choices=PCRSCriterion.choices)
    outcome = django_filters.ChoiceFilter(choices=EvidenceOutcome.choices)
    unit = django_filters.CharFilter(field_name="unit__code", lookup_expr="iexact", help_text="the unit's code")

    class Meta:
        model = UnitReadinessEvidence
        fields = ["criterion", "outcome", "unit"]


@extend_schema(tags=["readiness"])
class UnitEvidenceViewSet(SecuredAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    """PCRS evidence recorded for units, as far as its marking lets the caller see it (else 404)."""

    model = UnitReadinessEvidence
    serializer_class = UnitEvidenceSerializer
    filterset_class = UnitEvidenceFilter
    ordering_fields = ["on"]
    ordering = ["-on", "-created_at", "pk"]

    def get_queryset(self):
        from .units import evidence_list

        if getattr(self, "swagger_fake_view", False):
            return UnitReadinessEvidence._base_manager.none()
        return evidence_list(actor=self.actor)


UNIT_ROUTES = [
    ("readiness/unit-evidence", UnitEvidenceViewSet, "readiness-unit-evidence"),
    ("readiness/units", UnitReadinessViewSet, "readiness-unit"),
]
