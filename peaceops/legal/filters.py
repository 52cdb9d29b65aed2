"""One FilterSet per list, shared by the web pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peaceops.missions.models import Mission

from .choices import CaseStatus, InstrumentKind, InstrumentStatus, MisconductCategory
from .models import DisciplineCase, Instrument


class InstrumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=InstrumentKind.choices)
    mission = django_filters.ModelChoiceFilter(label=_("Mission"), queryset=Mission.objects.all(),
                                               to_field_name="acronym")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InstrumentStatus.choices)

    class Meta:
        model = Instrument
        fields = ["q", "kind", "mission", "status"]

    def search(self, queryset, name, value):
        value = (value or "").strip()[:100]
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(title__icontains=value)
                               | Q(parties__icontains=value))


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    category = django_filters.ChoiceFilter(label=_("Category"), choices=MisconductCategory.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CaseStatus.choices)
    mission = django_filters.ModelChoiceFilter(label=_("Mission"), queryset=Mission.objects.all(),
                                               to_field_name="acronym")

    class Meta:
        model = DisciplineCase
        fields = ["q", "category", "status", "mission"]

    def search(self, queryset, name, value):
        value = (value or "").strip()[:100]
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(allegation__icontains=value))
