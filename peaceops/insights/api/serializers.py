from rest_framework import serializers

from ..choices import FatalityScope, Measure, Series
from ..models import Dataset


class DatasetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dataset
        fields = ["key", "title", "file_name", "publisher", "source_repo", "source_path", "source_commit",
                  "licence_note", "caveats", "sha256", "rows_in_file", "rows_loaded", "cleaning", "loaded_at"]
        read_only_fields = fields


class ContributionQuerySerializer(serializers.Serializer):
    """Documentation of the query (validation is the page's form, so both answer alike)."""

    country = serializers.CharField(required=False, help_text="ISO3 code; default VNM")
    peers = serializers.CharField(required=False, help_text="peer group (ASEAN) or 'none'")
    series = serializers.ChoiceField(choices=Series.choices, required=False)
    measure = serializers.ChoiceField(choices=Measure.choices, required=False)
    start = serializers.IntegerField(required=False, min_value=1990, max_value=2030)
    end = serializers.IntegerField(required=False, min_value=1990, max_value=2030)


class SeriesColumnSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    values = serializers.ListField(child=serializers.FloatField(allow_null=True))


class ContributionSeriesSerializer(serializers.Serializer):
    series = serializers.CharField()
    measure = serializers.CharField()
    periods = serializers.ListField(child=serializers.CharField())
    columns = SeriesColumnSerializer(many=True)
    notes = serializers.DictField(child=serializers.CharField())


class FatalityQuerySerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=FatalityScope.choices, required=False)
    min_years = serializers.IntegerField(required=False, min_value=0)


class MissionRateSerializer(serializers.Serializer):
    mission = serializers.CharField()
    person_years = serializers.FloatField()
    months_covered = serializers.IntegerField()
    first_month = serializers.CharField(allow_null=True)
    last_month = serializers.CharField(allow_null=True)
    fatalities = serializers.IntegerField()
    outside_coverage = serializers.IntegerField()
    all_time = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    rates = serializers.DictField(child=serializers.FloatField(allow_null=True))
    rate = serializers.FloatField(allow_null=True)


class FatalityRatesSerializer(serializers.Serializer):
    scope = serializers.CharField()
    method = serializers.CharField()
    incident_types = serializers.ListField(child=serializers.CharField())
    pooled = MissionRateSerializer()
    missions = MissionRateSerializer(many=True)
