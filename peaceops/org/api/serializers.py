from rest_framework import serializers

from ..models import Agency, Unit


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "code", "kind", "label_vi", "label_en"]


class UnitSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "code", "kind", "label_vi", "label_en", "agency", "parent", "location"]
