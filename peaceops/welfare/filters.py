"""One FilterSet per list, shared by the web pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peaceops.missions.models import Mission

from .choices import CasualtyStatus, ClaimKind, ClaimStatus, IncidentType
from .models import Casualty, CompensationClaim, Incident, Memorial


class IncidentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    incident_type = django_filters.ChoiceFilter(label=_("UN incident type"), choices=IncidentType.choices)
    mission = django_filters.ModelChoiceFilter(label=_("Mission"), queryset=Mission.objects.all(),
                                               to_field_name="acronym")
    year = django_filters.NumberFilter(label=_("Year"), field_name="occurred_on", lookup_expr="year")

    class Meta:
        model = Incident
        fields = ["q", "incident_type", "mission", "year"]

    def search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(place__icontains=value)
                               | Q(description__icontains=value))


class CasualtyFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CasualtyStatus.choices)
    incident = django_filters.UUIDFilter(label=_("Incident"), field_name="incident_id")

    class Meta:
        model = Casualty
        fields = ["status", "incident"]


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ClaimKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ClaimStatus.choices)
    mission = django_filters.ModelChoiceFilter(label=_("Mission"), queryset=Mission.objects.all(),
                                               to_field_name="acronym", field_name="casualty__incident__mission")

    class Meta:
        model = CompensationClaim
        fields = ["q", "kind", "status", "mission"]

    def search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(un_reference__icontains=value))


class MemorialFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    mission = django_filters.ModelChoiceFilter(label=_("Mission"), queryset=Mission.objects.all(),
                                               to_field_name="acronym")

    class Meta:
        model = Memorial
        fields = ["q", "mission"]
