from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from peaceops.access.serializers import MarkingField
from peaceops.core.choices import JobStatus
from peaceops.org.models import Agency

from ..choices import BriefLanguage, Stance
from ..models import ActionItem, AgencyPosition, Comment, CourseOfAction, Proposal, ReviewItem, Transition
from ..selectors import comment_author, comment_day, comment_time, proposal_flags
from ..services import ProposalData


class FlagSerializer(serializers.Serializer):
    what = serializers.CharField()
    day = serializers.DateField()
    period = serializers.CharField(source="period.name")
    period_start = serializers.DateField(source="period.start")
    period_end = serializers.DateField(source="period.end")
    example = serializers.BooleanField(source="period.is_example")


class CourseOfActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CourseOfAction
        fields = ["id", "label", "title", "description", "estimated_cost_usd", "cost", "cost_note", "risk",
                  "risk_note", "readiness", "readiness_note", "benefit", "benefit_note", "political_weight",
                  "political_weight_note", "is_recommended", "recommendation"]


class ReviewItemSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ReviewItem
        fields = ["id", "position", "title_vi", "title_en", "agency", "finding", "status", "due_on", "version"]


class TransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Transition
        fields = ["id", "step", "from_status", "to_status", "outcome", "reason", "revisit_on", "actor_label",
                  "created_at"]


class ProposalSerializer(serializers.ModelSerializer):
    """A proposal with its marking and calendar flags. `version` must come back on update."""

    owner_agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    marking = MarkingField(write_only=True, required=False)
    version = serializers.IntegerField(required=False, min_value=1)
    calendar_flags = serializers.SerializerMethodField()
    mission = serializers.SlugRelatedField(slug_field="acronym", read_only=True,
                                           help_text="The catalogue mission matching mission_code, if any.")

    class Meta:
        model = Proposal
        fields = ["id", "reference", "title", "summary", "scenario", "mandate", "mission_code", "mission", "personnel",
                  "planned_start", "decision_due", "announcement_on", "owner_agency", "status", "outcome",
                  "decided_on", "revisit_on", "marking", "version", "calendar_flags", "created_at", "updated_at"]
        read_only_fields = ["id", "reference", "status", "outcome", "decided_on", "revisit_on", "created_at",
                            "updated_at"]

    def get_calendar_flags(self, obj) -> list[dict]:
        periods = self.context.get("periods")
        return FlagSerializer(proposal_flags(obj, periods), many=True).data

    def validate(self, attrs):
        if self.instance is None and "marking" not in attrs:
            raise serializers.ValidationError({"marking": ["A new record needs its marking."]})
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": ["Send the version you edited (optimistic locking)."]})
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["marking"] = MarkingField().to_representation(instance)
        return data

    def proposal_data(self, instance=None) -> ProposalData:
        data = self.validated_data
        names = ("title", "summary", "scenario", "mandate", "mission_code", "personnel", "planned_start",
                 "decision_due", "announcement_on", "owner_agency")
        values = {n: data[n] if n in data else (getattr(instance, n) if instance is not None else None) for n in names}
        values["summary"] = values["summary"] or ""
        values["mission_code"] = values["mission_code"] or ""
        values["personnel"] = values["personnel"] or 0
        values["mandate"] = values["mandate"] or "peacekeeping"
        return ProposalData(**values)

    def chosen_marking(self):
        raw = self.validated_data.get("marking")
        return MarkingField().to_marking(raw) if raw else None


class ProposalDetailSerializer(ProposalSerializer):
    courses = CourseOfActionSerializer(many=True, read_only=True)
    review_items = ReviewItemSerializer(many=True, read_only=True)
    transitions = TransitionSerializer(many=True, read_only=True)

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "courses", "review_items", "transitions"]


class TransitionRequestSerializer(serializers.Serializer):
    step = serializers.CharField(max_length=20)
    reason = serializers.CharField(max_length=2000)
    revisit_on = serializers.DateField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False, min_value=1)


class PositionSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    stance = serializers.ChoiceField(choices=Stance.choices)

    class Meta:
        model = AgencyPosition
        fields = ["id", "agency", "stance", "reasons", "created_at"]
        read_only_fields = ["id", "created_at"]


class CommentSerializer(serializers.ModelSerializer):
    """`author` and `created_at` are null for a non-attributable comment unless the caller is an auditor
    (its minute would name its author through the audit trail); `created_on` is its day."""

    author = serializers.SerializerMethodField()
    created_at = serializers.SerializerMethodField()
    created_on = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "body", "non_attributable", "author", "created_at", "created_on"]
        read_only_fields = ["id"]

    def get_author(self, obj) -> str | None:
        return comment_author(obj, self.context["actor"])

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_created_at(self, obj):
        shown = comment_time(obj, self.context["actor"])
        return serializers.DateTimeField().to_representation(shown) if shown is not None else None

    @extend_schema_field(serializers.DateField())
    def get_created_on(self, obj):
        return comment_day(obj).isoformat()


class ActionItemSerializer(serializers.ModelSerializer):
    owner_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    depends_on = serializers.SerializerMethodField()
    proposal = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = ["id", "title", "kind", "status", "source", "owner_agency", "owner_text", "due_on", "proposal",
                  "depends_on", "version"]

    def get_depends_on(self, obj) -> list[str]:
        return [str(d.pk) for d in obj.depends_on.all()]

    def get_proposal(self, obj) -> str | None:
        # Only a proposal the caller may see is named.
        visible = self.context.get("visible_proposals")
        if obj.proposal_id is None or visible is None or obj.proposal_id not in visible:
            return None
        return str(obj.proposal_id)


class BriefRequestSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=BriefLanguage.choices, default="vi")


class BriefJobSerializer(serializers.Serializer):
    """A decision brief being prepared in the background, and where to fetch it once ready."""

    id = serializers.UUIDField()
    proposal = serializers.UUIDField()
    status = serializers.ChoiceField(choices=JobStatus.choices)
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    percent = serializers.IntegerField()
    message = serializers.CharField(allow_blank=True)
    error = serializers.CharField(allow_blank=True)
    language = serializers.ChoiceField(choices=BriefLanguage.choices)
    url = serializers.CharField()
    page = serializers.CharField()
    download = serializers.CharField(allow_null=True, help_text="The PDF, once the job has succeeded.")
    marking = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
