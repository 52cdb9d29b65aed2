from rest_framework import serializers

from peaceops.access.serializers import MarkingField

from ..models import Document


class DocumentSerializer(serializers.ModelSerializer):
    marking = serializers.SerializerMethodField()
    banner = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "kind", "title", "language", "reference", "tags", "dated", "marking", "banner",
                  "source_name", "created_at"]
        read_only_fields = fields

    def get_marking(self, obj) -> dict:
        return MarkingField().to_representation(obj)

    def get_banner(self, obj) -> str:
        from peaceops.access.models import level_code

        return level_code(obj.banner_level_id)


class PortionSerializer(serializers.Serializer):
    """A paragraph: its text only when the caller may read it; otherwise `redacted` and the marking."""

    number = serializers.CharField()
    level = serializers.CharField()
    redacted = serializers.BooleanField()
    text = serializers.CharField(allow_null=True)


class DocumentDetailSerializer(DocumentSerializer):
    portions = serializers.SerializerMethodField()

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "portions"]
        read_only_fields = fields

    def get_portions(self, obj) -> list[dict]:
        shown = self.context["portions"]
        return [{"number": p.portion.number, "level": p.portion.level_code, "redacted": not p.visible,
                 "text": p.text if p.visible else None} for p in shown]
