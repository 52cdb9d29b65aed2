from drf_spectacular.utils import extend_schema

from peaceops.access.api import SecuredReadOnlyViewSet

from .. import selectors
from ..filters import MissionFilter
from ..models import Mission
from ..tables import MISSION_SORTS
from .serializers import MissionSerializer


@extend_schema(tags=["missions"])
class MissionViewSet(SecuredReadOnlyViewSet):
    """The UN missions catalogue (public reference data): filters as on the list page; 400 on a bad filter."""

    model = Mission
    serializer_class = MissionSerializer
    filterset_class = MissionFilter
    ordering_fields = [f for f in MISSION_SORTS.values()]
    ordering = ["acronym"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Mission.objects.none()
        return selectors.mission_with_history(actor=self.actor)

    def get_object(self):
        # Unclassified reference data: reading it is not audited (it carries no marking to audit).
        obj = super().get_object()
        self._retrieved = None
        return obj
