from rest_framework import serializers

from .. import selectors, wording
from ..choices import WomenScope
from ..models import PlanChoice, PlanReason, PlanRun


class TargetSerializer(serializers.Serializer):
    group = serializers.CharField()
    label = serializers.CharField()
    target = serializers.FloatField()
    assigned = serializers.IntegerField()
    women = serializers.IntegerField()
    required = serializers.IntegerField()
    met = serializers.BooleanField()
    infeasible = serializers.DictField(allow_null=True)


class PlanRunSerializer(serializers.ModelSerializer):
    rotation = serializers.UUIDField(source="rotation_id", read_only=True)
    rotation_label = serializers.CharField(source="rotation.__str__", read_only=True)
    previous = serializers.UUIDField(source="previous_id", read_only=True, allow_null=True)
    job = serializers.UUIDField(source="job_id", read_only=True, allow_null=True)
    marking = serializers.CharField(read_only=True)
    targets = serializers.SerializerMethodField()
    validator_passes = serializers.SerializerMethodField()

    class Meta:
        model = PlanRun
        fields = ["id", "rotation", "rotation_label", "number", "status", "solver_status", "parameters", "objective",
                  "bound", "gap", "seconds", "slots", "filled", "candidate_count", "changed", "previous", "job",
                  "created_by_label", "created_at", "finished_at", "published_at", "published_by_label", "error",
                  "violations", "validator_passes", "targets", "marking", "version"]
        read_only_fields = fields

    def get_targets(self, plan) -> list[dict]:
        return TargetSerializer(selectors.target_rows(plan), many=True).data

    def get_validator_passes(self, plan) -> bool:
        return plan.status in ("done", "published") and not plan.violations


class RunRequestSerializer(serializers.Serializer):
    rotation = serializers.UUIDField()
    women_scope = serializers.ChoiceField(choices=WomenScope.choices, required=False)
    women_share = serializers.FloatField(min_value=0, max_value=1, required=False, allow_null=True)
    women_targets = serializers.DictField(child=serializers.FloatField(min_value=0, max_value=1), required=False)
    max_per_unit = serializers.IntegerField(min_value=1, max_value=10_000, required=False, allow_null=True)
    min_rest_months = serializers.IntegerField(min_value=0, max_value=240, required=False, allow_null=True)
    time_limit = serializers.FloatField(min_value=0.5, max_value=120, required=False)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1)


class SwapRequestSerializer(serializers.Serializer):
    choice = serializers.UUIDField()
    other = serializers.UUIDField(required=False, help_text="Another choice of the plan (swap the two posts)")
    person = serializers.UUIDField(required=False, help_text="A person not in the plan (takes the choice's post)")
    version = serializers.IntegerField(required=False, min_value=1)


class DropRequestSerializer(serializers.Serializer):
    choice = serializers.UUIDField()
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class LockRequestSerializer(serializers.Serializer):
    locked = serializers.BooleanField()
    version = serializers.IntegerField(required=False, min_value=1)


class PlanChoiceSerializer(serializers.ModelSerializer):
    plan = serializers.UUIDField(source="plan_id", read_only=True)
    person = serializers.UUIDField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    requirement = serializers.UUIDField(source="requirement_id", read_only=True)
    post_type = serializers.CharField(source="requirement.post_type.code", read_only=True)

    class Meta:
        model = PlanChoice
        fields = ["id", "plan", "person", "person_name", "requirement", "post_type", "slot_index", "score",
                  "score_parts", "locked", "version"]
        read_only_fields = fields


class PlanReasonSerializer(serializers.ModelSerializer):
    person = serializers.UUIDField(source="person_id", read_only=True, allow_null=True)
    requirement = serializers.UUIDField(source="requirement_id", read_only=True, allow_null=True)
    worded = serializers.SerializerMethodField()

    class Meta:
        model = PlanReason
        fields = ["id", "kind", "person", "requirement", "slot_index", "code", "params", "text", "worded"]
        read_only_fields = fields

    def get_worded(self, reason) -> str:
        return wording.reason_text(reason.code, reason.params)


class CompareRowSerializer(serializers.Serializer):
    post = serializers.CharField()
    requirement = serializers.UUIDField()
    index = serializers.IntegerField()
    left = serializers.UUIDField(allow_null=True, help_text="The person on the post in this plan")
    right = serializers.UUIDField(allow_null=True, help_text="The person on the post in the other plan")
    changed = serializers.BooleanField()


class CompareSerializer(serializers.Serializer):
    left = serializers.UUIDField()
    right = serializers.UUIDField()
    changed = serializers.IntegerField()
    rows = CompareRowSerializer(many=True)


class NominateRequestSerializer(serializers.Serializer):
    requirement = serializers.UUIDField()
    slot_index = serializers.IntegerField(min_value=0, max_value=9999)
    person = serializers.UUIDField()
    version = serializers.IntegerField(required=False, min_value=1)


class SlotCandidateSerializer(serializers.Serializer):
    person = serializers.UUIDField(source="person.pk")
    person_name = serializers.CharField(source="person.full_name")
    score = serializers.IntegerField()
    score_parts = serializers.DictField(source="parts")
    holds_post = serializers.SerializerMethodField(help_text="The post this person holds in the plan, if any")
    locked = serializers.SerializerMethodField()
    passed_over = serializers.SerializerMethodField(help_text="Why the run did not choose them (code, worded)")
    allowed = serializers.BooleanField(help_text="Nominating them to this post keeps every hard rule")
    problems = serializers.ListField(child=serializers.CharField(), help_text="Why a nomination would be refused")

    def get_holds_post(self, row) -> str | None:
        return row["holds"].post_id if row["holds"] is not None else None

    def get_locked(self, row) -> bool:
        return bool(row["holds"] is not None and row["holds"].locked)

    def get_passed_over(self, row) -> dict | None:
        reason = row["reason"]
        if reason is None:
            return None
        return {"code": reason.code, "params": reason.params, "worded": wording.reason_text(reason.code, reason.params)}


class SlotCandidatesSerializer(serializers.Serializer):
    post = serializers.CharField()
    requirement = serializers.UUIDField(source="requirement.pk")
    slot_index = serializers.IntegerField(source="index")
    holder = serializers.UUIDField(source="holder.person_id", allow_null=True, default=None)
    total = serializers.IntegerField()
    candidates = SlotCandidateSerializer(source="rows", many=True)
