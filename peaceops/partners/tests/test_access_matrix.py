"""Requests and their deliveries in the shared access matrix (see peaceops.access.testing): every persona
against a request (or a delivery's request) at every marking case; invisible ones are 404 on every route
that names them and leave no marker on any list, count, export or API."""

import pytest
from django.urls import reverse

from peaceops.access.testing import AccessMatrixMixin, json_count
from peaceops.partners.models import Delivery, Offer, Partner, Request
from peaceops.people.tests.factories import MarkedFactory

from .conftest import today

_counter = iter(range(10**6))


class RequestFactory(MarkedFactory):
    class Meta:
        model = Request

    quantity = 1
    status = "agreed"


def marking_kwargs(case, today_):
    return {"level_id": case.level, "owner": case.owner, "compartments": case.compartments,
            "released": case.released, "declassify_on": case.declassify_on(today_),
            "downgrade_level_id": case.downgrade_level}


def host_offer() -> Offer:
    partner = Partner.objects.get_or_create(code="MATRIX", defaults={"name": "Matrix partner"})[0]
    return Offer.objects.get_or_create(partner=partner, title="Matrix offer", defaults={
        "kind": "course", "quantity": 10, "available_from": today(), "available_until": today()})[0]


@pytest.mark.django_db
class TestRequestAccessMatrix(AccessMatrixMixin):
    model = Request
    marker_prefix = "Pq"

    def make(self, case, marker, today_):
        offer = host_offer()
        return RequestFactory(partner=offer.partner, offer=offer, title=marker, **marking_kwargs(case, today_))

    def pages_showing(self, obj):
        return [reverse("partners:offer", args=[obj.offer_id]), reverse("partners:partner", args=[obj.partner_id])]

    def check_counts(self, persona, api, web, expected, today_):
        assert json_count(api.get(reverse("api:partners-request-list"))) == expected, persona
        html = web.get(reverse("partners:index")).content.decode()
        assert f'data-stat="open-requests"><a href="{reverse("partners:requests")}">{expected}<' in html, persona


@pytest.mark.django_db
class TestDeliveryAccessMatrix(AccessMatrixMixin):
    model = Delivery
    marker_prefix = "Dq"

    def make(self, case, marker, today_):
        offer = host_offer()
        request = RequestFactory(partner=offer.partner, offer=offer, title=f"Host {next(_counter)}",
                                 **marking_kwargs(case, today_))
        delivery = Delivery(request=request, delivered_on=today_, quantity=1, notes=marker)
        delivery.save(force_insert=True)
        return delivery

    def pages_showing(self, obj):
        return [reverse("partners:request", args=[obj.request_id])]

    def check_counts(self, persona, api, web, expected, today_):
        assert json_count(api.get(reverse("api:partners-delivery-list"))) == expected, persona
        html = web.get(reverse("partners:index")).content.decode()
        assert f'data-stat="pending-deliveries">{expected}<' in html, persona
