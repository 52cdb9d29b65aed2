from rest_framework import serializers

from peaceops.access.serializers import MarkingField

from ..choices import CaseOutcome
from ..models import CaseTransition, DisciplineCase, Instrument


class MarkedReadMixin:
    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["marking"] = MarkingField().to_representation(instance)
        return data


class InstrumentSerializer(MarkedReadMixin, serializers.ModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="acronym", read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Instrument
        fields = ["id", "reference", "title", "kind", "status", "parties", "mission", "unit", "rotation", "signed_on",
                  "in_force_on", "expires_on", "notes", "version"]


class CaseTransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseTransition
        fields = ["id", "step", "from_status", "to_status", "on", "note", "actor_label", "created_at"]


class CaseSerializer(MarkedReadMixin, serializers.ModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="acronym", read_only=True)

    class Meta:
        model = DisciplineCase
        fields = ["id", "reference", "mission", "rotation", "category", "allegation", "reported_on", "status",
                  "investigation", "investigation_opened_on", "outcome", "findings", "concluded_on", "un_notified_on",
                  "version"]


class CaseStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=["open_investigation", "conclude", "close"])
    on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    investigation = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    outcome = serializers.ChoiceField(choices=CaseOutcome.choices, required=False, allow_blank=True)
    findings = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    un_notified_on = serializers.DateField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False, min_value=1)


class ComplianceRowSerializer(serializers.Serializer):
    item = serializers.CharField()
    ok = serializers.BooleanField()
    reason = serializers.CharField()
    evidence = serializers.CharField()


class RotationComplianceSerializer(serializers.Serializer):
    rotation = serializers.UUIDField(source="rotation.pk")
    label = serializers.CharField(source="rotation")
    start_date = serializers.DateField(source="rotation.start_date")
    end_date = serializers.DateField(source="rotation.end_date")
    ok = serializers.BooleanField()
    items = ComplianceRowSerializer(many=True, source="rows")
