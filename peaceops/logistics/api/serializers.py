from rest_framework import serializers

from peaceops.access.serializers import MarkingField
from peaceops.org.models import Unit

from .. import services
from ..choices import (
    ClaimKind,
    Condition,
    EquipmentCategory,
    EstimateBasis,
    LeaseType,
    RateKind,
    VerificationKind,
)
from ..models import Claim, ClaimLine, CostEstimate, EquipmentItem, Finding, Payment, Rate, Verification

MONEY = {"max_digits": 16, "decimal_places": 2, "coerce_to_string": True}


class LogisticsRateSerializer(serializers.ModelSerializer):
    """A rate in force for a period with its authority and source. Entered rates are never verified on entry."""

    kind = serializers.ChoiceField(choices=RateKind.choices)
    key = serializers.CharField(max_length=24, required=False, allow_blank=True)
    amount = serializers.DecimalField(**MONEY)
    currency = serializers.CharField(max_length=3, required=False, default="USD")
    source = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    authority = serializers.CharField(max_length=300, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)

    class Meta:
        model = Rate
        fields = ["id", "kind", "key", "amount", "currency", "effective_from", "effective_to", "authority", "source",
                  "verified", "reference_version", "entered_by", "note", "version"]
        read_only_fields = ["id", "verified", "reference_version", "entered_by", "version"]

    def rate_data(self) -> services.RateData:
        d = self.validated_data
        return services.RateData(kind=d["kind"], key=d.get("key", ""), amount=d["amount"],
                                 currency=d.get("currency", "USD"), effective_from=d.get("effective_from"),
                                 effective_to=d.get("effective_to"), authority=d.get("authority", ""),
                                 source=d.get("source", ""), note=d.get("note", ""))


class LogisticsEquipmentSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    category = serializers.ChoiceField(choices=EquipmentCategory.choices)
    lease = serializers.ChoiceField(choices=LeaseType.choices)
    condition = serializers.ChoiceField(choices=Condition.choices, read_only=True)
    quantity = serializers.IntegerField(min_value=-1_000_000, max_value=1_000_000,
                                        help_text="0 or more (a negative quantity is refused with a reason).")
    marking = MarkingField(write_only=True, required=False)
    version = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = EquipmentItem
        fields = ["id", "unit", "category", "description", "lease", "serial", "condition", "quantity", "affected",
                  "notes", "marking", "version", "created_at", "updated_at"]
        read_only_fields = ["id", "condition", "affected", "created_at", "updated_at"]

    def equipment_data(self, instance=None) -> services.EquipmentData:
        d = self.validated_data
        base = instance
        pick = (lambda name: d[name] if name in d else getattr(base, name)) if base is not None else d.get
        return services.EquipmentData(unit=pick("unit"), category=pick("category"), description=pick("description"),
                                      lease=pick("lease"), quantity=pick("quantity") if pick("quantity") is not None
                                      else 1, serial=pick("serial") or "", notes=pick("notes") or "")


class LogisticsFindingSerializer(serializers.ModelSerializer):
    item = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "item", "result", "quantity_affected", "note"]


class LogisticsVerificationSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind = serializers.ChoiceField(choices=VerificationKind.choices, read_only=True)
    mission = serializers.SlugRelatedField(slug_field="acronym", read_only=True)

    class Meta:
        model = Verification
        fields = ["id", "unit", "kind", "date", "mission", "report_reference", "summary"]


class LogisticsEstimateSerializer(serializers.ModelSerializer):
    basis = serializers.ChoiceField(choices=EstimateBasis.choices, required=False, default="scenario")
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all(), required=False,
                                        allow_null=True)
    national_total = serializers.DecimalField(**MONEY, read_only=True)
    reimbursement_total = serializers.DecimalField(**MONEY, read_only=True)
    peak_gap = serializers.DecimalField(**MONEY, read_only=True)
    personnel = serializers.IntegerField(min_value=0, max_value=100_000)
    payment_delay_months = serializers.IntegerField(min_value=0, max_value=60, required=False, default=6)
    currency = serializers.CharField(max_length=3, required=False, default="USD")
    marking = MarkingField(write_only=True, required=False)
    proposal = serializers.SerializerMethodField(help_text="The linked proposal, when the caller may see it.")

    class Meta:
        model = CostEstimate
        fields = ["id", "title", "basis", "unit", "proposal", "rotation", "mission", "personnel", "start_date",
                  "end_date", "currency", "payment_delay_months", "include_equipment", "national_total",
                  "reimbursement_total", "peak_gap", "computed_at", "marking", "version", "created_at"]
        read_only_fields = ["id", "proposal", "rotation", "mission", "national_total", "reimbursement_total",
                            "peak_gap", "computed_at", "version", "created_at"]

    def get_proposal(self, estimate) -> str | None:
        visible = getattr(estimate, "proposal_visible", False)
        return str(estimate.proposal_id) if estimate.proposal_id and visible else None

    def estimate_data(self) -> services.EstimateData:
        d = self.validated_data
        return services.EstimateData(title=d["title"], basis=d.get("basis", "scenario"), unit=d.get("unit"),
                                     personnel=d["personnel"], start_date=d["start_date"], end_date=d["end_date"],
                                     currency=d.get("currency", "USD"),
                                     payment_delay_months=d.get("payment_delay_months", 6),
                                     include_equipment=d.get("include_equipment", True))


class LogisticsEstimateDetailSerializer(LogisticsEstimateSerializer):
    result = serializers.JSONField(read_only=True, help_text="Months, totals and every line with its rate, source "
                                                             "and effective date (amounts as decimal strings).")

    class Meta(LogisticsEstimateSerializer.Meta):
        fields = [*LogisticsEstimateSerializer.Meta.fields, "result"]


class LogisticsClaimLineSerializer(serializers.ModelSerializer):
    equipment_item = serializers.PrimaryKeyRelatedField(queryset=EquipmentItem.objects.none(), required=False,
                                                        allow_null=True)
    amount = serializers.DecimalField(**MONEY)
    quantity = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, default=1)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    class Meta:
        model = ClaimLine
        fields = ["id", "equipment_item", "description", "quantity", "amount"]


class LogisticsPaymentSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(**MONEY)

    class Meta:
        model = Payment
        fields = ["id", "received_on", "amount", "reference"]


class LogisticsClaimSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    kind = serializers.ChoiceField(choices=ClaimKind.choices)
    amount_claimed = serializers.DecimalField(**MONEY, read_only=True)
    amount_verified = serializers.DecimalField(**MONEY, read_only=True, allow_null=True)
    amount_paid = serializers.DecimalField(**MONEY, read_only=True)
    outstanding = serializers.DecimalField(**MONEY, read_only=True)
    currency = serializers.CharField(max_length=3, required=False, default="USD")
    lines = LogisticsClaimLineSerializer(many=True, max_length=200)
    payments = LogisticsPaymentSerializer(many=True, read_only=True)
    marking = MarkingField(write_only=True, required=False)

    class Meta:
        model = Claim
        fields = ["id", "reference", "unit", "kind", "period_start", "period_end", "submitted_on", "currency",
                  "amount_claimed", "amount_verified", "verified_on", "amount_paid", "outstanding", "status",
                  "lines", "payments", "marking", "version"]
        read_only_fields = ["id", "reference", "verified_on", "status", "version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actor = self.context.get("actor")
        if actor is not None:
            self.fields["lines"].child.fields["equipment_item"].queryset = EquipmentItem.objects.visible_to(actor)

    def claim_data(self) -> services.ClaimData:
        d = self.validated_data
        lines = [services.ClaimLineData(description=line.get("description", ""), amount=line["amount"],
                                        quantity=line.get("quantity", 1), equipment_item=line.get("equipment_item"))
                 for line in d["lines"]]
        return services.ClaimData(unit=d["unit"], kind=d["kind"], period_start=d["period_start"],
                                  period_end=d["period_end"], submitted_on=d["submitted_on"], lines=lines,
                                  currency=d.get("currency", "USD"))


class LogisticsRiskQuerySerializer(serializers.Serializer):
    mission = serializers.CharField(max_length=20)
    personnel = serializers.IntegerField(min_value=0, max_value=100_000)
    months = serializers.IntegerField(min_value=1, max_value=60, required=False, default=12)


class LogisticsRiskSerializer(serializers.Serializer):
    mission = serializers.CharField()
    personnel = serializers.IntegerField()
    months = serializers.FloatField()
    fatalities = serializers.IntegerField(help_text="Uniformed fatalities in the months with strength data.")
    person_years = serializers.FloatField()
    first_month = serializers.DateField(allow_null=True)
    last_month = serializers.DateField(allow_null=True)
    confidence = serializers.FloatField()
    rate = serializers.FloatField(help_text="Per 1,000 personnel-years.")
    rate_low = serializers.FloatField()
    rate_high = serializers.FloatField()
    expected = serializers.FloatField()
    expected_low = serializers.FloatField()
    expected_high = serializers.FloatField()
    p_at_least_one = serializers.FloatField()
    method = serializers.CharField()
