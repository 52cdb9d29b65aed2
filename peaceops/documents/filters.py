import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import DocumentKind
from .models import Document


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Title or reference"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=DocumentKind.choices)
    tag = django_filters.CharFilter(label=_("Tag"), method="with_tag")

    class Meta:
        model = Document
        fields = ["q", "kind", "tag"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(reference__icontains=value))

    def with_tag(self, queryset, name, value):
        # Tags are stored upper case; a JSON "contains" is not portable, a quoted substring is.
        return queryset.filter(tags__icontains=f'"{value.strip().upper()}"')
