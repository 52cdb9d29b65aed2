"""Planner API: runs (list, read, start, re-run, drop-out, swap, nominate, a post's candidates, publish,
compare, reasons) and choices
(list, read, lock). Writes go through the services (policy, audit, optimistic locking); a refused
change answers 400 with the reason."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from peaceops.access.api import SecuredAPIMixin
from peaceops.core.ids import is_uuid
from peaceops.missions import selectors as missions
from peaceops.people.models import Person

from .. import selectors, services
from ..models import PlanChoice, PlanRun
from .serializers import (
    CompareSerializer,
    DropRequestSerializer,
    LockRequestSerializer,
    NominateRequestSerializer,
    PlanChoiceSerializer,
    PlanReasonSerializer,
    PlanRunSerializer,
    RunRequestSerializer,
    SlotCandidatesSerializer,
    SwapRequestSerializer,
    VersionSerializer,
)


def _rotation(actor, pk):
    try:
        return missions.rotation_get(actor=actor, pk=pk)
    except Http404:
        raise Http404 from None


@extend_schema(tags=["planning"])
class PlanRunViewSet(SecuredAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    model = PlanRun
    serializer_class = PlanRunSerializer
    ordering = ["-created_at", "pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PlanRun._base_manager.none()
        queryset = selectors.plan_list(actor=self.actor)
        rotation = self.request.query_params.get("rotation")
        if rotation:
            queryset = queryset.filter(rotation_id=rotation) if is_uuid(rotation) else queryset.none()
        return queryset.order_by("-created_at", "pk")

    @extend_schema(parameters=[OpenApiParameter("rotation", OpenApiTypes.UUID, required=False)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=RunRequestSerializer, responses={201: PlanRunSerializer})
    def create(self, request, *args, **kwargs):
        """Start a planner run over a rotation (a background job; poll the run for its status)."""
        body = RunRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        rotation = _rotation(self.actor, data.pop("rotation"))
        plan = services.plan_run_start(actor=self.actor, rotation=rotation, parameters=data)
        return Response(PlanRunSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: PlanRunSerializer})
    @action(detail=True, methods=["post"])
    def rerun(self, request, pk=None):
        """Run again from this plan: locked choices kept, as few posts changed as possible."""
        plan = services.plan_rerun(actor=self.actor, plan=self.get_object())
        return Response(PlanRunSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DropRequestSerializer, responses={201: PlanRunSerializer})
    @action(detail=True, methods=["post"])
    def drop(self, request, pk=None):
        """A chosen person drops out: re-plan without them, changing as few other posts as possible."""
        plan = self.get_object()
        body = DropRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        choice = selectors.choice_get(actor=self.actor, pk=body.validated_data["choice"], plan=plan)
        again = services.plan_rerun(actor=self.actor, plan=plan, drop=choice,
                                    drop_reason=body.validated_data.get("reason", ""))
        return Response(PlanRunSerializer(again).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SwapRequestSerializer, responses={200: PlanRunSerializer})
    @action(detail=True, methods=["post"])
    def swap(self, request, pk=None):
        """Swap two chosen people, or put a person not in the plan on a choice's post (validated)."""
        plan = self.get_object()
        body = SwapRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        choice = selectors.choice_get(actor=self.actor, pk=data["choice"], plan=plan)
        other = selectors.choice_get(actor=self.actor, pk=data["other"], plan=plan) if data.get("other") else None
        person = None
        if data.get("person"):
            person = Person.objects.visible_to(self.actor).filter(pk=data["person"]).first()
            if person is None:
                raise Http404
        services.plan_swap(actor=self.actor, plan=plan, choice=choice, other=other, person=person,
                           expected_version=data.get("version"))
        plan.refresh_from_db()
        return Response(PlanRunSerializer(plan).data)

    @extend_schema(parameters=[OpenApiParameter("post", OpenApiTypes.STR, required=True,
                                                description="<requirement id>:<slot index>")],
                   responses={200: SlotCandidatesSerializer})
    @action(detail=True, methods=["get"])
    def candidates(self, request, pk=None):
        """The plan's eligible candidates for one post, as the reader may see them: score, the post each
        holds, why the run passed them over, and whether nominating them keeps every hard rule."""
        plan = self.get_object()
        slot = selectors.slot_candidates(actor=self.actor, plan=plan, post=request.query_params.get("post") or "")
        if slot is None:
            raise Http404
        return Response(SlotCandidatesSerializer(slot).data)

    @extend_schema(request=NominateRequestSerializer, responses={200: PlanChoiceSerializer})
    @action(detail=True, methods=["post"])
    def nominate(self, request, pk=None):
        """Put a person on one post by hand as a locked choice (a re-run keeps it); validated, audited."""
        plan = self.get_object()
        body = NominateRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        person = Person.objects.visible_to(self.actor).filter(pk=data["person"]).first()
        if person is None:
            raise Http404
        choice = services.plan_nominate(actor=self.actor, plan=plan, requirement_id=data["requirement"],
                                        slot_index=data["slot_index"], person=person,
                                        expected_version=data.get("version"))
        return Response(PlanChoiceSerializer(choice).data)

    @extend_schema(request=VersionSerializer, responses={200: PlanRunSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish once: each choice becomes a nominated deployment (audited)."""
        plan = self.get_object()
        body = VersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.plan_publish(actor=self.actor, plan=plan, expected_version=body.validated_data.get("version"))
        plan.refresh_from_db()
        return Response(PlanRunSerializer(plan).data)

    @extend_schema(parameters=[OpenApiParameter("other", OpenApiTypes.UUID, required=True)],
                   responses={200: CompareSerializer})
    @action(detail=True, methods=["get"])
    def compare(self, request, pk=None):
        """This plan and another of the same rotation, post by post."""
        left = self.get_object()
        other = request.query_params.get("other")
        if not is_uuid(other):
            raise Http404
        right = selectors.plan_get(actor=self.actor, pk=other)
        if right.rotation_id != left.rotation_id:
            raise Http404
        result = selectors.compare(actor=self.actor, left=left, right=right)
        rows = [{"post": r["post"], "requirement": r["requirement"].pk, "index": r["index"],
                 "left": r["left"].person_id if r["left"] else None,
                 "right": r["right"].person_id if r["right"] else None, "changed": r["changed"]}
                for r in result["rows"]]
        return Response(CompareSerializer({"left": left.pk, "right": right.pk, "changed": result["changed"],
                                           "rows": rows}).data)

    @extend_schema(parameters=[OpenApiParameter("kind", OpenApiTypes.STR, required=False,
                                                enum=["unfilled", "passed_over", "excluded"])],
                   responses={200: PlanReasonSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def reasons(self, request, pk=None):
        """Why each post is empty and each candidate was passed over (codes, params, worded)."""
        plan = self.get_object()
        kind = request.query_params.get("kind")
        if kind not in (None, "", "unfilled", "passed_over", "excluded"):
            kind = "none"
        rows = selectors.plan_reasons(actor=self.actor, plan=plan, kind=kind or None)
        page = self.paginate_queryset(rows)
        if page is not None:
            return self.get_paginated_response(PlanReasonSerializer(page, many=True).data)
        return Response(PlanReasonSerializer(rows, many=True).data)


@extend_schema(tags=["planning"])
class PlanChoiceViewSet(SecuredAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    model = PlanChoice
    serializer_class = PlanChoiceSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PlanChoice._base_manager.none()
        from peaceops.access.policies import policy_for

        queryset = (policy_for(PlanChoice).scope(self.actor, "view")
                    .select_related("person", "requirement", "requirement__post_type"))
        plan = self.request.query_params.get("plan")
        if plan:
            queryset = queryset.filter(plan_id=plan) if is_uuid(plan) else queryset.none()
        return queryset.order_by("plan_id", "requirement_id", "slot_index", "pk")

    @extend_schema(parameters=[OpenApiParameter("plan", OpenApiTypes.UUID, required=False)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=LockRequestSerializer, responses={200: PlanChoiceSerializer})
    @action(detail=True, methods=["post"])
    def lock(self, request, pk=None):
        """Lock (or unlock) a choice: a re-run keeps locked choices."""
        choice = self.get_object()
        body = LockRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.choice_lock(actor=self.actor, choice=choice, locked=body.validated_data["locked"],
                             expected_version=body.validated_data.get("version"))
        return Response(PlanChoiceSerializer(choice).data)
