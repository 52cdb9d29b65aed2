from rest_framework import serializers

from peaceops.access.serializers import MarkingField
from peaceops.missions.models import Mission

from ..choices import CasualtyStatus, ClaimKind, ClaimStatus, DeadlineCode, IncidentType, NotificationKind
from ..models import Casualty, CompensationClaim, DeadlineParameter, Incident, Memorial, NotificationStep
from ..services import ClaimData, IncidentData


class MarkedSerializerMixin:
    """The marking is written once (on creation) and always shown."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["marking"] = MarkingField().to_representation(instance)
        return data

    def chosen_marking(self):
        raw = self.validated_data.get("marking")
        return MarkingField().to_marking(raw) if raw else None

    def validate(self, attrs):
        if self.instance is None and "marking" not in attrs:
            raise serializers.ValidationError({"marking": ["A new record needs its marking."]})
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": ["Send the version you edited (optimistic locking)."]})
        return attrs


class IncidentSerializer(MarkedSerializerMixin, serializers.ModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="acronym", queryset=Mission.objects.all())
    incident_type = serializers.ChoiceField(choices=IncidentType.choices)
    marking = MarkingField(write_only=True, required=False)
    version = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = Incident
        fields = ["id", "reference", "occurred_on", "place", "mission", "incident_type", "description", "marking",
                  "version", "created_at", "updated_at"]
        read_only_fields = ["id", "reference", "created_at", "updated_at"]

    def incident_data(self, instance=None) -> IncidentData:
        data = self.validated_data
        names = ("occurred_on", "place", "mission", "incident_type", "description")
        values = {n: data[n] if n in data else (getattr(instance, n) if instance is not None else None)
                  for n in names}
        values["description"] = values["description"] or ""
        values["place"] = values["place"] or ""
        return IncidentData(**values)


class StepSerializer(serializers.ModelSerializer):
    owner_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = NotificationStep
        fields = ["id", "kind", "position", "owner_agency", "owner_name", "done_at", "done_by_label", "note"]


class StepCompleteSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=NotificationKind.choices)
    done_at = serializers.DateTimeField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class CasualtySerializer(MarkedSerializerMixin, serializers.ModelSerializer):
    """`person` is the person's id, or null when the caller may not see that person; `deployment`, the tour
    the person was on when it happened, likewise (null when there was none or the caller may not see it)."""

    incident = serializers.PrimaryKeyRelatedField(queryset=Incident.objects.none())
    person = serializers.SerializerMethodField()
    deployment = serializers.SerializerMethodField()
    service_number = serializers.CharField(write_only=True, max_length=40)
    status = serializers.ChoiceField(choices=CasualtyStatus.choices)
    marking = MarkingField(write_only=True, required=False)
    version = serializers.IntegerField(required=False, min_value=1)
    steps = StepSerializer(many=True, read_only=True, source="notification_steps")

    class Meta:
        model = Casualty
        fields = ["id", "incident", "person", "deployment", "service_number", "status", "next_steps", "marking",
                  "version", "steps", "created_at"]
        read_only_fields = ["id", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        incidents = self.context.get("incidents")
        if incidents is not None:
            self.fields["incident"].queryset = incidents
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            # Once recorded, a casualty keeps its incident and person: PATCH changes status and next steps.
            self.fields["incident"].read_only = True
            self.fields["service_number"].read_only = True

    def get_deployment(self, obj) -> str | None:
        visible = self.context.get("visible_deployments") or {}
        return str(obj.deployment_id) if obj.deployment_id in visible else None

    def get_person(self, obj) -> str | None:
        visible = self.context.get("visible_people")
        if visible is None or obj.person_id not in visible:
            return None
        return str(obj.person_id)


class DeadlineSerializer(serializers.Serializer):
    code = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    met_on = serializers.DateField(allow_null=True)
    state = serializers.CharField()
    days_left = serializers.IntegerField(allow_null=True)
    period_source = serializers.SerializerMethodField()
    period_verified = serializers.SerializerMethodField()

    def get_period_source(self, obj) -> str | None:
        return obj.period.source if obj.period else None

    def get_period_verified(self, obj) -> bool | None:
        return obj.period.verified if obj.period else None


class ClaimSerializer(MarkedSerializerMixin, serializers.ModelSerializer):
    """Amounts are decimal strings with their currency; deadlines are computed, never stored."""

    casualty = serializers.PrimaryKeyRelatedField(queryset=Casualty.objects.none())
    kind = serializers.ChoiceField(choices=ClaimKind.choices)
    status = serializers.ChoiceField(choices=ClaimStatus.choices, required=False)
    currency = serializers.RegexField(r"^[A-Za-z]{3}$", max_length=3)
    claimed_amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    approved_amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False,
                                               allow_null=True)
    paid_amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False,
                                           allow_null=True)
    disability_percent = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True)
    marking = MarkingField(write_only=True, required=False)
    version = serializers.IntegerField(required=False, min_value=1)
    deadlines = serializers.SerializerMethodField()

    class Meta:
        model = CompensationClaim
        fields = ["id", "reference", "casualty", "kind", "un_reference", "status", "currency", "claimed_amount",
                  "approved_amount", "paid_amount", "disability_percent", "submitted_on", "paid_on", "note",
                  "marking", "version", "deadlines", "created_at", "updated_at"]
        read_only_fields = ["id", "reference", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        casualties = self.context.get("casualties")
        if casualties is not None:
            self.fields["casualty"].queryset = casualties
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["casualty"].read_only = True

    def get_deadlines(self, obj) -> list[dict]:
        return DeadlineSerializer(getattr(obj, "deadlines", []), many=True).data

    def claim_data(self, instance=None) -> ClaimData:
        data = self.validated_data
        names = ("kind", "currency", "claimed_amount", "status", "un_reference", "approved_amount", "paid_amount",
                 "disability_percent", "submitted_on", "paid_on", "note")
        values = {n: data[n] if n in data else (getattr(instance, n) if instance is not None else None)
                  for n in names}
        values["status"] = values["status"] or ClaimStatus.DRAFT
        values["un_reference"] = values["un_reference"] or ""
        values["note"] = values["note"] or ""
        return ClaimData(**values)


class DeadlineRowSerializer(serializers.Serializer):
    claim = serializers.CharField(source="claim.reference")
    claim_id = serializers.UUIDField(source="claim.pk")
    kind = serializers.CharField(source="claim.kind")
    deadline = DeadlineSerializer()


class MemorialSerializer(serializers.ModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="acronym", read_only=True)

    class Meta:
        model = Memorial
        fields = ["id", "name", "rank", "mission", "died_on", "citation"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["marking"] = MarkingField().to_representation(instance)
        return data


class DeadlineParameterSerializer(serializers.ModelSerializer):
    code = serializers.ChoiceField(choices=DeadlineCode.choices)
    days = serializers.IntegerField(min_value=1, max_value=3650)
    warn_days = serializers.IntegerField(min_value=0, max_value=3650, required=False, default=30)
    source = serializers.CharField(max_length=500)

    class Meta:
        model = DeadlineParameter
        fields = ["id", "code", "days", "warn_days", "effective_from", "source", "verified", "entered_by"]
        read_only_fields = ["id", "entered_by"]
