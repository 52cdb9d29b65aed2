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
