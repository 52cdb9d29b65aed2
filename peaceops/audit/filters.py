import django_filters
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    action = django_filters.CharFilter(label=_("Action"), lookup_expr="icontains")
    actor = django_filters.CharFilter(label=_("User"), field_name="shown_actor", lookup_expr="icontains")
    target = django_filters.CharFilter(label=_("Record ID"), field_name="target_id")
    since = django_filters.DateFilter(label=_("From"), field_name="at", lookup_expr="date__gte")
    until = django_filters.DateFilter(label=_("To"), field_name="at", lookup_expr="date__lte")

    class Meta:
        model = AuditEvent
        fields = ["action", "actor", "target", "since", "until"]
