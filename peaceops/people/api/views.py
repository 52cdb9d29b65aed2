from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from peaceops.access.api import SecuredModelViewSet
from peaceops.access.banner import page_marking
from peaceops.api.writes import ServiceWritesMixin

from .. import io, selectors, services
from ..filters import PersonFilter
from ..models import Person
from ..tables import PERSON_SORTS
from .serializers import PersonSerializer


@extend_schema(tags=["people"])
class PersonViewSet(ServiceWritesMixin, SecuredModelViewSet):
    """People visible to the caller. Create and update go through the services and are audited."""

    model = Person
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    ordering_fields = list(PERSON_SORTS.values())
    ordering = ["search_name", "pk"]  # the folded name, as on the list page; indexed with the filters
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Person._base_manager.none()
        return selectors.person_list(actor=self.actor)

    def create_through_service(self, serializer):
        return services.person_create(actor=self.actor, data=serializer.person_data(), marking=serializer.chosen_marking())

    def update_through_service(self, person, serializer):
        person = services.person_update(
            actor=self.actor, person=person, data=serializer.person_data(person), marking=serializer.chosen_marking(),
            expected_version=self.edited_version(serializer),
        )
        person.refresh_from_db()
        return person

    @extend_schema(
        request={"multipart/form-data": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}},
        responses={201: OpenApiResponse(description="{created: n}"),
                   400: OpenApiResponse(description="{detail, errors: [{line, column, message}]}")},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_file(self, request):
        """Import a CSV/XLSX: all rows or none; every bad row is reported with its line."""
        if not self.policy().allows(self.actor, "import"):
            raise NotFound()
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": ["Attach a CSV or XLSX file as 'file'."]})
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise serializers.ValidationError({"file": ["The file is too large."]})
        try:
            created, errors = services.person_import_file(actor=self.actor, name=upload.name, content=upload.read())
        except io.ImportFileError as error:
            raise serializers.ValidationError({"file": [str(error)]}) from error
        if errors:
            return Response({"detail": "Nothing was imported.",
                             "errors": [e.__dict__ for e in errors]}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"created": len(created)}, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[OpenApiParameter("file_format", enum=["csv", "xlsx"], default="csv")],
                   responses={200: OpenApiResponse(description="CSV or XLSX file")})
    @action(detail=False, methods=["get"], url_path="export")
    def export(self, request):
        """Export the people the caller sees, with the same filters as the list; audited."""
        if not self.policy().allows(self.actor, "export"):
            raise NotFound()
        fmt = request.query_params.get("file_format", "csv")
        if fmt not in ("csv", "xlsx"):
            raise serializers.ValidationError({"file_format": ["Use csv or xlsx."]})
        people = list(self.filter_queryset(self.get_queryset())[:100_000])
        services.person_export_audit(actor=self.actor, count=len(people), fmt=fmt,
                                     filters=request.query_params.dict())
        marking = page_marking(people)
        if fmt == "xlsx":
            response = HttpResponse(io.write_xlsx(people, banner=marking.label),
                                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        else:
            response = HttpResponse(io.write_csv(people), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="people.{fmt}"'
        response["X-PeaceOps-Marking"] = marking.code
        return response
