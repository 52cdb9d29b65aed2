"""The partners API: writes through the services, 400 with a JSON reason on bad input, 404 for a request
the caller may not see, and the gap view."""

import pytest
from django.urls import reverse

from peaceops.partners.models import Delivery, Offer, Request

from .conftest import make_offer, make_request, marking, today

pytestmark = pytest.mark.django_db

MARKING = {"level": "CONFIDENTIAL", "owning_agency": "VDPO", "releasable_to": ["MOD"]}


def test_an_offer_is_created_listed_and_filtered_as_open(api_for, partner):
    api = api_for("planner")
    body = {"partner": partner.code, "kind": "course", "title": "API course", "quantity": 5,
            "available_from": today().isoformat(), "available_until": today().isoformat()}
    created = api.post(reverse("api:partners-offer-list"), body, format="json")
    assert created.status_code == 201 and created.json()["status"] == "open"
    listing = api.get(reverse("api:partners-offer-list") + "?open=true").json()
    assert [row["title"] for row in listing["results"]] == ["API course"]


@pytest.mark.parametrize("change, field", [
    ({"quantity": 0}, "quantity"),
    ({"available_until": "2020-01-01"}, "available_until"),
    ({"partner": "NOPE"}, "partner"),
    ({"kind": "spaceship"}, "kind"),
    ({"level": "B2"}, "level"),
])
def test_bad_offer_input_answers_400_naming_the_field(api_for, partner, change, field):
    body = {"partner": partner.code, "kind": "course", "title": "Bad", "quantity": 5,
            "available_from": today().isoformat(), "available_until": today().isoformat()} | change
    response = api_for("planner").post(reverse("api:partners-offer-list"), body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Offer.objects.filter(title="Bad").exists()


def test_a_request_is_drafted_against_an_offer_and_moved_on_step_by_step(api_for, offer):
    api = api_for("planner")
    created = api.post(reverse("api:partners-request-list"), {"offer": str(offer.pk), "title": "API request",
                                                               "quantity": 2, "marking": MARKING}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["partner"] == offer.partner.code and body["marking"]["level"] == "CONFIDENTIAL"
    url = reverse("api:partners-request-transition", args=[body["id"]])
    refused = api.post(url, {"status": "agreed", "version": body["version"]}, format="json")
    assert refused.status_code == 400 and "status" in refused.json()
    moved = api.post(url, {"status": "submitted", "version": body["version"]}, format="json")
    assert moved.status_code == 200 and moved.json()["status"] == "submitted"
    stale = api.post(url, {"status": "agreed", "version": body["version"]}, format="json")
    assert stale.status_code == 409


def test_a_request_without_a_marking_or_with_a_bad_status_is_400(api_for, admin, offer):
    api = api_for("planner")
    response = api.post(reverse("api:partners-request-list"), {"offer": str(offer.pk), "title": "x", "quantity": 1},
                        format="json")
    assert response.status_code == 400 and "marking" in response.json()
    request = make_request(admin, offer)
    response = api.post(reverse("api:partners-request-transition", args=[request.pk]),
                        {"status": "finished", "version": request.version}, format="json")
    assert response.status_code == 400 and "status" in response.json()


def test_a_request_the_caller_may_not_see_is_404_on_every_route(api_for, admin, offer):
    hidden = make_request(admin, offer, status="agreed", mark=marking(level=1, owner="MOH", released=()))
    delivery = Delivery.objects.create(request=hidden, delivered_on=today(), quantity=1)
    api = api_for("planner")
    assert api.get(reverse("api:partners-request-detail", args=[hidden.pk])).status_code == 404
    assert api.patch(reverse("api:partners-request-detail", args=[hidden.pk]), {"version": 1},
                     format="json").status_code == 404
    assert api.post(reverse("api:partners-request-transition", args=[hidden.pk]),
                    {"status": "cancelled", "version": hidden.version}, format="json").status_code == 404
    assert api.get(reverse("api:partners-delivery-detail", args=[delivery.pk])).status_code == 404
    assert api.post(reverse("api:partners-delivery-decision", args=[delivery.pk]),
                    {"acceptance": "accepted", "version": 1}, format="json").status_code == 404
    recorded = api.post(reverse("api:partners-delivery-list"), {"request": str(hidden.pk), "delivered_on":
                                                                today().isoformat(), "quantity": 1}, format="json")
    assert recorded.status_code == 400 and "request" in recorded.json()  # like an id that does not exist
    assert api.get(reverse("api:partners-request-list")).json()["count"] == 0
    assert Request.objects.unrestricted().get(pk=hidden.pk).status == "agreed"


def test_a_delivery_is_recorded_and_accepted_through_the_api(api_for, admin, offer):
    request = make_request(admin, offer, quantity=2, status="agreed")
    api = api_for("planner")
    created = api.post(reverse("api:partners-delivery-list"), {"request": str(request.pk), "delivered_on":
                                                               today().isoformat(), "quantity": 2}, format="json")
    assert created.status_code == 201 and created.json()["acceptance"] == "pending"
    too_many = api.post(reverse("api:partners-delivery-list"), {"request": str(request.pk), "delivered_on":
                                                                today().isoformat(), "quantity": 1}, format="json")
    assert too_many.status_code == 400 and "quantity" in too_many.json()
    decided = api.post(reverse("api:partners-delivery-decision", args=[created.json()["id"]]),
                       {"acceptance": "accepted", "version": created.json()["version"]}, format="json")
    assert decided.status_code == 200 and decided.json()["acceptance"] == "accepted"
    assert api.get(reverse("api:partners-request-detail", args=[request.pk])).json()["status"] == "delivered"


def test_a_reader_without_the_role_cannot_write_through_the_api(api_for, offer):
    api = api_for("health")
    response = api.post(reverse("api:partners-request-list"), {"offer": str(offer.pk), "title": "x", "quantity": 1,
                                                               "marking": MARKING}, format="json")
    assert response.status_code == 404
    assert api.get(reverse("api:partners-offer-detail", args=[offer.pk])).status_code == 200


def test_the_gap_view_answers_and_names_bad_dates(api_for, reference, admin, partner):
    make_offer(admin, partner, title="English B2", qualification="ENGLISH", level="B2")
    api = api_for("planner")
    body = api.get(reverse("api:partners-gap-list") + "?from=2027-03-01&to=2028-02-29").json()
    assert body["tour"] == {"start": "2027-03-01", "end": "2028-02-29"} and body["open_offers"] == 1
    bad = api.get(reverse("api:partners-gap-list") + "?from=2027-03-01&to=2026-01-01")
    assert bad.status_code == 400 and "to" in bad.json()
    unknown = api.get(reverse("api:partners-gap-list") + "?post_type=NOPE")
    assert unknown.status_code == 400 and "post_type" in unknown.json()
