"""Partners pages: lists with search, filters, sort and HTMX partials; forms through the services; the
request page with deliveries; the audited CSV export; 404 for what the reader may not see."""

import pytest
from django.urls import reverse

from peaceops.audit.models import AuditEvent
from peaceops.partners.models import Delivery, Offer, Partner, Request

from .conftest import make_offer, make_partner, make_request, marking, today

pytestmark = pytest.mark.django_db


def test_the_offers_page_lists_searches_filters_and_sorts(client_for, admin, partner):
    make_offer(admin, partner, title="Alpha English course", kind="english")
    make_offer(admin, partner, title="Beta equipment set", kind="equipment", status="withdrawn")
    web = client_for("health")
    html = web.get(reverse("partners:index")).content.decode()
    assert "Alpha English course" in html and "Beta equipment set" in html and "fictional example" in html
    assert "Beta" not in web.get(reverse("partners:index") + "?q=alpha").content.decode()
    assert "Alpha" not in web.get(reverse("partners:index") + "?kind=equipment").content.decode()
    assert "Beta" not in web.get(reverse("partners:index") + "?open=true").content.decode()
    ordered = web.get(reverse("partners:index") + "?sort=-title").content.decode()
    assert ordered.index("Beta equipment") < ordered.index("Alpha English")
    partial = web.get(reverse("partners:index") + "?q=alpha", HTTP_HX_REQUEST="true").content.decode()
    assert "Alpha English course" in partial and "<html" not in partial


def test_a_reader_without_a_partners_role_sees_no_write_button_and_gets_404_on_forms(client_for, offer):
    web = client_for("health")
    html = web.get(reverse("partners:offer", args=[offer.pk])).content.decode()
    assert "Draft a request" not in html and reverse("partners:offer-edit", args=[offer.pk]) not in html
    assert web.get(reverse("partners:offer-create")).status_code == 404
    assert web.get(reverse("partners:request-create", args=[offer.pk])).status_code == 404
    assert web.post(reverse("partners:partner-create"), {"code": "X1", "name": "x", "kind": "other"}).status_code == 404
    assert not Partner.objects.filter(code="X1").exists()


def test_a_planner_records_a_partner_and_an_offer_with_the_forms(client_for, structure):
    web = client_for("planner")
    response = web.post(reverse("partners:partner-create"), {"code": "demo-x", "name": "Demo partner X",
                                                             "kind": "training_centre", "fictional": "on",
                                                             "active": "on"})
    partner = Partner.objects.get(code="DEMO-X")
    assert response.status_code == 302 and partner.fictional
    response = web.post(reverse("partners:offer-create"), {
        "partner": "DEMO-X", "kind": "course", "title": "Course places", "quantity": "4",
        "available_from": "2026-01-01", "available_until": "2025-12-31"})
    assert "The offer cannot end before it starts." in response.content.decode()
    response = web.post(reverse("partners:offer-create"), {
        "partner": "DEMO-X", "kind": "course", "title": "Course places", "quantity": "4",
        "available_from": today().isoformat(), "available_until": today().isoformat()})
    offer = Offer.objects.get(title="Course places")
    assert response.status_code == 302 and response["Location"] == reverse("partners:offer", args=[offer.pk])


def test_an_edit_from_a_stale_page_is_refused_with_the_reason(client_for, admin, partner):
    web = client_for("planner")
    fields = {"code": partner.code, "name": "First", "kind": "other", "version": "1"}
    assert web.post(reverse("partners:partner-edit", args=[partner.pk]), fields).status_code == 302
    html = web.post(reverse("partners:partner-edit", args=[partner.pk]), fields | {"name": "Second"}).content.decode()
    assert "Someone else saved this record" in html
    assert Partner.objects.get(pk=partner.pk).name == "First"


def test_drafting_a_request_from_an_offer_then_delivering_and_accepting(client_for, offer):
    web = client_for("planner")
    form = web.get(reverse("partners:request-create", args=[offer.pk]) + "?quantity=3&title=Places+for+MEM")
    assert 'value="Places for MEM"' in form.content.decode()
    agencies = {a.code: str(a.pk) for a in __import__("peaceops.org.models", fromlist=["Agency"]).Agency.objects.all()}
    response = web.post(reverse("partners:request-create", args=[offer.pk]), {
        "title": "Places for MEM", "quantity": "3", "level": "1", "owning_agency": agencies["VDPO"],
        "releasable_to": [agencies["MOD"]]})
    request = Request.objects.unrestricted().get(title="Places for MEM")
    assert response["Location"] == reverse("partners:request", args=[request.pk]) and request.level_id == 1
    for status in ("submitted", "agreed"):
        web.post(reverse("partners:request-status", args=[request.pk]), {"status": status,
                                                                          "version": Request.objects.unrestricted().get(pk=request.pk).version})
    page = web.get(reverse("partners:request", args=[request.pk])).content.decode()
    assert 'data-testid="delivery-form"' in page and "Agreed by the partner" in page
    web.post(reverse("partners:delivery-create", args=[request.pk]), {"delivered_on": today().isoformat(),
                                                                        "quantity": "3"})
    delivery = Delivery.objects.get(request=request)
    response = web.post(reverse("partners:delivery-decide", args=[delivery.pk]), {"acceptance": "accepted",
                                                                                    "version": delivery.version},
                        follow=True)
    assert "Delivery accepted." in response.content.decode()
    assert Request.objects.unrestricted().get(pk=request.pk).status == "delivered"


def test_a_refused_step_comes_back_as_a_message(client_for, admin, offer):
    request = make_request(admin, offer)
    response = client_for("planner").post(reverse("partners:request-status", args=[request.pk]),
                                          {"status": "delivered", "version": request.version}, follow=True)
    assert "cannot become" in response.content.decode()


def test_a_request_the_reader_may_not_see_is_404_everywhere_and_absent_from_lists(client_for, admin, offer):
    hidden = make_request(admin, offer, title="Hidden MOH request", status="agreed",
                          mark=marking(level=1, owner="MOH", released=()))
    delivery = Delivery.objects.create(request=hidden, delivered_on=today(), quantity=1)
    web = client_for("planner")
    for name in ("partners:request", "partners:request-edit", "partners:request-status", "partners:delivery-create"):
        assert web.get(reverse(name, args=[hidden.pk])).status_code == 404, name
    assert web.post(reverse("partners:delivery-decide", args=[delivery.pk]), {"acceptance": "accepted"}).status_code == 404
    assert "Hidden MOH request" not in web.get(reverse("partners:requests")).content.decode()
    assert "Hidden MOH request" not in web.get(reverse("partners:offer", args=[offer.pk])).content.decode()
    assert client_for("health").get(reverse("partners:request", args=[hidden.pk])).status_code == 200


def test_the_csv_export_is_audited_and_refused_without_the_role(client_for, admin, partner):
    make_offer(admin, partner, title="Exported offer")
    response = client_for("planner").get(reverse("partners:offer-export") + "?q=Exported")
    assert response.status_code == 200 and "Exported offer" in response.content.decode("utf-8-sig")
    event = AuditEvent.objects.get(action="partners.offer.export")
    assert event.changes == {"count": 1, "filters": {"q": "Exported"}}
    assert client_for("health").get(reverse("partners:offer-export")).status_code == 404


def test_the_partner_page_shows_its_offers_and_the_fictional_badge(client_for, admin, partner):
    make_offer(admin, partner, title="Partner page offer")
    real = make_partner(admin, code="REAL", fictional=False, source="DOMAIN_FACTS.md §10")
    html = client_for("public").get(reverse("partners:partner", args=[partner.pk])).content.decode()
    assert "Partner page offer" in html and "fictional example" in html
    assert "fictional example" not in client_for("public").get(reverse("partners:partner", args=[real.pk])).content.decode()
    listing = client_for("public").get(reverse("partners:partners") + "?q=REAL").content.decode()
    assert real.name in listing and partner.name not in listing


def test_the_navigation_links_to_the_partners_index(client_for, structure):
    html = client_for("public").get(reverse("core:dashboard")).content.decode()
    assert f'href="{reverse("partners:index")}"' in html


def test_the_export_and_the_gap_page_are_marked_like_the_requests_behind_their_figures(client_for, admin, partner):
    offer = make_offer(admin, partner, title="Held offer")
    make_request(admin, offer, quantity=2)  # CONFIDENTIAL, released to every ministry
    web = client_for("planner")
    assert web.get(reverse("partners:offer-export"))["X-PeaceOps-Marking"] == "CONFIDENTIAL"
    assert client_for("public").get(reverse("partners:offer-export")).status_code == 404  # no export role
    make_offer(admin, make_partner(admin, code="OTHER"), title="Free offer")
    assert web.get(reverse("partners:offer-export") + "?q=Free")["X-PeaceOps-Marking"] == "UNCLASSIFIED"


def test_the_partner_page_lists_the_course_sessions_it_funds(client_for, partner, reference):
    from peaceops.readiness.tests.training_factories import SessionFactory

    session = SessionFactory(funding_partner=partner, code="S-FUNDED")
    SessionFactory(code="S-OTHER")
    html = client_for("public").get(reverse("partners:partner", args=[partner.pk])).content.decode()
    assert reverse("readiness:session", args=[session.pk]) in html and "S-OTHER" not in html
