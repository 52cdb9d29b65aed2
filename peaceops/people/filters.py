"""One FilterSet for the people list page and the people API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from peaceops.org.models import Unit

from .choices import Gender, Rank, Service
from .models import Person
from .search import name_matches


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    service = django_filters.ChoiceFilter(label=_("Service"), choices=Service.choices)
    rank = django_filters.ChoiceFilter(label=_("Rank"), choices=Rank.choices)
    gender = django_filters.ChoiceFilter(label=_("Gender"), choices=Gender.choices)
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=Unit.objects.all())
    born_after = django_filters.DateFilter(label=_("Born after"), field_name="date_of_birth", lookup_expr="gte")
    born_before = django_filters.DateFilter(label=_("Born before"), field_name="date_of_birth", lookup_expr="lte")

    class Meta:
        model = Person
        fields = ["q", "service", "rank", "gender", "unit"]

    def search(self, queryset, name, value):
        """Name or service number, with or without diacritics: every word must begin a word of it."""
        condition = name_matches(value)
        return queryset if condition is None else queryset.filter(condition)
