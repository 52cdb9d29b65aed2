from rest_framework import serializers

from peaceops.access.serializers import MarkingField
from peaceops.missions.models import Mission, Rotation
from peaceops.org.models import Unit

from ..choices import (
    RECORDED_ITEMS,
    CaseOutcome,
    ComplianceItem,
    InstrumentKind,
    InstrumentStatus,
    MisconductCategory,
)
from ..models import CaseTransition, ComplianceRecord, DisciplineCase, Instrument
from ..services import CaseData, InstrumentData


class MarkedReadMixin:
    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["marking"] = MarkingField().to_representation(instance)
        return data


class MarkedWriteMixin(MarkedReadMixin):
    """The marking is written once (on creation) and always shown; an edit names the version it edited."""

    def chosen_marking(self):
        raw = self.validated_data.get("marking")
        return MarkingField().to_marking(raw) if raw else None

    def validate(self, attrs):
        if self.instance is None and "marking" not in attrs:
            raise serializers.ValidationError({"marking": ["A new record needs its marking."]})
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": ["Send the version you edited (optimistic locking)."]})
        return attrs


def _visible_rotations(serializer, name: str = "rotation") -> None:
    rotations = serializer.context.get("rotations")
    if rotations is not None:
        serializer.fields[name].queryset = rotations


class InstrumentSerializer(MarkedWriteMixin, serializers.ModelSerializer):
    """`rotation` is a rotation id the caller may see; with it, the mission and unit default to the rotation's.
    The marking is given on creation and never changed by PATCH; PATCH needs `version`."""

    kind = serializers.ChoiceField(choices=InstrumentKind.choices)
    status = serializers.ChoiceField(choices=InstrumentStatus.choices, required=False)
    mission = serializers.SlugRelatedField(slug_field="acronym", queryset=Mission.objects.all(), required=False,
                                           allow_null=True)
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all(), required=False,
                                        allow_null=True)
    rotation = serializers.PrimaryKeyRelatedField(queryset=Rotation.objects.none(), required=False, allow_null=True)
    marking = MarkingField(write_only=True, required=False)
    version = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = Instrument
        fields = ["id", "reference", "title", "kind", "status", "parties", "mission", "unit", "rotation", "signed_on",
                  "in_force_on", "expires_on", "notes", "marking", "version"]
        read_only_fields = ["id"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _visible_rotations(self)

    def instrument_data(self, instance=None) -> InstrumentData:
        data = self.validated_data
        names = ("reference", "title", "kind", "status", "parties", "mission", "unit", "rotation", "signed_on",
                 "in_force_on", "expires_on", "notes")
        values = {n: data[n] if n in data else (getattr(instance, n) if instance is not None else None)
                  for n in names}
        values["status"] = values["status"] or InstrumentStatus.DRAFT
        values["notes"] = values["notes"] or ""
        return InstrumentData(**values)


class CaseTransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseTransition
        fields = ["id", "step", "from_status", "to_status", "on", "note", "actor_label", "created_at"]


class CaseSerializer(MarkedWriteMixin, serializers.ModelSerializer):
    """A new case names its mission, category, allegation and report date, optionally the rotation (an id
    the caller may see) and the subject's service number; its marking must include DISCIPLINE. The
    workflow fields move only through `steps`."""

    mission = serializers.SlugRelatedField(slug_field="acronym", queryset=Mission.objects.all())
    rotation = serializers.PrimaryKeyRelatedField(queryset=Rotation.objects.none(), required=False, allow_null=True)
    category = serializers.ChoiceField(choices=MisconductCategory.choices)
    service_number = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=40)
    marking = MarkingField(write_only=True, required=False)

    class Meta:
        model = DisciplineCase
        fields = ["id", "reference", "mission", "rotation", "category", "allegation", "reported_on", "status",
                  "investigation", "investigation_opened_on", "outcome", "findings", "concluded_on", "un_notified_on",
                  "service_number", "marking", "version"]
        read_only_fields = ["id", "reference", "status", "investigation", "investigation_opened_on", "outcome",
                            "findings", "concluded_on", "un_notified_on", "version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _visible_rotations(self)

    def case_data(self, person) -> CaseData:
        data = self.validated_data
        return CaseData(mission=data["mission"], category=data["category"], allegation=data["allegation"],
                        reported_on=data["reported_on"], person=person, rotation=data.get("rotation"))


class CaseStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=["open_investigation", "conclude", "close"])
    on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    investigation = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    outcome = serializers.ChoiceField(choices=CaseOutcome.choices, required=False, allow_blank=True)
    findings = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    un_notified_on = serializers.DateField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False, min_value=1)


class ComplianceRecordSerializer(serializers.ModelSerializer):
    """An officer's record that insurance, the ROE briefing or the C&D training of a rotation is done (the
    other items are computed from the instruments). `rotation` is a rotation id the caller may see."""

    rotation = serializers.PrimaryKeyRelatedField(queryset=Rotation.objects.none())
    item = serializers.ChoiceField(choices=[(c, ComplianceItem(c).label) for c in RECORDED_ITEMS])

    class Meta:
        model = ComplianceRecord
        fields = ["id", "rotation", "item", "done_on", "evidence", "recorded_by", "created_at"]
        read_only_fields = ["id", "recorded_by", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _visible_rotations(self)


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
