"""One FilterSet per list, shared by the web pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peaceops.org.models import Unit

from .choices import (
    ClaimKind,
    ClaimStatus,
    Condition,
    EquipmentCategory,
    EstimateBasis,
    LeaseType,
    RateKind,
    VerificationKind,
)
from .models import Claim, CostEstimate, EquipmentItem, Rate, Verification

VERIFIED = (("yes", _("Verified")), ("no", _("Entered, not verified")))


def _units(request=None):
    return Unit.objects.all()


class EquipmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=_units)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=EquipmentCategory.choices)
    lease = django_filters.ChoiceFilter(label=_("Lease"), choices=LeaseType.choices)
    condition = django_filters.ChoiceFilter(label=_("Condition"), choices=Condition.choices)

    class Meta:
        model = EquipmentItem
        fields = ["q", "unit", "category", "lease", "condition"]

    def search(self, queryset, name, value):
        value = (value or "").strip()[:100]
        if not value:
            return queryset
        return queryset.filter(Q(description__icontains=value) | Q(serial__icontains=value))


class VerificationFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=_units)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=VerificationKind.choices)

    class Meta:
        model = Verification
        fields = ["unit", "kind"]


class RateFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=RateKind.choices)
    verified = django_filters.ChoiceFilter(label=_("Verified"), choices=VERIFIED, method="by_verified")

    class Meta:
        model = Rate
        fields = ["kind", "verified"]

    def by_verified(self, queryset, name, value):
        return queryset.filter(verified=value == "yes") if value in ("yes", "no") else queryset


class EstimateFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains", max_length=100)
    basis = django_filters.ChoiceFilter(label=_("For"), choices=EstimateBasis.choices)

    class Meta:
        model = CostEstimate
        fields = ["q", "basis"]


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="reference", lookup_expr="icontains", max_length=40)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ClaimKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ClaimStatus.choices)
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=_units)

    class Meta:
        model = Claim
        fields = ["q", "kind", "status", "unit"]
