"""One FilterSet per list, shared by the web pages and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.org.models import Agency

from .choices import ActionKind, ActionStatus, ProposalStatus, Scenario
from .models import ActionItem, Proposal
from .selectors import due_for_review_q, overdue_q

YES = (("yes", _("Yes")),)


class ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProposalStatus.choices)
    scenario = django_filters.ChoiceFilter(label=_("Scenario"), choices=Scenario.choices)
    owner_agency = django_filters.ModelChoiceFilter(label=_("Lead agency"), queryset=Agency.objects.all())
    due = django_filters.ChoiceFilter(label=_("Due for review"), choices=YES, method="due_for_review")

    class Meta:
        model = Proposal
        fields = ["q", "status", "scenario", "owner_agency", "due"]

    def search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(reference__icontains=value)
                               | Q(mission_code__iexact=value))

    def due_for_review(self, queryset, name, value):
        return queryset.filter(due_for_review_q(timezone.localdate())) if value == "yes" else queryset


class ActionItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActionStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActionKind.choices)
    owner_agency = django_filters.ModelChoiceFilter(label=_("Owner"), queryset=Agency.objects.all())
    overdue = django_filters.ChoiceFilter(label=_("Overdue"), choices=YES, method="only_overdue")

    class Meta:
        model = ActionItem
        fields = ["q", "status", "kind", "owner_agency", "overdue"]

    def only_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q(timezone.localdate())) if value == "yes" else queryset
