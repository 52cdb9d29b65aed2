"""POST /api/v1/documents/imports/ (multipart files + marking) → 202 and the job; GET …/{id}/ → its progress."""

from django.http import QueryDict
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from peaceops.access.api import SecuredAPIMixin
from peaceops.access.models import Level
from peaceops.access.policies import policy_for
from peaceops.core import jobs
from peaceops.core.choices import JobStatus
from peaceops.core.models import Job
from peaceops.org.models import Agency

from .. import tasks
from ..forms import DocumentImportForm
from ..models import Document


class ImportOutcomeSerializer(serializers.Serializer):
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=tasks.OUTCOMES)
    document = serializers.UUIDField(allow_null=True)
    code = serializers.CharField(allow_blank=True)
    error = serializers.CharField(allow_blank=True)


class ImportJobSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.CharField()
    page = serializers.CharField()
    status = serializers.ChoiceField(choices=JobStatus.choices)
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    percent = serializers.IntegerField()
    error = serializers.CharField(allow_blank=True)
    created_by = serializers.CharField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    counts = serializers.DictField(child=serializers.IntegerField())
    outcomes = ImportOutcomeSerializer(many=True)
    hidden = serializers.IntegerField(help_text="Files of another user's job whose documents the caller may not see.")


IMPORT_REQUEST = {
    "multipart/form-data": {
        "type": "object",
        "required": ["files"],
        "properties": {
            "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
            "level": {"type": "string", "description": "Level of plain texts: a code (CONFIDENTIAL) or rank (1)."},
            "owning_agency": {"type": "string", "description": "Agency code (VDPO) or id; default: the caller's first."},
            "releasable_to": {"type": "array", "items": {"type": "string"}, "description": "Agency codes or ids."},
        },
    }
}


@extend_schema(tags=["documents"])
class DocumentImportViewSet(SecuredAPIMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin,
                            viewsets.GenericViewSet):
    """Import files in the background; poll the job for progress and the per-file outcome."""

    model = Job
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = ImportJobSerializer
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Job.objects.none()
        return policy_for(Job).scope(self.actor, "view").filter(kind=tasks.IMPORT_KIND)

    def represent(self, job: Job) -> dict:
        report = tasks.import_job_report(actor=self.actor, job=job)
        outcomes = [{key: row.get(key) for key in ("name", "status", "document", "code", "error")}
                    for row in report["rows"]]
        for outcome, row in zip(outcomes, report["rows"], strict=True):
            if row["document_obj"] is None:
                outcome["document"] = None  # never name a document the caller may not see
        return {
            "id": job.pk, "status": job.status, "total": job.total, "done": job.done, "percent": job.percent,
            "url": reverse("api:document-import-detail", args=[job.pk], request=self.request),
            "page": reverse("documents:import-job", args=[job.pk], request=self.request),
            "error": job.error, "created_by": job.actor_username, "created_at": job.created_at,
            "started_at": job.started_at, "finished_at": job.finished_at, "counts": report["counts"],
            "outcomes": outcomes, "hidden": report["hidden"],
        }

    @extend_schema(request=IMPORT_REQUEST, responses={
        202: ImportJobSerializer,
        400: OpenApiResponse(inline_serializer("ImportRefused", {"detail": serializers.CharField(),
                                                                 "errors": serializers.DictField()})),
        404: OpenApiResponse(description="The caller may not import documents.")})
    def create(self, request, *args, **kwargs):
        """Queue an import of the attached files; 202 with the job to poll."""
        if not policy_for(Document).allows(self.actor, "import"):
            raise NotFound()
        form = DocumentImportForm(self.form_data(request), request.FILES, actor=self.actor)
        if not form.is_valid():
            errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
            first = next(iter(errors.values()))[0]
            return Response({"detail": first, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        marking = form.marking()
        job = tasks.import_job_start(actor=self.actor, uploads=form.cleaned_data["files"],
                                     owning_agency_id=marking.owning_agency_id, plain_level=marking.level,
                                     releasable_mask=marking.releasable_mask)
        body = self.represent(job)
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})

    @extend_schema(responses={200: ImportJobSerializer, 404: OpenApiResponse(description="No such job of yours.")})
    def retrieve(self, request, *args, **kwargs):
        """An import job's status, progress and, when finished, each file's outcome."""
        # Not get_object(): a job is not a classified record, so its read is not audited as one.
        job = jobs.refresh_stale(get_object_or_404(self.get_queryset(), pk=kwargs["pk"]))
        return Response(self.represent(job))

    def form_data(self, request) -> QueryDict:
        """The form's fields from API-friendly values: level and agencies by code as well as by id."""
        data = QueryDict(mutable=True)
        source = request.data
        agencies = {a.code.upper(): str(a.pk) for a in Agency.objects.all()}
        level = str(source.get("level", "0")).strip()
        ranks = {code.upper(): str(rank) for code, rank in Level.objects.values_list("code", "rank")}
        data["level"] = ranks.get(level.upper(), level)
        owner = str(source.get("owning_agency", "")).strip()
        if not owner and self.actor.agency_codes:
            owner = sorted(self.actor.agency_codes)[0]
        data["owning_agency"] = agencies.get(owner.upper(), owner)
        released = source.getlist("releasable_to") if hasattr(source, "getlist") else []
        for value in released:
            for part in str(value).split(","):
                if part.strip():
                    data.appendlist("releasable_to", agencies.get(part.strip().upper(), part.strip()))
        return data
