"""/api/v1/readiness/{courses,sessions,enrolments,exercises,training-imports}: the training side of readiness.

Reads through training_selectors (an enrolment is seen only with its person, an exercise by its
marking); writes through training_services; errors are 400 with the field named (never 500). Courses,
sessions and exercises are created by POST and edited by PATCH with the `version` read (a stale one: 409)."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from peaceops.access.api import SecuredAPIMixin
from peaceops.access.marking import Marking
from peaceops.access.policies import policy_for
from peaceops.access.serializers import MarkingField
from peaceops.documents.choices import LessonCategory
from peaceops.org.models import Agency
from peaceops.people.models import Person

from . import training_imports, training_selectors, training_services
from .models import QualificationType
from .training_choices import CourseCategory, ExerciseKind
from .training_filters import CourseFilter, ExerciseFilter, SessionFilter
from .training_models import Course, CourseSession, Enrolment, Exercise, ExerciseFinding

MAX_UPLOAD = 20 * 1024 * 1024


class CourseSerializer(serializers.ModelSerializer):
    grants = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    title = serializers.CharField(read_only=True)

    class Meta:
        model = Course
        fields = ["id", "code", "title", "title_vi", "title_en", "category", "provider", "hours", "grants",
                  "description", "source", "active", "version"]


class SessionSerializer(serializers.ModelSerializer):
    course = serializers.SlugRelatedField(slug_field="code", read_only=True)
    funding_partner = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    taken = serializers.IntegerField(read_only=True, help_text="places taken (withdrawals not counted)")

    class Meta:
        model = CourseSession
        fields = ["id", "code", "course", "starts_on", "ends_on", "place", "provider", "funding_partner", "capacity",
                  "taken", "notes", "version"]


class EnrolmentSerializer(serializers.ModelSerializer):
    session = serializers.SlugRelatedField(slug_field="code", read_only=True)
    person = serializers.UUIDField(source="person_id", read_only=True)
    service_number = serializers.CharField(source="person.service_number", read_only=True)
    qualification = serializers.UUIDField(source="qualification_id", read_only=True, allow_null=True)

    class Meta:
        model = Enrolment
        fields = ["id", "session", "person", "service_number", "status", "result", "score", "completed_on",
                  "qualification", "version"]


class EnrolRequestSerializer(serializers.Serializer):
    session = serializers.CharField(help_text="session code")
    service_number = serializers.CharField()


class ResultRequestSerializer(serializers.Serializer):
    result = serializers.CharField(help_text="a level of the record the course grants (e.g. completed), or failed")
    completed_on = serializers.DateField()
    score = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True,
                                     min_value=0, max_value=1000)
    version = serializers.IntegerField(help_text="the enrolment's version you read (optimistic locking)")


class ParticipantSerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency.code")
    count = serializers.IntegerField()
    role = serializers.CharField()


class FindingSerializer(serializers.ModelSerializer):
    lesson = serializers.UUIDField(source="lesson_id", read_only=True, allow_null=True)
    action_item = serializers.UUIDField(source="action_item_id", read_only=True, allow_null=True)

    class Meta:
        model = ExerciseFinding
        fields = ["id", "category", "text", "lesson", "action_item", "created_at"]


class FindingRequestSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=LessonCategory.choices, default=LessonCategory.FINDING)
    text = serializers.CharField(max_length=5000)
    action_title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    owner_agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all(), required=False,
                                                allow_null=True, default=None)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class ExerciseSerializer(serializers.ModelSerializer):
    participants = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()
    marking = serializers.SerializerMethodField()

    class Meta:
        model = Exercise
        fields = ["id", "code", "title", "kind", "scenario", "starts_on", "ends_on", "place", "objectives",
                  "participants", "findings", "marking", "version"]

    @extend_schema_field(ParticipantSerializer(many=True))
    def get_participants(self, obj) -> list[dict]:
        actor = self.context["view"].actor
        return ParticipantSerializer(training_selectors.exercise_participants(actor=actor, exercise=obj),
                                     many=True).data

    @extend_schema_field(FindingSerializer(many=True))
    def get_findings(self, obj) -> list[dict]:
        actor = self.context["view"].actor
        return FindingSerializer(training_selectors.exercise_findings(actor=actor, exercise=obj), many=True).data

    @extend_schema_field(MarkingField())
    def get_marking(self, obj) -> dict:
        return MarkingField().to_representation(obj)


class TrainingImportResultSerializer(serializers.Serializer):
    file = serializers.CharField()
    ok = serializers.BooleanField()
    results = serializers.IntegerField()
    enrolled = serializers.IntegerField()
    records = serializers.IntegerField()
    errors = inline_serializer("TrainingImportRowError", {"line": serializers.IntegerField(),
                                                          "column": serializers.CharField(),
                                                          "message": serializers.CharField()}, many=True)


# Named like the read component, so its request shares the read side's choice sets (CourseCategoryEnum…).
@extend_schema_serializer(component_name="Course")
class CourseWriteSerializer(serializers.Serializer):
    """A course to add (code, titles, category required) or the fields to change (PATCH, with `version`)."""

    code = serializers.CharField(max_length=32)
    title_vi = serializers.CharField(max_length=200, required=False, allow_blank=True)
    title_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    category = serializers.ChoiceField(choices=CourseCategory.choices)
    provider = serializers.CharField(max_length=200, required=False, allow_blank=True)
    hours = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2000)
    grants = serializers.SlugRelatedField(slug_field="code", required=False, allow_null=True,
                                          queryset=QualificationType.objects.filter(compartment__isnull=True),
                                          help_text="the qualification type a completed session files (no medical "
                                                    "or vetting record)")
    description = serializers.CharField(required=False, allow_blank=True)
    source = serializers.CharField(max_length=300, required=False, allow_blank=True)
    active = serializers.BooleanField(required=False)
    version = serializers.IntegerField(required=False, help_text="on PATCH: the version you read (required)")

    def course_data(self, course=None) -> training_services.CourseData:
        values = {name: getattr(course, name) for name in (
            "code", "title_vi", "title_en", "category", "provider", "hours", "grants", "description", "source",
            "active")} if course is not None else {"title_vi": "", "title_en": "", "active": True}
        values.update({k: v for k, v in self.validated_data.items() if k != "version"})
        if course is not None:
            values["code"] = course.code
        return training_services.CourseData(**{k: ("" if v is None and k in {
            "title_vi", "title_en", "provider", "description", "source"} else v) for k, v in values.items()})


@extend_schema_serializer(component_name="Session")
class SessionWriteSerializer(serializers.Serializer):
    course = serializers.CharField(max_length=32, help_text="the course's code (on POST; a session keeps its course)")
    code = serializers.CharField(max_length=40)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    capacity = serializers.IntegerField(min_value=1, max_value=1000)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    provider = serializers.CharField(max_length=200, required=False, allow_blank=True)
    funding_partner = serializers.CharField(max_length=32, required=False, allow_null=True, allow_blank=True,
                                            help_text="a partner's code, or null")
    notes = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False, help_text="on PATCH: the version you read (required)")

    def validate_funding_partner(self, value):
        from peaceops.partners.models import Partner

        if not value:
            return None
        partner = Partner.objects.filter(code=value.strip().upper()).first() or Partner.objects.filter(
            code=value.strip()).first()
        if partner is None:
            raise serializers.ValidationError("No such partner.")
        return partner

    def validate(self, data):
        start = data.get("starts_on", getattr(self.instance, "starts_on", None))
        end = data.get("ends_on", getattr(self.instance, "ends_on", None))
        if start and end and end < start:
            raise serializers.ValidationError({"ends_on": ["The session cannot end before it starts."]})
        return data

    def session_data(self, session=None) -> training_services.SessionData:
        values = {name: getattr(session, name) for name in (
            "code", "starts_on", "ends_on", "capacity", "place", "provider", "funding_partner", "notes")} \
            if session is not None else {}
        values.update({k: v for k, v in self.validated_data.items() if k not in {"version", "course"}})
        return training_services.SessionData(**values)


class ParticipantWriteSerializer(serializers.Serializer):
    agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    count = serializers.IntegerField(min_value=1, max_value=100000)
    role = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


@extend_schema_serializer(component_name="Exercise")
class ExerciseWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=ExerciseKind.choices)
    scenario = serializers.CharField(max_length=20000)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    objectives = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    participants = ParticipantWriteSerializer(many=True, required=False, max_length=40)
    marking = MarkingField(required=False, help_text="on POST; default: unclassified, the caller's first agency")
    version = serializers.IntegerField(required=False, help_text="on PATCH: the version you read (required)")

    def validate(self, data):
        start = data.get("starts_on", getattr(self.instance, "starts_on", None))
        end = data.get("ends_on", getattr(self.instance, "ends_on", None))
        if start and end and end < start:
            raise serializers.ValidationError({"ends_on": ["The exercise cannot end before it starts."]})
        return data

    def exercise_data(self, exercise=None, participants=()) -> training_services.ExerciseData:
        values = {name: getattr(exercise, name) for name in (
            "code", "title", "kind", "scenario", "starts_on", "ends_on", "place", "objectives")} \
            if exercise is not None else {}
        values.update({k: v for k, v in self.validated_data.items() if k not in {"version", "marking", "participants"}})
        if "participants" in self.validated_data:
            values["participants"] = [(p["agency"], p["count"], p.get("role", ""))
                                    for p in self.validated_data["participants"]]
        else:
            values["participants"] = [(p.agency, p.count, p.role) for p in participants]
        return training_services.ExerciseData(**values)


def _version(serializer) -> int:
    version = serializer.validated_data.get("version")
    if version is None:
        raise ValidationError({"version": ["Send the version you edited."]})
    return version


BAD = OpenApiResponse(inline_serializer("TrainingRefused", {"detail": serializers.CharField(),
                                                            "code": serializers.CharField()}),
                      description="bad input: the field is named with its reason")
STALE = OpenApiResponse(description="stale version: someone saved the record after you read it")


@extend_schema(tags=["readiness"])
class CourseViewSet(SecuredAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The course catalogue; add a course (POST) or change one (PATCH with its version)."""

    http_method_names = ["get", "post", "patch", "head", "options"]

    model = Course
    serializer_class = CourseSerializer
    filterset_class = CourseFilter
    ordering_fields = ["code", "category", "hours"]
    ordering = ["code"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Course.objects.none()
        return training_selectors.course_list(actor=self.actor)

    @extend_schema(request=CourseWriteSerializer, responses={201: CourseSerializer, 400: BAD})
    def create(self, request):
        if not policy_for(Course).allows(self.actor, "create"):
            raise NotFound()
        data = CourseWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        course = training_services.course_create(actor=self.actor, data=data.course_data())
        return Response(CourseSerializer(self.get_queryset().get(pk=course.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CourseWriteSerializer, responses={200: CourseSerializer, 400: BAD, 409: STALE})
    def partial_update(self, request, pk=None):
        course = self.get_object()
        if not policy_for(Course).allows(self.actor, "change", course):
            raise NotFound()
        data = CourseWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        training_services.course_update(actor=self.actor, course=course, data=data.course_data(course),
                                        expected_version=_version(data))
        return Response(CourseSerializer(self.get_queryset().get(pk=course.pk)).data)


@extend_schema(tags=["readiness"])
class SessionViewSet(SecuredAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Course sessions with their places taken; schedule one (POST) or change one (PATCH with its version)."""

    http_method_names = ["get", "post", "patch", "head", "options"]

    model = CourseSession
    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    ordering_fields = ["starts_on", "code"]
    ordering = ["-starts_on", "code"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CourseSession.objects.none()
        return training_selectors.session_list(actor=self.actor)

    @extend_schema(request=SessionWriteSerializer, responses={201: SessionSerializer, 400: BAD})
    def create(self, request):
        if not policy_for(CourseSession).allows(self.actor, "create"):
            raise NotFound()
        data = SessionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        course = training_selectors.course_list(actor=self.actor).filter(
            code=data.validated_data["course"].strip().upper()).first()
        if course is None:
            return Response({"course": ["No such course."], "detail": "No such course.", "code": "invalid"},
                            status=status.HTTP_400_BAD_REQUEST)
        session = training_services.session_create(actor=self.actor, course=course, data=data.session_data())
        return Response(SessionSerializer(self.get_queryset().get(pk=session.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SessionWriteSerializer, responses={200: SessionSerializer, 400: BAD, 409: STALE})
    def partial_update(self, request, pk=None):
        session = self.get_object()
        if not policy_for(CourseSession).allows(self.actor, "change", session):
            raise NotFound()
        data = SessionWriteSerializer(session, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        training_services.session_update(actor=self.actor, session=session, data=data.session_data(session),
                                         expected_version=_version(data))
        return Response(SessionSerializer(self.get_queryset().get(pk=session.pk)).data)


@extend_schema(tags=["readiness"])
class EnrolmentViewSet(SecuredAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Enrolments of people the caller may see; enrol someone; record a result (a pass files the
    record the course grants, which the eligibility rules then see)."""

    model = Enrolment
    serializer_class = EnrolmentSerializer
    filterset_fields = ["status", "session__code"]
    ordering_fields = ["completed_on"]
    ordering = ["session__code", "person__search_name", "pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrolment.objects.none()
        return training_selectors.enrolment_list(actor=self.actor)

    @extend_schema(request=EnrolRequestSerializer, responses={201: EnrolmentSerializer, 400: BAD})
    def create(self, request):
        if not policy_for(Enrolment).allows(self.actor, "create"):
            raise NotFound()
        data = EnrolRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = training_selectors.session_list(actor=self.actor).filter(
            code=data.validated_data["session"].strip().upper()).first()
        if session is None:
            return Response({"session": ["No such session."], "detail": "No such session.", "code": "invalid"},
                            status=status.HTTP_400_BAD_REQUEST)
        person = Person.objects.visible_to(self.actor).filter(
            service_number=data.validated_data["service_number"].strip().upper()).first()
        if person is None:
            return Response({"service_number": ["No one you may see has this service number."],
                             "detail": "No such person.", "code": "invalid"}, status=status.HTTP_400_BAD_REQUEST)
        enrolment = training_services.enrol(actor=self.actor, session=session, person=person)
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ResultRequestSerializer, responses={200: EnrolmentSerializer, 400: BAD,
                                                               409: OpenApiResponse(description="stale version")})
    @action(detail=True, methods=["post"])
    def result(self, request, pk=None):
        enrolment = self.get_object()
        if not policy_for(Enrolment).allows(self.actor, "change", enrolment):
            raise NotFound()
        data = ResultRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        training_services.enrolment_record_result(
            actor=self.actor, enrolment=enrolment, result=values["result"], completed_on=values["completed_on"],
            score=values.get("score"), expected_version=values["version"])
        enrolment.refresh_from_db()
        return Response(EnrolmentSerializer(enrolment).data)


@extend_schema(tags=["readiness"])
class ExerciseViewSet(SecuredAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Exercises the caller may see, with participants and findings; plan one (POST), change one (PATCH
    with its version; code and marking stay), add a finding (→ lesson, action item)."""

    http_method_names = ["get", "post", "patch", "head", "options"]

    model = Exercise
    serializer_class = ExerciseSerializer
    filterset_class = ExerciseFilter
    ordering_fields = ["starts_on", "code"]
    ordering = ["-starts_on", "code"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Exercise._base_manager.none()
        return training_selectors.exercise_list(actor=self.actor)

    @extend_schema(request=ExerciseWriteSerializer, responses={201: ExerciseSerializer, 400: BAD})
    def create(self, request):
        if not policy_for(Exercise).allows(self.actor, "create"):
            raise NotFound()
        data = ExerciseWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data.get("marking"):
            marking = MarkingField().to_marking(data.validated_data["marking"])
        elif self.actor.agency_ids:
            marking = Marking(level=0, owning_agency_id=sorted(self.actor.agency_ids, key=str)[0])
        else:
            raise ValidationError({"marking": ["Give the record's marking."]})
        exercise = training_services.exercise_create(actor=self.actor, data=data.exercise_data(), marking=marking)
        return Response(self.get_serializer(self.get_queryset().get(pk=exercise.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=ExerciseWriteSerializer, responses={200: ExerciseSerializer, 400: BAD, 409: STALE})
    def partial_update(self, request, pk=None):
        exercise = self.get_object()
        if not policy_for(Exercise).allows(self.actor, "change", exercise):
            raise NotFound()
        data = ExerciseWriteSerializer(exercise, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        if "marking" in data.validated_data:
            raise ValidationError({"marking": ["The marking is not changed here: lowering it is its own action."]})
        participants = training_selectors.exercise_participants(actor=self.actor, exercise=exercise)
        training_services.exercise_update(actor=self.actor, exercise=exercise,
                                          data=data.exercise_data(exercise, participants),
                                          expected_version=_version(data))
        return Response(self.get_serializer(self.get_queryset().get(pk=exercise.pk)).data)

    @extend_schema(request=FindingRequestSerializer, responses={201: FindingSerializer, 400: BAD})
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        exercise = self.get_object()
        if not policy_for(ExerciseFinding).allows(self.actor, "create"):
            raise NotFound()
        data = FindingRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        finding = training_services.finding_add(
            actor=self.actor, exercise=exercise, category=values["category"], text=values["text"],
            action_title=values["action_title"], owner_agency=values["owner_agency"], due_on=values["due_on"])
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["readiness"])
class TrainingImportViewSet(SecuredAPIMixin, viewsets.GenericViewSet):
    """Import a CSV / XLSX of course results and test records: all or nothing; 400 names each bad row."""

    model = Enrolment
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = TrainingImportResultSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return Enrolment.objects.none()

    @extend_schema(
        request={"multipart/form-data": inline_serializer("TrainingImportUpload", {"file": serializers.FileField()})},
        responses={201: TrainingImportResultSerializer, 400: TrainingImportResultSerializer,
                   404: OpenApiResponse(description="the caller may not import")})
    def create(self, request):
        if not policy_for(Enrolment).allows(self.actor, "import"):
            raise NotFound()
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"detail": "Attach the file as `file`.", "code": "invalid", "file": ["required"]},
                            status=status.HTTP_400_BAD_REQUEST)
        if upload.size > MAX_UPLOAD:
            return Response({"detail": "The file is larger than 20 MB.", "code": "too_large"},
                            status=status.HTTP_400_BAD_REQUEST)
        try:
            result = training_imports.import_file(actor=self.actor, name=upload.name or "upload",
                                                  content=upload.read())
        except training_imports.ImportFileError as error:
            return Response({"detail": str(error), "code": "invalid", "file": [str(error)]},
                            status=status.HTTP_400_BAD_REQUEST)
        return Response(result.as_dict(), status=status.HTTP_201_CREATED if result.ok else status.HTTP_400_BAD_REQUEST)


TRAINING_ROUTES = [
    ("readiness/courses", CourseViewSet, "readiness-course"),
    ("readiness/sessions", SessionViewSet, "readiness-session"),
    ("readiness/enrolments", EnrolmentViewSet, "readiness-enrolment"),
    ("readiness/exercises", ExerciseViewSet, "readiness-exercise"),
    ("readiness/training-imports", TrainingImportViewSet, "readiness-training-import"),
]
