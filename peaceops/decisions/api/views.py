from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.reverse import reverse

from peaceops.access.api import SecuredModelViewSet, SecuredReadOnlyViewSet
from peaceops.api.writes import ServiceWritesMixin
from peaceops.core.errors import NotPermitted
from peaceops.core.models import Job

from .. import selectors, services, tasks
from ..filters import ActionItemFilter, ProposalFilter
from ..models import ActionItem, Proposal
from ..views import ACTION_SORTS, PROPOSAL_SORTS
from .serializers import (
    ActionItemSerializer,
    BriefJobSerializer,
    BriefRequestSerializer,
    CommentSerializer,
    PositionSerializer,
    ProposalDetailSerializer,
    ProposalSerializer,
    TransitionRequestSerializer,
    TransitionSerializer,
)


@extend_schema(tags=["decisions"])
class ProposalViewSet(ServiceWritesMixin, SecuredModelViewSet):
    """Proposals visible to the caller; steps, positions and comments as actions. Writes go through the
    services (policy, audit, optimistic locking)."""

    model = Proposal
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    ordering_fields = list(PROPOSAL_SORTS.values())
    ordering = ["-updated_at", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Proposal._base_manager.none()
        return selectors.proposal_list(actor=self.actor)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ProposalDetailSerializer
        return super().get_serializer_class()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["periods"] = selectors.calendar_periods()
            context["actor"] = getattr(self, "actor", None)
        return context

    def create_through_service(self, serializer):
        return services.proposal_create(actor=self.actor, data=serializer.proposal_data(),
                                        marking=serializer.chosen_marking())

    def update_through_service(self, proposal, serializer):
        proposal = services.proposal_update(actor=self.actor, proposal=proposal,
                                            data=serializer.proposal_data(proposal),
                                            expected_version=self.edited_version(serializer))
        proposal.refresh_from_db()
        return proposal

    @extend_schema(request=TransitionRequestSerializer, responses={200: TransitionSerializer})
    @action(detail=True, methods=["post"], url_path="transitions")
    def transition(self, request, pk=None):
        """Take one step (submit, recommend, approve, reject, defer, implement, close…) with a reason."""
        proposal = self.get_object()
        body = TransitionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        transition = services.proposal_transition(
            actor=self.actor, proposal=proposal, step=data["step"], reason=data["reason"],
            revisit_on=data.get("revisit_on"), expected_version=data.get("version"))
        return Response(TransitionSerializer(transition).data)

    @extend_schema(methods=["get"], responses={200: PositionSerializer(many=True)})
    @extend_schema(methods=["post"], request=PositionSerializer, responses={201: PositionSerializer})
    @action(detail=True, methods=["get", "post"], url_path="positions")
    def positions(self, request, pk=None):
        """Every position each ministry recorded, oldest first (append-only: dissent is never overwritten)."""
        proposal = self.get_object()
        if request.method == "POST":
            body = PositionSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            data = body.validated_data
            position = services.position_record(actor=self.actor, proposal=proposal, agency=data["agency"],
                                                stance=data["stance"], reasons=data.get("reasons", ""))
            return Response(PositionSerializer(position).data, status=status.HTTP_201_CREATED)
        rows = proposal.positions.select_related("agency").order_by("created_at", "id")
        return Response(PositionSerializer(rows, many=True).data)

    @extend_schema(methods=["get"], responses={200: CommentSerializer(many=True)})
    @extend_schema(methods=["post"], request=CommentSerializer, responses={201: CommentSerializer})
    @action(detail=True, methods=["get", "post"], url_path="comments")
    def comments(self, request, pk=None):
        """Comments the caller may see; a non-attributable comment's author is null except for auditors."""
        proposal = self.get_object()
        context = {"actor": self.actor}
        if request.method == "POST":
            body = CommentSerializer(data=request.data, context=context)
            body.is_valid(raise_exception=True)
            comment = services.comment_add(actor=self.actor, proposal=proposal, body=body.validated_data["body"],
                                           non_attributable=body.validated_data.get("non_attributable", False))
            return Response(CommentSerializer(comment, context=context).data, status=status.HTTP_201_CREATED)
        rows = selectors.comments(actor=self.actor, proposal=proposal)
        return Response(CommentSerializer(rows, many=True, context=context).data)

    # --- the decision brief, generated in the background ---------------------------------------

    def brief_job(self, job_id) -> Job:
        try:
            return tasks.brief_job_get(actor=self.actor, pk=job_id)
        except (Job.DoesNotExist, ValueError):
            raise NotFound() from None

    def represent_brief(self, job: Job) -> dict:
        ready = job.status == "succeeded"
        return {
            "id": job.pk, "proposal": job.params.get("proposal"), "status": job.status, "total": job.total,
            "done": job.done, "percent": job.percent, "message": job.message, "error": job.error,
            "language": tasks.brief_language(job.params.get("language")),
            "url": reverse("api:proposal-brief-job", args=[job.pk], request=self.request),
            "page": reverse("decisions:brief-job", args=[job.pk], request=self.request),
            "download": reverse("api:proposal-brief-pdf", args=[job.pk], request=self.request) if ready else None,
            "marking": (job.result or {}).get("marking", "") if ready else "",
            "created_at": job.created_at, "finished_at": job.finished_at,
        }

    @extend_schema(request=BriefRequestSerializer, responses={
        202: BriefJobSerializer, 404: OpenApiResponse(description="No such proposal, or it may not be exported by you.")})
    @action(detail=True, methods=["post"], url_path="briefs")
    def briefs(self, request, pk=None):
        """Queue the one-page decision brief (vi or en) as a background job; 202 with the job to poll."""
        proposal = self.get_object()
        body = BriefRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            job = tasks.brief_job_start(actor=self.actor, proposal=proposal, language=body.validated_data["language"])
        except (NotPermitted, Http404):
            raise NotFound() from None
        data = self.represent_brief(job)
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})

    @extend_schema(responses={200: BriefJobSerializer, 404: OpenApiResponse(description="No such brief job of yours.")})
    @action(detail=False, methods=["get"], url_path=r"briefs/(?P<job_id>[0-9a-fA-F-]{32,36})", url_name="brief-job")
    def brief_status(self, request, job_id=None):
        """One of the caller's brief jobs: status and progress; `download` is set once the PDF is ready."""
        return Response(self.represent_brief(self.brief_job(job_id)))

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              404: OpenApiResponse(description="No such finished brief of yours.")})
    @action(detail=False, methods=["get"], url_path=r"briefs/(?P<job_id>[0-9a-fA-F-]{32,36})/pdf",
            url_name="brief-pdf")
    def brief_pdf(self, request, job_id=None):
        """The finished brief (PDF) for the officer who asked for it, while they may still see and export
        its proposal; audited as an export."""
        job = self.brief_job(job_id)
        try:
            brief = tasks.brief_download(actor=self.actor, job=job)
        except (Http404, NotPermitted):
            raise NotFound() from None
        response = HttpResponse(brief.content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{brief.filename}"'
        response["X-PeaceOps-Marking"] = brief.marking
        return response

@extend_schema(tags=["decisions"])
class ActionItemViewSet(SecuredReadOnlyViewSet):
    """The roadmap: milestones and action items visible to the caller."""

    model = ActionItem
    serializer_class = ActionItemSerializer
    filterset_class = ActionItemFilter
    ordering_fields = list(ACTION_SORTS.values())
    ordering = ["due_on", "pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ActionItem._base_manager.none()
        return selectors.action_item_list(actor=self.actor)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and getattr(self, "actor", None) is not None:
            context["visible_proposals"] = set(selectors.proposal_list(actor=self.actor).values_list("pk", flat=True))
        return context
