"""MarkingSerializer: the marking as the API shows and accepts it."""

from rest_framework import serializers

from .marking import Marking
from .models import Compartment, Level, mask_to_compartments


class MarkingField(serializers.Serializer):
    level = serializers.SlugRelatedField(slug_field="code", queryset=Level.objects.all())
    compartments = serializers.ListField(child=serializers.CharField(max_length=32), required=False, max_length=16)
    owning_agency = serializers.CharField(max_length=16)
    releasable_to = serializers.ListField(child=serializers.CharField(max_length=16), required=False, max_length=64)
    declassify_on = serializers.DateField(required=False, allow_null=True)
    downgrade_level = serializers.SlugRelatedField(slug_field="code", queryset=Level.objects.all(),
                                                   required=False, allow_null=True)
    classified_by = serializers.CharField(max_length=150, required=False, allow_blank=True)
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)

    def to_representation(self, obj):
        from peaceops.org.models import releasable_codes

        return {
            "level": obj.level_code,
            "label": obj.marking,
            "compartments": mask_to_compartments(obj.compartment_mask),
            "owning_agency": obj.owning_agency.code,
            "releasable_to": releasable_codes(obj.releasable_mask),
            "declassify_on": obj.declassify_on,
        }

    def validate_compartments(self, value):
        known = set(Compartment.objects.values_list("code", flat=True))
        unknown = [c for c in value if c.upper() not in known]
        if unknown:
            raise serializers.ValidationError(f"unknown compartments: {', '.join(unknown)}")
        return [c.upper() for c in value]

    def to_marking(self, data) -> Marking:
        from peaceops.org.models import Agency

        agencies = {a.code: a for a in Agency.objects.all()}
        owner = agencies.get(data["owning_agency"].upper())
        if owner is None:
            raise serializers.ValidationError({"marking": {"owning_agency": ["unknown agency"]}})
        released = []
        for code in data.get("releasable_to", []):
            if code.upper() not in agencies:
                raise serializers.ValidationError({"marking": {"releasable_to": [f"unknown agency {code}"]}})
            released.append(agencies[code.upper()])
        downgrade = data.get("downgrade_level")
        return Marking(
            level=data["level"].rank, owning_agency_id=owner.pk, compartments=tuple(data.get("compartments", [])),
            releasable_to=tuple(released), declassify_on=data.get("declassify_on"),
            downgrade_level=downgrade.rank if downgrade else None,
            classified_by=data.get("classified_by", ""), reason=data.get("reason", ""),
        )
