from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from peaceops.access.api import SecuredAPIMixin, SecuredReadOnlyViewSet

from .. import rates, selectors
from ..forms import FatalityQueryForm
from ..models import Dataset
from ..views import contribution_form, contribution_table
from .serializers import (
    ContributionQuerySerializer,
    ContributionSeriesSerializer,
    DatasetSerializer,
    FatalityQuerySerializer,
    FatalityRatesSerializer,
)


def _month(value):
    return None if value is None else f"{value[0]:04d}-{value[1]:02d}"


def rate_json(mission: str, result: rates.MissionRate, all_time: int = 0) -> dict:
    return {"mission": mission, "person_years": round(result.person_years, 2), "months_covered": result.months_covered,
            "first_month": _month(result.first_month), "last_month": _month(result.last_month),
            "fatalities": result.fatalities, "outside_coverage": result.outside_coverage, "all_time": all_time,
            "counts": result.counts, "rates": {k: (None if v is None else round(v, 4)) for k, v in result.rates.items()},
            "rate": None if result.rate() is None else round(result.rate(), 4)}


@extend_schema(tags=["insights"])
class DatasetViewSet(SecuredReadOnlyViewSet):
    """The loaded UN datasets with their provenance (publisher, source, commit, licence, sha256, cleaning)."""

    model = Dataset
    serializer_class = DatasetSerializer
    lookup_field = "key"
    ordering = ["key"]
    filterset_class = None
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Dataset.objects.none()
        return selectors.dataset_list(actor=self.actor)

    def get_object(self):
        # Unclassified reference data: reading it is not audited (it carries no marking to audit).
        obj = super().get_object()
        self._retrieved = None
        return obj


class _InsightsAPI(SecuredAPIMixin, viewsets.GenericViewSet):
    model = Dataset
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return Dataset.objects.none()


@extend_schema(tags=["insights"])
class ContributionSeriesViewSet(_InsightsAPI):
    """A country's contribution per period against its peers; the table behind the chart."""

    serializer_class = ContributionSeriesSerializer

    @extend_schema(parameters=[ContributionQuerySerializer], responses={
        200: ContributionSeriesSerializer, 400: OpenApiResponse(description="{detail, errors}")})
    def list(self, request):
        form = contribution_form(request.query_params, self.actor)
        if not form.is_valid():
            raise ValidationError({"detail": _("Bad query."), "errors": form.errors})
        table = contribution_table(self.actor, form)
        return Response({
            "series": table.series, "measure": table.measure, "periods": table.periods, "notes": table.notes,
            "columns": [{"code": c, "name": table.names[c], "values": table.values[c]} for c in table.columns],
        })


@extend_schema(tags=["insights"])
class FatalityRatesViewSet(_InsightsAPI):
    """Fatalities per 1,000 personnel-years by mission and incident type (method in insights/rates.py)."""

    serializer_class = FatalityRatesSerializer

    @extend_schema(parameters=[FatalityQuerySerializer], responses={
        200: FatalityRatesSerializer, 400: OpenApiResponse(description="{detail, errors}")})
    def list(self, request):
        form = FatalityQueryForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({"detail": _("Bad query."), "errors": form.errors})
        rows, pooled, types = selectors.fatality_rates(actor=self.actor, scope=form.cleaned_data["scope"])
        minimum = form.cleaned_data["min_years"]
        rows = [r for r in rows if r.result.person_years >= minimum] if minimum else rows
        return Response({
            "scope": form.cleaned_data["scope"], "method": rates.__doc__.strip(), "incident_types": types,
            "pooled": rate_json("", pooled), "missions": [rate_json(r.mission, r.result, r.all_time) for r in rows],
        })
