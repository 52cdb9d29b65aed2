"""FilterSets of the training lists, shared by the pages and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import QualificationType
from .training_choices import CourseCategory, ExerciseKind
from .training_models import Course, CourseSession, Exercise

PERIODS = (("upcoming", _("Upcoming and running")), ("past", _("Finished")))


class CourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    category = django_filters.ChoiceFilter(label=_("Category"), choices=CourseCategory.choices)
    grants = django_filters.ModelChoiceFilter(label=_("Record it grants"), to_field_name="code",
                                              queryset=QualificationType.objects.filter(kind="course"))

    class Meta:
        model = Course
        fields = ["q", "category", "grants"]

    def search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(title_vi__icontains=value)
                               | Q(title_en__icontains=value) | Q(provider__icontains=value))


class SessionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    course = django_filters.CharFilter(label=_("Course code"), field_name="course__code", lookup_expr="iexact")
    category = django_filters.ChoiceFilter(label=_("Category"), field_name="course__category",
                                           choices=CourseCategory.choices)
    period = django_filters.ChoiceFilter(label=_("When"), choices=PERIODS, method="by_period")

    class Meta:
        model = CourseSession
        fields = ["q", "course", "category", "period"]

    def search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(course__title_en__icontains=value)
                               | Q(course__title_vi__icontains=value) | Q(place__icontains=value))

    def by_period(self, queryset, name, value):
        today = timezone.localdate()
        if value == "upcoming":
            return queryset.filter(ends_on__gte=today)
        if value == "past":
            return queryset.filter(ends_on__lt=today)
        return queryset


class ExerciseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ExerciseKind.choices)

    class Meta:
        model = Exercise
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value) | Q(scenario__icontains=value))
