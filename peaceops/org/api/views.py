from drf_spectacular.utils import extend_schema

from peaceops.access.api import SecuredReadOnlyViewSet

from .. import selectors
from ..filters import UnitFilter
from ..models import Agency, Unit
from .serializers import AgencySerializer, UnitSerializer


@extend_schema(tags=["organisation"])
class AgencyViewSet(SecuredReadOnlyViewSet):
    model = Agency
    serializer_class = AgencySerializer
    ordering = ["bit"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Agency.objects.none()
        return selectors.agency_list(actor=self.actor)


@extend_schema(tags=["organisation"])
class UnitViewSet(SecuredReadOnlyViewSet):
    model = Unit
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    ordering = ["code"]
    ordering_fields = ["code", "kind"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Unit.objects.none()
        return selectors.unit_list(actor=self.actor)
