"""GET /api/v1/documents/search/?q=…: the library's full-text search (the same service as the page)."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from peaceops.access.api import SecuredAPIMixin
from peaceops.access.serializers import MarkingField

from ..models import Document
from ..search.service import (
    PER_PAGE_DEFAULT,
    PER_PAGE_MAX,
    SearchQueryError,
    agency_table,
    parse_filters,
    search_documents,
)


class SearchResultSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    reference = serializers.CharField()
    kind = serializers.CharField()
    dated = serializers.DateField(allow_null=True)
    marking = serializers.DictField(help_text="the document's own marking (who may know it exists)")
    snippet = serializers.CharField(help_text="HTML: escaped text with the matches in <mark>, only from "
                                              "portions the caller may read")
    snippet_marking = serializers.CharField(allow_null=True, help_text="level of the passage the snippet is from")
    rank = serializers.FloatField()


class FacetBucketSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    kind = FacetBucketSerializer(many=True)
    tag = FacetBucketSerializer(many=True)
    level = FacetBucketSerializer(many=True)
    agency = FacetBucketSerializer(many=True)
    year = FacetBucketSerializer(many=True)


class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="matching documents the caller may see")
    count_capped = serializers.BooleanField(help_text="count and facets describe the first matches only")
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    results = SearchResultSerializer(many=True)
    facets = FacetsSerializer()


class SearchErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    field = serializers.CharField(allow_null=True)


FILTERS = [
    OpenApiParameter("q", str, required=True, description="words to find (diacritics optional)"),
    OpenApiParameter("kind", str, description="document kind, e.g. cable"),
    OpenApiParameter("tag", str, description="a TAGS value, e.g. PREL"),
    OpenApiParameter("level", str, description="classification level code, e.g. CONFIDENTIAL"),
    OpenApiParameter("agency", str, description="owning agency code, e.g. VDPO"),
    OpenApiParameter("year", int, description="year of the document's date"),
    OpenApiParameter("page", int),
    OpenApiParameter("page_size", int, description=f"results per page (default {PER_PAGE_DEFAULT}, "
                                                   f"at most {PER_PAGE_MAX})"),
]


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@extend_schema(tags=["documents"])
class DocumentSearchViewSet(SecuredAPIMixin, viewsets.GenericViewSet):
    """Full-text search over the documents the caller may see; every count, facet and snippet
    comes only from documents and portions the caller may read."""

    model = Document
    pagination_class = None
    serializer_class = SearchResponseSerializer

    @extend_schema(parameters=FILTERS, responses={
        200: SearchResponseSerializer,
        400: OpenApiResponse(SearchErrorSerializer, description="empty or oversized query, unknown filter value"),
    })
    def list(self, request):
        params = request.query_params
        try:
            filters = parse_filters(params, agency_table())
            results = search_documents(actor=self.actor, query=params.get("q", ""), filters=filters,
                                       page=_int(params.get("page"), 1),
                                       per_page=_int(params.get("page_size"), PER_PAGE_DEFAULT))
        except SearchQueryError as error:
            return Response({"detail": str(error.message), "code": error.code, "field": error.field},
                            status=status.HTTP_400_BAD_REQUEST)
        marking = MarkingField()
        body = {
            "count": results.count,
            "count_capped": results.capped,
            "page": results.page,
            "num_pages": results.num_pages,
            "results": [{
                "id": hit.document.pk, "title": hit.document.title, "reference": hit.document.reference,
                "kind": hit.document.kind, "dated": hit.document.dated,
                "marking": marking.to_representation(hit.document), "snippet": hit.snippet,
                "snippet_marking": hit.snippet_entry.level_code if hit.snippet_entry else None,
                "rank": hit.rank,
            } for hit in results.hits],
            "facets": {name: [{"value": b.value, "label": b.label, "count": b.count} for b in buckets]
                       for name, buckets in results.facets.items()},
        }
        return Response(SearchResponseSerializer(body).data)
