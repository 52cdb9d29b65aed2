"""One FilterSet for the missions list page and the missions API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import LeadDepartment, MissionStatusChoice
from .models import Mission


def region_choices():
    regions = Mission.objects.exclude(region="").order_by("region").values_list("region", flat=True).distinct()
    return [(r, r) for r in regions]


class MissionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    status = django_filters.ChoiceFilter(label=_("Status today"), choices=MissionStatusChoice.choices,
                                         method="status_today")
    region = django_filters.ChoiceFilter(label=_("Region"), choices=[])
    location = django_filters.CharFilter(label=_("Location"), method="at_location", max_length=100)
    lead_department = django_filters.ChoiceFilter(label=_("Lead department"), choices=LeadDepartment.choices)
    active_on = django_filters.DateFilter(label=_("Operating on"), method="operating_on")

    class Meta:
        model = Mission
        fields = ["q", "status", "region", "location", "lead_department", "active_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["region"].extra["choices"] = region_choices()

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(acronym__icontains=value) | Q(name__icontains=value) | Q(location__icontains=value)
                               | Q(country__icontains=value))

    def status_today(self, queryset, name, value):
        if "status_now" not in queryset.query.annotations:
            queryset = queryset.with_status_on(timezone.localdate())
        return queryset.filter(status_now=value)

    def at_location(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(location__icontains=value) | Q(country__icontains=value) | Q(region__icontains=value))

    def operating_on(self, queryset, name, value):
        return queryset.active_on(value)
