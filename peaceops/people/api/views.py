from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from peaceops.access.api import SecuredModelViewSet

from .. import selectors, services
from ..filters import PersonFilter
from ..models import Person
from ..tables import PERSON_SORTS
from .serializers import PersonSerializer


@extend_schema(tags=["people"])
class PersonViewSet(SecuredModelViewSet):
    """People visible to the caller. Create and update go through the services and are audited."""

    model = Person
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    ordering_fields = list(PERSON_SORTS.values())
    ordering = ["family_name", "given_name", "pk"]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Person._base_manager.none()
        return selectors.person_list(actor=self.actor)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = services.person_create(actor=self.actor, data=serializer.person_data(), marking=serializer.chosen_marking())
        return Response(self.get_serializer(person).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        person = self.get_object()
        serializer = self.get_serializer(person, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        person = services.person_update(
            actor=self.actor, person=person, data=serializer.person_data(person), marking=serializer.chosen_marking(),
            expected_version=serializer.validated_data["version"],
        )
        person.refresh_from_db()
        return Response(self.get_serializer(person).data)
