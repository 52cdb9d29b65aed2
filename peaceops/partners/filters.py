"""One FilterSet per list, shared by the web pages and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Acceptance, OfferKind, OfferStatus, PartnerKind, RequestStatus
from .models import Delivery, Offer, Partner, Request


def _search(queryset, fields: tuple[str, ...], value: str):
    value = (value or "").strip()
    if not value:
        return queryset
    query = Q()
    for name in fields:
        query |= Q(**{f"{name}__icontains": value})
    return queryset.filter(query)


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnerKind.choices)

    class Meta:
        model = Partner
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        return _search(queryset, ("code", "name", "country", "description"), value)


class OfferFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OfferKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OfferStatus.choices)
    partner = django_filters.ModelChoiceFilter(label=_("Partner"), queryset=Partner.objects.all(),
                                               to_field_name="code")
    open = django_filters.ChoiceFilter(label=_("Open for requests"), method="open_now",
                                       choices=(("true", _("Open for requests")), ("false", _("Not open"))))

    class Meta:
        model = Offer
        fields = ["q", "kind", "status", "partner", "open"]

    def search(self, queryset, name, value):
        return _search(queryset, ("title", "description", "partner__name", "partner__code"), value)

    def open_now(self, queryset, name, value):
        if value not in ("true", "false"):
            return queryset
        today = timezone.localdate()
        is_open = Q(status=OfferStatus.OPEN, available_until__gte=today)
        return queryset.filter(is_open) if value == "true" else queryset.exclude(is_open)


class RequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RequestStatus.choices)
    partner = django_filters.ModelChoiceFilter(label=_("Partner"), queryset=Partner.objects.all(),
                                               to_field_name="code")

    class Meta:
        model = Request
        fields = ["q", "status", "partner"]

    def search(self, queryset, name, value):
        return _search(queryset, ("title", "justification", "partner__name"), value)


class DeliveryFilter(django_filters.FilterSet):
    request = django_filters.UUIDFilter(label=_("Request"), field_name="request_id")
    acceptance = django_filters.ChoiceFilter(label=_("Acceptance"), choices=Acceptance.choices)

    class Meta:
        model = Delivery
        fields = ["request", "acceptance"]
