from rest_framework import serializers

from peaceops.access.serializers import MarkingField

from ..models import Qualification, QualificationType


class QualificationSerializer(serializers.ModelSerializer):
    """A qualification record with its marking. The type's compartment is added by the service."""

    person = serializers.UUIDField(source="person_id")
    type = serializers.SlugRelatedField(slug_field="code", queryset=QualificationType.objects.all())
    marking = MarkingField(write_only=True)

    class Meta:
        model = Qualification
        fields = ["id", "person", "type", "result", "result_rank", "score", "taken_on", "valid_until", "reference",
                  "marking", "created_at"]
        read_only_fields = ["id", "result_rank", "created_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["marking"] = MarkingField().to_representation(instance)
        return data

    def chosen_marking(self):
        return MarkingField().to_marking(self.validated_data["marking"])


class TourSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class RuleSetRefSerializer(serializers.Serializer):
    post_type = serializers.CharField()
    version = serializers.IntegerField()
    valid_from = serializers.DateField()


class ReasonSerializer(serializers.Serializer):
    check = serializers.CharField(help_text="rank, service, age, english, qualification:<TYPE>, medical, vetting, "
                                            "passport, rest")
    code = serializers.CharField(help_text="e.g. level_below, expired, missing, too_old; 'hidden' when the "
                                           "records behind the check are not visible to the caller")
    params = serializers.DictField(help_text="the facts behind the reason (dates ISO); empty of content when hidden")
    message = serializers.CharField(help_text="the reason in the caller's language")


class CheckSerializer(serializers.Serializer):
    check = serializers.CharField()
    label = serializers.CharField()
    requirement = serializers.CharField()
    met = serializers.BooleanField()
    hidden = serializers.BooleanField(help_text="the outcome is shown, the records behind it are not")
    reasons = serializers.ListField(child=serializers.CharField())


class EligibilitySerializer(serializers.Serializer):
    person = serializers.UUIDField()
    post_type = serializers.CharField()
    tour = TourSerializer()
    rule_set = RuleSetRefSerializer()
    eligible = serializers.BooleanField()
    first_failing = serializers.CharField(allow_null=True)
    reasons = ReasonSerializer(many=True)
    checks = CheckSerializer(many=True)


class FailingGroupSerializer(serializers.Serializer):
    check = serializers.CharField()
    label = serializers.CharField()
    requirement = serializers.CharField()
    count = serializers.IntegerField()
    hidden = serializers.BooleanField()


class PoolPersonSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    service_number = serializers.CharField()
    full_name = serializers.CharField()
    rank = serializers.CharField()
    service = serializers.CharField()
    unit = serializers.CharField(allow_null=True)
    marking = serializers.CharField()


class PoolSerializer(serializers.Serializer):
    post_type = serializers.CharField()
    tour = TourSerializer()
    rule_set = RuleSetRefSerializer()
    eligible_count = serializers.IntegerField()
    not_eligible_count = serializers.IntegerField()
    failing = FailingGroupSerializer(many=True, help_text="people not eligible, by their first failing check")
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    results = PoolPersonSerializer(many=True, help_text="eligible people, in name order")


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
