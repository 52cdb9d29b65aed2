"""API actions on one document: PDF export and links to other records (person, unit…).

GET  /api/v1/documents/{id}/pdf/                 the PDF as the caller may read it (export role; audited)
GET  /api/v1/documents/{id}/links/               links whose both ends the caller may see
POST /api/v1/documents/{id}/links/               {"kind": "person", "identifier": "QN-123456", "note": ""}
DELETE /api/v1/documents/{id}/links/{link_id}/   (a viewset of its own, registered in api/urls.py)
"""

from __future__ import annotations

import json
import uuid

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from peaceops.access.api import SecuredAPIMixin
from peaceops.access.policies import policy_for
from peaceops.core.errors import NotPermitted, ServiceError

from .. import selectors, services
from ..linkables import linkable, linkables
from ..models import Document, Link


class PDFRenderer(BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data, default=str).encode()


class LinkSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="link.pk")
    kind = serializers.CharField()
    target_id = serializers.CharField(source="link.target_id")
    label = serializers.CharField()
    note = serializers.CharField(source="link.note")
    created_at = serializers.DateTimeField(source="link.created_at")


class LinkCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[])
    identifier = serializers.CharField(max_length=64, help_text="A person's service number or a unit's code.")
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [entry.kind for entry in linkables()]


def _service_error(error: ServiceError) -> ValidationError:
    return ValidationError({error.field or "detail": [str(error.message)]})


class DocumentReadingActions:
    """Mixed into DocumentViewSet."""

    def handle_exception(self, exc):
        # An error is JSON even when the caller asked for the PDF (Accept or ?format=pdf).
        if getattr(self, "action", None) == "pdf":
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: OpenApiResponse(description="Not found")},
                   description="The document as a PDF, as the caller may read it; needs the export role; audited.")
    @action(detail=True, methods=["get"], url_path="pdf", renderer_classes=[JSONRenderer, PDFRenderer])
    def pdf(self, request, pk=None):
        from peaceops.core.pdf import render_template_pdf

        from ..views.reading import PRINT_TEMPLATE, export_context, pdf_response

        document = self.get_object()
        if not policy_for(Document).allows(self.actor, "export", document):
            raise NotFound()
        context = export_context(actor=self.actor, document=document, fmt="pdf")
        body = render_template_pdf(PRINT_TEMPLATE, context, request=request._request)
        return pdf_response(body, document, context["page_marking"])


DOCUMENT_PARAMETER = OpenApiParameter("document_pk", OpenApiTypes.UUID, OpenApiParameter.PATH,
                                      description="The document's id.")


@extend_schema(tags=["documents"], parameters=[DOCUMENT_PARAMETER])
class DocumentLinkViewSet(SecuredAPIMixin, viewsets.GenericViewSet):
    """Links of one document to other records; only those whose both ends the caller may see."""

    model = Link
    serializer_class = LinkSerializer
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return Link.objects.none()  # links are read through the selectors, never from a bare queryset

    def policy(self):
        return policy_for(Document)

    def document(self) -> Document:
        try:
            pk = uuid.UUID(str(self.kwargs.get("document_pk")))
        except ValueError:
            raise NotFound() from None
        return selectors.document_get(actor=self.actor, pk=pk)

    def changeable_document(self) -> Document:
        document = self.document()
        if not policy_for(Document).allows(self.actor, "change", document):
            raise NotFound()
        return document

    @extend_schema(responses={200: LinkSerializer(many=True)})
    def list(self, request, document_pk=None):
        shown = selectors.links_for_document(actor=self.actor, document=self.document())
        return Response(LinkSerializer(shown, many=True).data)

    @extend_schema(request=LinkCreateSerializer, responses={201: LinkSerializer})
    def create(self, request, document_pk=None):
        document = self.changeable_document()
        payload = LinkCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        entry = linkable(payload.validated_data["kind"])
        target = entry.find(self.actor, payload.validated_data["identifier"])
        if target is None:
            raise ValidationError({"identifier": [_("No record with the identifier %(identifier)s that you may see.") % {
                "identifier": payload.validated_data["identifier"]}]})
        try:
            link = services.link_create(actor=self.actor, document=document, target=target,
                                        note=payload.validated_data.get("note", ""))
        except NotPermitted:
            raise NotFound() from None
        except ServiceError as error:
            raise _service_error(error) from None
        shown = selectors.link_get(actor=self.actor, document=document, pk=link.pk)
        return Response(LinkSerializer(shown).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: LinkSerializer, 404: OpenApiResponse(description="Not found")})
    def retrieve(self, request, document_pk=None, pk=None):
        shown = selectors.link_get(actor=self.actor, document=self.document(), pk=pk)
        return Response(LinkSerializer(shown).data)

    @extend_schema(responses={204: None, 404: OpenApiResponse(description="Not found")})
    def destroy(self, request, document_pk=None, pk=None):
        document = self.changeable_document()
        try:
            shown = selectors.link_get(actor=self.actor, document=document, pk=pk)
            services.link_delete(actor=self.actor, link=shown.link)
        except (Http404, NotPermitted):
            raise NotFound() from None
        return Response(status=status.HTTP_204_NO_CONTENT)
