import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import UnitKind
from .models import Agency, Unit


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    agency = django_filters.ModelChoiceFilter(label=_("Agency"), queryset=Agency.objects.all())
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=UnitKind.choices)

    class Meta:
        model = Unit
        fields = ["q", "agency", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(label_vi__icontains=value) | Q(label_en__icontains=value))
