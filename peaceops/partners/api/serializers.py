"""Serializers of the partners API. They shape and check input; the services decide."""

from rest_framework import serializers

from peaceops.access.serializers import MarkingField
from peaceops.org.models import Unit
from peaceops.readiness.models import PostType, QualificationType

from ..choices import Acceptance, OfferKind, OfferStatus, PartnerKind, RequestStatus
from ..models import Delivery, Offer, Partner, Request
from ..services import OfferData, PartnerData, RequestData


class VersionedMixin:
    """An edit names the version it was made on (optimistic locking)."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": ["Send the version you edited (optimistic locking)."]})
        return attrs

    def merged(self, names, instance=None) -> dict:
        data = self.validated_data
        return {n: data[n] if n in data else (getattr(instance, n) if instance is not None else None) for n in names}


class PartnerSerializer(VersionedMixin, serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=PartnerKind.choices, required=False, default=PartnerKind.OTHER)
    version = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = Partner
        fields = ["id", "code", "name", "kind", "country", "description", "source", "fictional", "active", "version",
                  "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {"code": {"validators": []}}

    def partner_data(self, instance=None) -> PartnerData:
        values = self.merged(("code", "name", "kind", "country", "description", "source", "fictional", "active"),
                             instance)
        defaults = {"kind": PartnerKind.OTHER, "country": "", "description": "", "source": "", "fictional": False,
                    "active": True}
        return PartnerData(**{k: (defaults[k] if v is None and k in defaults else v) for k, v in values.items()})


class OfferSerializer(VersionedMixin, serializers.ModelSerializer):
    """`requested`: places held by the open requests the caller may see (no one else's are counted)."""

    partner = serializers.SlugRelatedField(slug_field="code", queryset=Partner.objects.all())
    kind = serializers.ChoiceField(choices=OfferKind.choices)
    qualification_type = serializers.SlugRelatedField(slug_field="code", queryset=QualificationType.objects.all(),
                                                      required=False, allow_null=True)
    post_type = serializers.SlugRelatedField(slug_field="code", queryset=PostType.objects.all(), required=False,
                                             allow_null=True)
    quantity = serializers.IntegerField(min_value=1, max_value=100_000)
    status = serializers.ChoiceField(choices=OfferStatus.choices, read_only=True)
    requested = serializers.IntegerField(read_only=True, default=0)
    version = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = Offer
        fields = ["id", "partner", "kind", "title", "description", "quantity", "unit_label", "available_from",
                  "available_until", "qualification_type", "level", "post_type", "status", "requested", "version",
                  "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def offer_data(self, instance=None) -> OfferData:
        values = self.merged(("partner", "kind", "title", "quantity", "available_from", "available_until",
                              "description", "unit_label", "qualification_type", "level", "post_type"), instance)
        for name in ("description", "unit_label", "level"):
            values[name] = values[name] or ""
        return OfferData(**values)


def _one_of(value: str, choices) -> str:
    if value not in choices.values:
        raise serializers.ValidationError(f"one of {', '.join(choices.values)}")
    return value


class OfferStatusSerializer(serializers.Serializer):
    # A string checked against the choices (the enum is documented once, on the offer).
    status = serializers.CharField(max_length=12, help_text="the new status: open, closed or withdrawn")
    version = serializers.IntegerField(min_value=1)

    def validate_status(self, value):
        return _one_of(value, OfferStatus)


class RequestSerializer(VersionedMixin, serializers.ModelSerializer):
    """A request to a partner, usually against an open `offer` (its partner is then the offer's). Marked."""

    offer = serializers.PrimaryKeyRelatedField(queryset=Offer.objects.all(), required=False, allow_null=True)
    partner = serializers.SlugRelatedField(slug_field="code", queryset=Partner.objects.all(), required=False)
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all(), required=False,
                                        allow_null=True)
    quantity = serializers.IntegerField(min_value=1, max_value=100_000)
    status = serializers.ChoiceField(choices=RequestStatus.choices, read_only=True)
    delivered = serializers.IntegerField(read_only=True, default=0, help_text="delivered and not rejected")
    accepted = serializers.IntegerField(read_only=True, default=0)
    marking = MarkingField(write_only=True, required=False)
    version = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = Request
        fields = ["id", "partner", "offer", "title", "quantity", "needed_by", "justification", "unit", "status",
                  "delivered", "accepted", "marking", "version", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["marking"] = MarkingField().to_representation(instance)
        return data

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is None:
            if "marking" not in attrs:
                raise serializers.ValidationError({"marking": ["A new request needs its marking."]})
            if not attrs.get("offer") and not attrs.get("partner"):
                raise serializers.ValidationError({"offer": ["Name the offer (or at least the partner)."]})
        return attrs

    def chosen_marking(self):
        return MarkingField().to_marking(self.validated_data["marking"])

    def request_data(self, instance=None) -> RequestData:
        values = self.merged(("title", "quantity", "needed_by", "justification", "unit"), instance)
        values["justification"] = values["justification"] or ""
        return RequestData(**values)


class TransitionSerializer(serializers.Serializer):
    status = serializers.CharField(max_length=12, help_text="the new status: submitted, agreed, declined, "
                                                            "delivered or cancelled (one step at a time)")
    version = serializers.IntegerField(min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")

    def validate_status(self, value):
        return _one_of(value, RequestStatus)


class DeliverySerializer(serializers.ModelSerializer):
    """A delivery against a request: seen exactly when its request is."""

    request = serializers.PrimaryKeyRelatedField(queryset=Request.objects.none())
    quantity = serializers.IntegerField(min_value=1, max_value=100_000)
    acceptance = serializers.ChoiceField(choices=Acceptance.choices, read_only=True)

    class Meta:
        model = Delivery
        fields = ["id", "request", "delivered_on", "quantity", "notes", "acceptance", "accepted_on", "accepted_by",
                  "acceptance_notes", "version", "created_at"]
        read_only_fields = ["id", "accepted_on", "accepted_by", "acceptance_notes", "version", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        visible = self.context.get("requests")
        if visible is not None:
            self.fields["request"].queryset = visible


class DecisionSerializer(serializers.Serializer):
    acceptance = serializers.ChoiceField(choices=[(Acceptance.ACCEPTED, "accepted"), (Acceptance.REJECTED, "rejected")])
    version = serializers.IntegerField(min_value=1)
    on = serializers.DateField(required=False, allow_null=True, help_text="default: today")
    notes = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="",
                                  help_text="required when rejecting")


# --- the gap view ------------------------------------------------------------------------------

class GapOfferSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    partner = serializers.CharField(help_text="the partner's code")
    fictional = serializers.BooleanField(help_text="the partner is an invented example")
    quantity = serializers.IntegerField()
    requested = serializers.IntegerField(help_text="held by open requests the caller may see")
    available = serializers.IntegerField(help_text="quantity less requested")
    unit_label = serializers.CharField(allow_blank=True)
    available_until = serializers.DateField()


class GapSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.ChoiceField(choices=[("people", "people"), ("unit", "unit")])
    post_type = serializers.CharField()
    post_type_name = serializers.CharField()
    short = serializers.IntegerField(help_text="people who fail the requirement, or a unit line's unfilled posts")
    offered = serializers.IntegerField(help_text="what the matching offers still hold")
    covered = serializers.IntegerField(help_text="min(short, offered)")
    remaining = serializers.IntegerField()
    offers = GapOfferSerializer(many=True)
    check = serializers.CharField(required=False, help_text="people: the eligibility check, e.g. english")
    label = serializers.CharField(required=False)
    requirement = serializers.CharField(required=False)
    qualification_type = serializers.CharField(required=False)
    min_level = serializers.CharField(required=False, allow_blank=True)
    fails_first = serializers.IntegerField(required=False, help_text="people for whom it is the first check failed")
    hidden = serializers.BooleanField(required=False, help_text="the caller may not read the records behind it")
    unit = serializers.CharField(required=False, help_text="unit: its code")
    post_code = serializers.CharField(required=False)
    post_title = serializers.CharField(required=False)
    posts = serializers.IntegerField(required=False)
    lacking = serializers.ListField(child=serializers.CharField(), required=False)


class GapTourSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class GapReportSerializer(serializers.Serializer):
    tour = GapTourSerializer()
    people_seen = serializers.IntegerField(help_text="people the caller may see (no one else is counted)")
    open_offers = serializers.IntegerField()
    people = GapSerializer(many=True)
    units = GapSerializer(many=True)


class PartnersErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
