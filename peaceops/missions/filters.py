"""One FilterSet for the missions list page and the missions API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.people.choices import Gender

from . import transitions
from .choices import DeploymentStatus, LeadDepartment, MissionStatusChoice, RotationKind, StrengthCategory
from .models import Deployment, Mission, Requirement, Rotation, StrengthReturn


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


# -- force generation (one FilterSet per list, shared by page and API) -------------------------------

class RequirementFilter(django_filters.FilterSet):
    mission = django_filters.CharFilter(label=_("Mission"), field_name="mission__acronym", lookup_expr="iexact",
                                        max_length=20)
    rotation = django_filters.UUIDFilter(label=_("Rotation"), field_name="rotation_id")
    post_type = django_filters.CharFilter(label=_("Post type"), field_name="post_type__code", lookup_expr="iexact",
                                          max_length=32)
    unassigned = django_filters.BooleanFilter(label=_("Not tied to a rotation"), field_name="rotation",
                                              lookup_expr="isnull")
    active_on = django_filters.DateFilter(label=_("Open on"), method="open_on")

    class Meta:
        model = Requirement
        fields = ["mission", "rotation", "post_type", "unassigned", "active_on"]

    def open_on(self, queryset, name, value):
        return queryset.filter(start_date__lte=value, end_date__gte=value)


class RotationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    mission = django_filters.CharFilter(label=_("Mission"), field_name="mission__acronym", lookup_expr="iexact",
                                        max_length=20)
    unit = django_filters.CharFilter(label=_("Unit"), field_name="unit__code", lookup_expr="iexact", max_length=32)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=RotationKind.choices)
    current_on = django_filters.DateFilter(label=_("Running on"), method="running_on")
    starts_after = django_filters.DateFilter(label=_("Starts after"), field_name="start_date", lookup_expr="gt")

    class Meta:
        model = Rotation
        fields = ["q", "mission", "unit", "kind", "current_on", "starts_after"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(mission__acronym__icontains=value) | Q(unit__code__icontains=value)
                               | Q(notes__icontains=value))

    def running_on(self, queryset, name, value):
        return queryset.filter(start_date__lte=value, end_date__gte=value)


class DeploymentFilter(django_filters.FilterSet):
    rotation = django_filters.UUIDFilter(label=_("Rotation"), field_name="rotation_id")
    person = django_filters.UUIDFilter(label=_("Person"), field_name="person_id")
    mission = django_filters.CharFilter(label=_("Mission"), field_name="rotation__mission__acronym",
                                        lookup_expr="iexact", max_length=20)
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=DeploymentStatus.choices)
    active = django_filters.BooleanFilter(label=_("Holding a post"), method="holding")

    class Meta:
        model = Deployment
        fields = ["rotation", "person", "mission", "status", "active"]

    def holding(self, queryset, name, value):
        active = sorted(transitions.ACTIVE)
        return queryset.filter(status__in=active) if value else queryset.exclude(status__in=active)


class StrengthReturnFilter(django_filters.FilterSet):
    mission = django_filters.CharFilter(label=_("Mission"), field_name="mission__acronym", lookup_expr="iexact",
                                        max_length=20)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=StrengthCategory.choices)
    gender = django_filters.ChoiceFilter(label=_("Gender"), choices=Gender.choices)
    month_from = django_filters.DateFilter(label=_("From month"), field_name="month", lookup_expr="gte")
    month_to = django_filters.DateFilter(label=_("To month"), field_name="month", lookup_expr="lte")

    class Meta:
        model = StrengthReturn
        fields = ["mission", "category", "gender", "month_from", "month_to"]
