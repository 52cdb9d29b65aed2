from rest_framework import serializers

from ..choices import MissionStatusChoice
from ..models import Mission, MissionStatus


class MissionStatusSerializer(serializers.ModelSerializer):
    class Meta:
        model = MissionStatus
        fields = ["status", "from_date", "source"]


class MissionSerializer(serializers.ModelSerializer):
    status_today = serializers.ChoiceField(source="status_now", choices=MissionStatusChoice.choices, read_only=True,
                                           allow_null=True)
    statuses = MissionStatusSerializer(many=True, read_only=True)

    class Meta:
        model = Mission
        fields = ["id", "acronym", "name", "lead_department", "location", "country", "country_iso3", "region",
                  "longitude", "latitude", "start_date", "end_date", "status_today", "statuses", "source_id",
                  "source_updated"]
        read_only_fields = fields


# -- force generation ----------------------------------------------------------------------------
from decimal import Decimal  # noqa: E402

from django.utils.translation import gettext_lazy as _  # noqa: E402

from peaceops.org.models import Unit  # noqa: E402
from peaceops.people.choices import Gender  # noqa: E402
from peaceops.readiness.models import PostType  # noqa: E402

from ..choices import DeploymentStatus, PCRSLevel, RotationKind, StrengthCategory  # noqa: E402
from ..models import (  # noqa: E402
    Deployment,
    DeploymentStatusChange,
    Pledge,
    PledgeLevel,
    Requirement,
    Rotation,
    StrengthReturn,
)

MISSION = dict(slug_field="acronym", queryset=Mission.objects.all())


class RequirementSerializer(serializers.ModelSerializer):
    """A UN requirement: `count` posts of `post_type` in `mission` (tied to `rotation` or not yet).
    `version` must come back on update (a stale one is a 409)."""

    mission = serializers.SlugRelatedField(**MISSION)
    post_type = serializers.SlugRelatedField(slug_field="code", queryset=PostType.objects.all())
    rotation = serializers.PrimaryKeyRelatedField(queryset=Rotation.objects.all(), required=False, allow_null=True)
    count = serializers.IntegerField(min_value=1, max_value=10_000)
    language = serializers.CharField(max_length=8, required=False, default="en")
    women_target = serializers.DecimalField(max_digits=4, decimal_places=3, min_value=Decimal(0),
                                            max_value=Decimal(1), required=False, allow_null=True)
    version = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = Requirement
        fields = ["id", "mission", "rotation", "post_type", "count", "place", "start_date", "end_date", "language",
                  "women_target", "notes", "version", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {"place": {"max_length": 120}, "notes": {"max_length": 4000}}
        validators = []


class PledgeLevelSerializer(serializers.ModelSerializer):
    level = serializers.ChoiceField(choices=PCRSLevel.choices)
    evidence = serializers.CharField(max_length=4000)
    source = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    class Meta:
        model = PledgeLevel
        fields = ["id", "level", "from_date", "evidence", "source"]
        read_only_fields = ["id"]
        validators = []


class PledgeSerializer(serializers.ModelSerializer):
    """A PCRS pledge with its level history; `level_today` is the level in force today."""

    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    mission = serializers.SlugRelatedField(**MISSION, required=False, allow_null=True)
    personnel = serializers.IntegerField(min_value=1, max_value=100_000)
    levels = PledgeLevelSerializer(many=True, read_only=True)
    level_today = serializers.SerializerMethodField()

    class Meta:
        model = Pledge
        fields = ["id", "unit", "capability", "personnel", "mission", "registered_on", "notes", "levels",
                  "level_today", "version"]
        read_only_fields = ["id", "levels", "level_today", "version"]
        extra_kwargs = {"capability": {"max_length": 200}, "notes": {"max_length": 4000}}

    def get_level_today(self, pledge) -> str | None:
        from django.utils import timezone

        return pledge.level_on(timezone.localdate())


class PhasedReturnGroupSerializer(serializers.Serializer):
    on = serializers.DateField()
    count = serializers.IntegerField(min_value=1, max_value=100_000)
    note = serializers.CharField(max_length=200, required=False)


class RotationSerializer(serializers.ModelSerializer):
    """A rotation; `posts` is the number of slots (requirements × count). `version` comes back on update."""

    mission = serializers.SlugRelatedField(**MISSION)
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all(), required=False,
                                        allow_null=True)
    kind = serializers.ChoiceField(choices=RotationKind.choices, required=False)
    number = serializers.IntegerField(min_value=1, max_value=999)
    overlap_days = serializers.IntegerField(min_value=0, max_value=365, required=False, default=0)
    phased_return = PhasedReturnGroupSerializer(many=True, required=False)
    pledge = serializers.PrimaryKeyRelatedField(queryset=Pledge.objects.all(), required=False, allow_null=True)
    name = serializers.CharField(source="__str__", read_only=True)
    version = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = Rotation
        fields = ["id", "name", "mission", "unit", "number", "kind", "start_date", "end_date", "overlap_days",
                  "phased_return", "pledge", "notes", "version", "created_at", "updated_at"]
        read_only_fields = ["id", "name", "created_at", "updated_at"]
        extra_kwargs = {"notes": {"max_length": 4000}}
        validators = []

    def validate_phased_return(self, value):
        return [{**group, "on": group["on"].isoformat()} for group in value]


class DeploymentStatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeploymentStatusChange
        fields = ["from_status", "to_status", "on", "reason", "actor_label", "created_at"]


class DeploymentSerializer(serializers.ModelSerializer):
    """A person on a rotation (classified: only callers who may see both the marking and the person)."""

    person_name = serializers.CharField(source="person.full_name", read_only=True)
    rotation_name = serializers.CharField(source="rotation.__str__", read_only=True)
    post_type = serializers.SlugRelatedField(source="requirement.post_type", slug_field="code", read_only=True)
    level = serializers.IntegerField(source="level_id", read_only=True)

    class Meta:
        model = Deployment
        fields = ["id", "person", "person_name", "rotation", "rotation_name", "requirement", "post_type", "status",
                  "start_date", "end_date", "source_plan", "notes", "level", "version", "created_at", "updated_at"]
        read_only_fields = fields


class DeploymentDetailSerializer(DeploymentSerializer):
    changes = DeploymentStatusChangeSerializer(many=True, read_only=True)

    class Meta(DeploymentSerializer.Meta):
        fields = [*DeploymentSerializer.Meta.fields, "changes"]
        read_only_fields = fields


class DeploymentCreateSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    rotation = serializers.UUIDField()
    requirement = serializers.UUIDField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=[(s, DeploymentStatus(s).label) for s in
                                              ("nominated", "accepted", "deployed", "extended")],
                                     required=False, default="nominated")
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class DeploymentTransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=DeploymentStatus.choices)
    on = serializers.DateField()
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    end_date = serializers.DateField(required=False, allow_null=True,
                                     help_text=_("The new end date, for an extension."))
    version = serializers.IntegerField(required=False, min_value=1)


class StrengthReturnSerializer(serializers.ModelSerializer):
    """One line of a monthly strength return; `month` is stored as the first day of its month."""

    mission = serializers.SlugRelatedField(**MISSION)
    category = serializers.ChoiceField(choices=StrengthCategory.choices)
    gender = serializers.ChoiceField(choices=Gender.choices)
    count = serializers.IntegerField(min_value=0, max_value=1_000_000)

    class Meta:
        model = StrengthReturn
        fields = ["id", "mission", "month", "category", "gender", "count", "notes", "version"]
        read_only_fields = ["id", "version"]
        extra_kwargs = {"notes": {"max_length": 300}}
        validators = []
