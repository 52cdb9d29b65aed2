from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from peaceops.access.api import SecuredAPIMixin, SecuredModelViewSet, SecuredReadOnlyViewSet, building_schema
from peaceops.api.writes import ServiceCreateMixin, ServiceWritesMixin
from peaceops.core.errors import ServiceError

from .. import selectors, services
from ..filters import CasualtyFilter, ClaimFilter, IncidentFilter, MemorialFilter
from ..models import Casualty, CompensationClaim, DeadlineParameter, Incident, Memorial, NotificationStep
from ..views import CLAIM_SORTS, INCIDENT_SORTS, MEMORIAL_SORTS
from .serializers import (
    CasualtySerializer,
    ClaimSerializer,
    DeadlineParameterSerializer,
    DeadlineRowSerializer,
    IncidentSerializer,
    MemorialSerializer,
    StepCompleteSerializer,
    StepSerializer,
)


@extend_schema(tags=["welfare"])
class IncidentViewSet(ServiceWritesMixin, SecuredModelViewSet):
    """Incidents visible to the caller. Writes go through the services (policy, audit, optimistic locking)."""

    model = Incident
    serializer_class = IncidentSerializer
    filterset_class = IncidentFilter
    ordering_fields = list(INCIDENT_SORTS.values())
    ordering = ["-occurred_on", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Incident._base_manager.none() if building_schema(self) else selectors.incident_list(actor=self.actor)

    def create_through_service(self, serializer):
        return services.incident_create(actor=self.actor, data=serializer.incident_data(),
                                        marking=serializer.chosen_marking())

    def update_through_service(self, incident, serializer):
        return services.incident_update(actor=self.actor, incident=incident, data=serializer.incident_data(incident),
                                        expected_version=self.edited_version(serializer))


@extend_schema(tags=["welfare"])
class CasualtyViewSet(ServiceWritesMixin, SecuredAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Casualty records (CASUALTY compartment) with their notification checklist. PATCH changes the status
    and next steps only, with the `version` the caller edited (409 when someone saved since)."""

    model = Casualty
    serializer_class = CasualtySerializer
    filterset_class = CasualtyFilter
    ordering = ["created_at", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Casualty._base_manager.none() if building_schema(self) else selectors.casualty_list(actor=self.actor).prefetch_related(
            "notification_steps__owner_agency")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and getattr(self, "actor", None) is not None:
            context["incidents"] = selectors.incident_list(actor=self.actor)
        return context

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        self._visible = selectors.visible_person_ids(actor=self.actor, person_ids=[c.person_id for c in rows])
        self._tours = selectors.visible_deployments(actor=self.actor, deployment_ids=[c.deployment_id for c in rows])
        return page

    def get_serializer(self, *args, **kwargs):
        context = kwargs.setdefault("context", self.get_serializer_context())
        instance = args[0] if args else None
        if hasattr(self, "_visible"):
            context["visible_people"], context["visible_deployments"] = self._visible, self._tours
        elif isinstance(instance, Casualty):
            context["visible_people"] = selectors.visible_person_ids(actor=self.actor,
                                                                     person_ids=[instance.person_id])
            context["visible_deployments"] = selectors.visible_deployments(actor=self.actor,
                                                                           deployment_ids=[instance.deployment_id])
        return super().get_serializer(*args, **kwargs)

    def create_through_service(self, serializer):
        from peaceops.access.policies import policy_for
        from peaceops.people.models import Person

        data = serializer.validated_data
        person = (policy_for(Person).scope(self.actor, "view")
                  .filter(service_number__iexact=data["service_number"].strip()).first())
        if person is None:
            raise ServiceError(_("No person with this service number."), field="service_number")
        return services.casualty_create(actor=self.actor, incident=data["incident"], person=person,
                                        status=data["status"], marking=serializer.chosen_marking(),
                                        next_steps=data.get("next_steps", ""))

    def update_through_service(self, casualty, serializer):
        data = serializer.validated_data
        return services.casualty_update(actor=self.actor, casualty=casualty, status=data.get("status", casualty.status),
                                        next_steps=data.get("next_steps", casualty.next_steps),
                                        expected_version=self.edited_version(serializer))

    @extend_schema(request=StepCompleteSerializer, responses={200: StepSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="notification")
    def notification(self, request, pk=None):
        """Tick one notification step. Refused out of order: never a public statement before the family."""
        casualty = self.get_object()
        body = StepCompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        step = NotificationStep.objects.get(casualty=casualty, kind=body.validated_data["step"])
        services.notification_step_complete(actor=self.actor, step=step,
                                            done_at=body.validated_data.get("done_at"),
                                            note=body.validated_data.get("note", ""))
        steps = NotificationStep.objects.filter(casualty=casualty).select_related("owner_agency").order_by("position")
        return Response(StepSerializer(steps, many=True).data)


@extend_schema(tags=["welfare"])
class ClaimViewSet(ServiceWritesMixin, SecuredModelViewSet):
    """Compensation claims (CASUALTY compartment) with their computed deadlines."""

    model = CompensationClaim
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter
    ordering_fields = list(CLAIM_SORTS.values())
    ordering = ["reference", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return CompensationClaim._base_manager.none() if building_schema(self) else selectors.claim_list(actor=self.actor)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and getattr(self, "actor", None) is not None:
            context["casualties"] = selectors.casualty_list(actor=self.actor)
        return context

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        selectors.annotate_deadlines(page if page is not None else [])
        return page

    def retrieve(self, request, *args, **kwargs):
        return Response(self.represent(self.get_object()))

    def represent(self, claim):
        selectors.annotate_deadlines([claim])
        return super().represent(claim)

    def create_through_service(self, serializer):
        return services.claim_create(actor=self.actor, casualty=serializer.validated_data["casualty"],
                                     data=serializer.claim_data(), marking=serializer.chosen_marking())

    def update_through_service(self, claim, serializer):
        return services.claim_update(actor=self.actor, claim=claim, data=serializer.claim_data(claim),
                                     expected_version=self.edited_version(serializer))

    @extend_schema(responses={200: DeadlineRowSerializer(many=True)})
    @action(detail=False, methods=["get"], url_path="deadlines")
    def deadlines(self, request):
        """Deadlines near or overdue on the claims the caller may see, most urgent first."""
        return Response(DeadlineRowSerializer(selectors.deadline_rows(actor=self.actor), many=True).data)


@extend_schema(tags=["welfare"])
class MemorialViewSet(SecuredReadOnlyViewSet):
    model = Memorial
    serializer_class = MemorialSerializer
    filterset_class = MemorialFilter
    ordering_fields = list(MEMORIAL_SORTS.values())
    ordering = ["-died_on", "pk"]

    def get_queryset(self):
        return Memorial._base_manager.none() if building_schema(self) else selectors.memorial_list(actor=self.actor)


@extend_schema(tags=["welfare"])
class DeadlineParameterViewSet(ServiceCreateMixin, SecuredAPIMixin, mixins.ListModelMixin, mixins.CreateModelMixin,
                               viewsets.GenericViewSet):
    """The entered lengths of the claim deadlines with their sources (none ships verified)."""

    model = DeadlineParameter
    serializer_class = DeadlineParameterSerializer
    ordering = ["code", "-effective_from"]

    def get_queryset(self):
        return DeadlineParameter._base_manager.none() if building_schema(self) else DeadlineParameter.objects.order_by("code", "-effective_from")

    def create_through_service(self, serializer):
        data = serializer.validated_data
        return services.deadline_parameter_set(actor=self.actor, code=data["code"], days=data["days"],
                                               warn_days=data.get("warn_days", 30),
                                               effective_from=data["effective_from"], source=data["source"],
                                               verified=data.get("verified", False))
