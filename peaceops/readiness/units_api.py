"""/api/v1/readiness/matrix/ (every post type for one tour, set-wise) and /api/v1/readiness/units/…
(a unit against its table of organisation)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from peaceops.access.api import SecuredAPIMixin

from .api.serializers import ErrorSerializer, RuleSetRefSerializer, TourSerializer
from .forms import errors_json, tour_from
from .matrix import eligibility_matrix, matrix_dict
from .models import PostType


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
