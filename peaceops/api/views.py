from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from peaceops.access.api import SecuredAPIMixin


class SchemaView(SpectacularAPIView):
    peaceops_secured = True
    permission_classes = [IsAuthenticated]


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI with its start-up script served from a URL, not inline (strict CSP)."""

    peaceops_secured = True
    permission_classes = [IsAuthenticated]


class ApiRootView(SecuredAPIMixin, APIView):
    """The API's table of contents (not part of the schema: it only lists the collections)."""

    schema = None

    def get(self, request, format=None):
        names = ["agency", "unit", "person", "document"]
        return Response({name: reverse(f"api:{name}-list", request=request, format=format) for name in names})
