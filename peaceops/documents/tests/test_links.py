"""Links from documents to other records: shown only when the actor may see both ends, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peaceops.audit.models import AuditEvent
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.documents import selectors
from peaceops.documents.models import Link
from peaceops.documents.services import link_create, link_delete
from peaceops.people.tests.factories import PersonFactory

from .test_reading import make_document

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world(agencies, units, actors):
    """An unclassified VDPO report linked (by the admin) to a personal-data person, a plain person and a unit."""
    document = make_document(agencies["VDPO"], [(0, "Báo cáo tuyển chọn sĩ quan tham mưu.")])
    private = PersonFactory(level_id=1, owner="VDPO", compartments=["PERSONAL-DATA"], family_name="Hoàng",
                            given_name="Riêng", service_number="QN-900001")
    plain = PersonFactory(level_id=0, owner="VDPO", family_name="Phan", given_name="Công", service_number="QN-900002")
    unit = units["ENG-4"]
    admin = actors["admin"]
    links = {
        "private": link_create(actor=admin, document=document, target=private, note="hồ sơ cá nhân"),
        "plain": link_create(actor=admin, document=document, target=plain),
        "unit": link_create(actor=admin, document=document, target=unit, note="đơn vị đề cử"),
    }
    return {"document": document, "private": private, "plain": plain, "unit": unit, "links": links}


def test_a_link_whose_other_end_is_invisible_never_shows(world, actors, client_for, api_for):
    document, private = world["document"], world["private"]
    # planner: SECRET but without PERSONAL-DATA, so the private person is invisible to them.
    shown = selectors.links_for_document(actor=actors["planner"], document=document)
    assert sorted(s.kind for s in shown) == ["person", "unit"] and private.pk not in [s.target.pk for s in shown]
    html = client_for("planner").get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "Hoàng" not in html and "QN-900001" not in html and "hồ sơ cá nhân" not in html
    assert "QN-900002" in html and "ENG-4" in html
    body = api_for("planner").get(f"/api/v1/documents/{document.pk}/links/")
    assert body.status_code == 200 and len(body.json()) == 2
    assert str(private.pk) not in body.content.decode() and "QN-900001" not in body.content.decode()
    # personnel holds PERSONAL-DATA: all three.
    assert len(api_for("personnel").get(f"/api/v1/documents/{document.pk}/links/").json()) == 3


def test_documents_citing_an_invisible_record_are_never_listed(world, actors, client_for):
    private = world["private"]
    assert selectors.documents_citing(actor=actors["planner"], target=private) == []
    assert client_for("planner").get(reverse("documents:citing", args=["person", private.pk])).status_code == 404
    assert [link.document for link in selectors.documents_citing(actor=actors["personnel"], target=private)] == [
        world["document"]]


def test_a_record_cited_only_by_invisible_documents_shows_none(world, agencies, actors, client_for):
    unit = world["unit"]
    secret = make_document(agencies["MOD"], [(2, "Kế hoạch bí mật của Bộ Quốc phòng.")], level=2,
                           title="Kế hoạch điều động công binh")
    link_create(actor=actors["admin"], document=secret, target=unit)
    # personnel is CONFIDENTIAL: only the unclassified report, never the SECRET plan, not even in the count.
    assert [link.document for link in selectors.documents_citing(actor=actors["personnel"], target=unit)] == [
        world["document"]]
    panel = client_for("personnel").get(reverse("documents:citing", args=["unit", unit.pk]), **HX).content.decode()
    assert "Kế hoạch điều động công binh" not in panel and "(1)" in panel
    planner_panel = client_for("planner").get(reverse("documents:citing", args=["unit", unit.pk]), **HX).content.decode()
    assert "Kế hoạch điều động công binh" in planner_panel and "(2)" in planner_panel
    # The panel raises the host page's banners out of band to the SECRET document it lists.
    assert 'data-marking="SECRET"' in planner_panel and 'hx-swap-oob="true"' in planner_panel


def test_the_citing_panel_keeps_the_host_pages_higher_marking(world, client_for):
    url = reverse("documents:citing", args=["unit", world["unit"].pk]) + "?level=1&compartment=PERSONAL-DATA&compartment=BOGUS"
    panel = client_for("personnel").get(url, **HX).content.decode()
    assert 'data-marking="CONFIDENTIAL"' in panel and "PERSONAL-DATA" in panel and "BOGUS" not in panel


def test_person_and_unit_pages_load_the_citing_panel(world, client_for):
    person_page = client_for("personnel").get(reverse("people:detail", args=[world["plain"].pk])).content.decode()
    citing = reverse("documents:citing", args=["person", world["plain"].pk])
    assert 'data-testid="documents-citing"' in person_page and citing in person_page
    unit_page = client_for("personnel").get(reverse("org:unit", args=[world["unit"].pk])).content.decode()
    assert reverse("documents:citing", args=["unit", world["unit"].pk]) in unit_page
    full = client_for("personnel").get(citing).content.decode()  # without JavaScript: a page of its own
    assert "Báo cáo tuyển chọn" in full or world["document"].title in full


def test_making_a_link_needs_the_change_role_and_sight_of_both_ends(world, agencies, actors):
    document = world["document"]
    with pytest.raises(NotPermitted):  # the auditor may read but not change documents
        link_create(actor=actors["auditor"], document=document, target=world["unit"])
    hidden = PersonFactory(level_id=1, owner="MFA", service_number="NG-000777")
    with pytest.raises(NotPermitted):
        link_create(actor=actors["planner"], document=document, target=hidden)
    mfa_only = make_document(agencies["MFA"], [(1, "Điện mật.")], level=1)
    with pytest.raises(NotPermitted):
        link_create(actor=actors["planner"], document=mfa_only, target=world["unit"])
    with pytest.raises(ServiceError):  # already linked
        link_create(actor=actors["admin"], document=document, target=world["unit"])
    assert Link.objects.count() == 3


def test_links_are_audited_when_made_and_removed(world, actors):
    link = world["links"]["private"]
    made = AuditEvent.objects.get(action="documents.link.create", changes__link=str(link.pk))
    assert made.target_id == str(world["document"].pk)
    assert made.changes["target"] == f"people.person:{world['private'].pk}"
    assert made.level == 1  # as high as the higher end
    link_delete(actor=actors["personnel"], link=link)
    assert not Link.objects.filter(pk=link.pk).exists()
    assert AuditEvent.objects.filter(action="documents.link.delete", changes__link=str(link.pk)).count() == 1


def test_nobody_removes_a_link_they_cannot_see(world, actors, client_for, api_for):
    link = world["links"]["private"]
    with pytest.raises(NotPermitted):
        link_delete(actor=actors["planner"], link=link)
    web = client_for("planner").post(reverse("documents:link-delete", args=[world["document"].pk, link.pk]))
    assert web.status_code == 404
    api = api_for("planner").delete(f"/api/v1/documents/{world['document'].pk}/links/{link.pk}/")
    assert api.status_code == 404
    assert Link.objects.filter(pk=link.pk).exists()


def test_the_page_form_links_by_service_number_or_unit_code(world, agencies, client_for):
    document = make_document(agencies["VDPO"], [(0, "Biên bản họp.")], title="Biên bản họp giao ban")
    planner = client_for("planner")
    url = reverse("documents:link-add", args=[document.pk])
    assert planner.post(url, {"kind": "person", "identifier": "qn-900002", "note": "người báo cáo"}).status_code == 302
    assert planner.post(url, {"kind": "unit", "identifier": "ENG-4"}).status_code == 302
    # A person the planner may not see is "not found", exactly like one that does not exist.
    response = planner.post(url, {"kind": "person", "identifier": "QN-900001"}, follow=True)
    missing = planner.post(url, {"kind": "person", "identifier": "QN-000000"}, follow=True)
    refused = [str(m) for m in response.context["messages"]][-1]
    absent = [str(m) for m in missing.context["messages"]][-1]
    assert refused == absent.replace("QN-000000", "QN-900001") and "QN-900001" in refused
    assert sorted(s.kind for s in selectors.links_for_document(actor=planner_actor(world), document=document)) == [
        "person", "unit"]
    html = planner.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "người báo cáo" in html and 'data-testid="link-form"' in html


def planner_actor(world):
    from peaceops.access.actor import actor_for_user
    from peaceops.accounts.models import User

    return actor_for_user(User.objects.get(username="planner"))


def test_the_api_makes_and_removes_links(world, agencies, api_for):
    document = make_document(agencies["VDPO"], [(0, "Kế hoạch huấn luyện.")])
    api = api_for("planner")
    base = f"/api/v1/documents/{document.pk}/links/"
    created = api.post(base, {"kind": "unit", "identifier": "eng-4", "note": "đơn vị"}, format="json")
    assert created.status_code == 201 and created.json()["kind"] == "unit" and created.json()["note"] == "đơn vị"
    assert api.post(base, {"kind": "unit", "identifier": "ENG-4"}, format="json").status_code == 400
    assert api.post(base, {"kind": "person", "identifier": "QN-900001"}, format="json").status_code == 400
    assert api.post(base, {"kind": "mission", "identifier": "X"}, format="json").status_code == 400
    assert api.post(base, {}, format="json").status_code == 400
    assert api_for("auditor").post(base, {"kind": "unit", "identifier": "ENG-4"}, format="json").status_code == 404
    link_id = created.json()["id"]
    assert api.get(f"{base}{link_id}/").json()["label"].endswith("(ENG-4)")
    assert api.delete(f"{base}{link_id}/").status_code == 204
    assert api.delete(f"{base}{link_id}/").status_code == 404
    assert api.get(base).json() == []


def test_the_links_of_an_invisible_document_are_404(world, agencies, actors, api_for, client_for):
    secret = make_document(agencies["MOD"], [(2, "Tối mật.")], level=2)
    link_create(actor=actors["admin"], document=secret, target=world["unit"])
    assert api_for("personnel").get(f"/api/v1/documents/{secret.pk}/links/").status_code == 404
    assert api_for("personnel").get("/api/v1/documents/not-a-uuid/links/").status_code == 404
    assert client_for("personnel").post(reverse("documents:link-add", args=[secret.pk]),
                                        {"kind": "unit", "identifier": "ENG-4"}).status_code == 404


def test_listing_links_takes_one_query_per_kind(world, actors, django_assert_max_num_queries):
    for n in range(20):
        extra = PersonFactory(level_id=0, owner="VDPO", service_number=f"QN-95{n:04d}")
        link_create(actor=actors["admin"], document=world["document"], target=extra)
    document = world["document"]
    with django_assert_max_num_queries(5):
        shown = selectors.links_for_document(actor=actors["personnel"], document=document)
    assert len(shown) == 23


def test_the_document_page_costs_the_same_queries_however_many_links_it_has(world, actors, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, url = client_for("personnel"), reverse("documents:detail", args=[world["document"].pk])
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    before = count()
    for n in range(20):
        link_create(actor=actors["admin"], document=world["document"],
                    target=PersonFactory(level_id=0, owner="VDPO", service_number=f"QN-96{n:04d}"))
    assert count() == before <= 20  # 16 measured: session, actor, document, portions, files, lessons, actions, links
