from rest_framework import serializers

from peaceops.access.serializers import MarkingField
from peaceops.org.models import Unit

from ..models import Person
from ..services import PersonData


class PersonSerializer(serializers.ModelSerializer):
    """A person with their marking. `version` must be sent back on update (optimistic locking)."""

    full_name = serializers.CharField(read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all(), allow_null=True,
                                        required=False)
    marking = MarkingField(write_only=True, required=False)
    version = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = Person
        fields = [
            "id", "service_number", "family_name", "middle_name", "given_name", "full_name", "gender",
            "date_of_birth", "service", "rank", "unit", "email", "phone", "marking", "version",
            "created_at", "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        # Uniqueness is checked by the service so that the message is the same everywhere.
        extra_kwargs = {"service_number": {"validators": []}}

    def validate(self, attrs):
        if self.instance is None and "marking" not in attrs:
            raise serializers.ValidationError({"marking": ["A new record needs its marking."]})
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": ["Send the version you edited (optimistic locking)."]})
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["marking"] = MarkingField().to_representation(instance)
        return data

    def validate_service_number(self, value):
        return value.strip().upper()

    def person_data(self, instance=None) -> PersonData:
        data = self.validated_data
        def pick(name, default=""):
            if name in data:
                return data[name]
            return getattr(instance, name) if instance is not None else default
        return PersonData(
            service=pick("service"), rank=pick("rank"), service_number=pick("service_number"),
            family_name=pick("family_name"), middle_name=pick("middle_name") or "", given_name=pick("given_name"),
            gender=pick("gender"), date_of_birth=pick("date_of_birth", None), unit=pick("unit", None),
            email=pick("email") or "", phone=pick("phone") or "",
        )

    def chosen_marking(self):
        raw = self.validated_data.get("marking")
        return MarkingField().to_marking(raw) if raw else None
