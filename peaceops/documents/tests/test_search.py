"""Full-text search: no leak from portions above the reader, diacritics, ranking, facets, API, query counts."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peaceops.access.context import system_scope
from peaceops.access.testing import AccessMatrixMixin, json_count
from peaceops.documents.models import Document, Portion
from peaceops.documents.search import index_document, reindex_all, search_documents, unindex_document
from peaceops.documents.search.models import SearchEntry
from peaceops.documents.search.service import SearchFilters, SearchQueryError, agency_table, parse_filters

pytestmark = pytest.mark.django_db

U, C, S, TS = 0, 1, 2, 3
SECRET_WORD = "quixotrail"
_hashes = itertools.count()


def _agency(code):
    from peaceops.org.models import Agency

    return Agency.objects.get(code=code)


def _release(*codes):
    from peaceops.people.tests.factories import release_mask

    return release_mask(*codes)


def make_document(title, portions, *, level=None, agency="VDPO", kind="cable", tags=(), dated=dt.date(2009, 10, 1),
                  released=(), reference=""):
    """A document with portions [(level, text)], its banner the highest portion, indexed."""
    banner = max(p[0] for p in portions)
    owner = _agency(agency)
    marking = {"owning_agency": owner, "releasable_mask": _release(*released)}
    document = Document(kind=kind, title=title, reference=reference, tags=list(tags), dated=dated,
                        content_hash=f"{next(_hashes):064d}", level_id=banner if level is None else level,
                        banner_level_id=banner, **marking)
    document.save(force_insert=True)
    for order, (portion_level, text) in enumerate(portions, start=1):
        Portion(document=document, order=order, number=str(order), text=text, level_id=portion_level,
                **marking).save(force_insert=True)
    index_document(document)
    return document


@pytest.fixture
def leaky(structure):
    """A CONFIDENTIAL-titled cable whose only SECRET portion holds a word found nowhere else."""
    return make_document("FIELD HOSPITAL ROTATION PLANS", [
        (U, "The training centre hosted partner instructors for the field hospital rotation."),
        (C, "Officials said privately that the rotation may move to another sector."),
        (S, f"The minister approved the {SECRET_WORD} option for the rotation under strict secrecy."),
    ], level=C, tags=["PREL", "KPKO"])


# --- no leak ----------------------------------------------------------------------------------

FACET_NAMES = ("kind", "tag", "level", "agency", "year")


def test_a_term_only_in_a_secret_portion_gives_a_confidential_reader_nothing_at_all(leaky, actors):
    results = search_documents(actor=actors["personnel"], query=SECRET_WORD)
    assert results.count == 0 and results.hits == []
    assert all(results.facets[name] == [] for name in FACET_NAMES)


def test_the_planner_finds_the_secret_term_with_a_highlighted_snippet(leaky, actors):
    results = search_documents(actor=actors["planner"], query=SECRET_WORD)
    assert results.count == 1 and results.hits[0].document == leaky
    assert f"<mark>{SECRET_WORD}</mark>" in results.hits[0].snippet
    assert results.hits[0].snippet_entry.level_id == S
    assert {b.value: b.count for b in results.facets["tag"]} == {"PREL": 1, "KPKO": 1}


def test_a_confidential_reader_matching_a_visible_portion_gets_a_snippet_from_it_only(leaky, actors):
    results = search_documents(actor=actors["personnel"], query="rotation")
    assert results.count == 1
    snippet = results.hits[0].snippet
    assert "<mark>rotation</mark>" in snippet and SECRET_WORD not in snippet and "secrecy" not in snippet
    assert results.hits[0].snippet_entry.level_id <= C


def test_a_confidential_reader_never_gets_a_secret_document(structure, actors):
    make_document("SECRET ROTATION REVIEW", [(U, "A plain paragraph about the rotation."), (S, "More.")], level=S)
    results = search_documents(actor=actors["personnel"], query="rotation")
    assert results.count == 0 and all(results.facets[name] == [] for name in FACET_NAMES)
    assert search_documents(actor=actors["planner"], query="rotation").count == 1


def test_a_document_of_an_agency_the_reader_cannot_see_is_not_counted(structure, actors):
    make_document("MFA ONLY", [(U, "Embassy notes on the rotation.")], agency="MFA")
    make_document("MFA RELEASED", [(U, "Embassy notes on the rotation, released.")], agency="MFA", released=["VDPO"])
    results = search_documents(actor=actors["personnel"], query="embassy rotation")
    assert [h.document.title for h in results.hits] == ["MFA RELEASED"] and results.count == 1
    assert {b.value: b.count for b in results.facets["agency"]} == {"MFA": 1}


def test_the_api_leaks_nothing_from_a_secret_portion(leaky, api_for):
    url = reverse("api:document-search-list")
    body = api_for("personnel").get(url, {"q": SECRET_WORD}).json()
    assert body["count"] == 0 and body["results"] == []
    assert all(body["facets"][name] == [] for name in FACET_NAMES)
    assert SECRET_WORD not in str(body)
    planner = api_for("planner").get(url, {"q": SECRET_WORD}).json()
    assert planner["count"] == 1 and planner["results"][0]["id"] == str(leaky.pk)
    assert f"<mark>{SECRET_WORD}</mark>" in planner["results"][0]["snippet"]
    assert planner["results"][0]["snippet_marking"] == "SECRET"


def test_the_page_leaks_nothing_from_a_secret_portion(leaky, client_for):
    url = reverse("documents:search")
    personnel = client_for("personnel").get(url, {"q": SECRET_WORD})
    html = personnel.content.decode()
    assert personnel.status_code == 200 and 'data-search-count="0"' in html
    # The query itself is echoed (search box, links); nothing of the portion is: no mark, no other word.
    assert "<mark>" not in html and "secrecy" not in html and "data-count" not in html and "data-result" not in html
    planner = client_for("planner").get(url, {"q": SECRET_WORD}).content.decode()
    assert f"<mark>{SECRET_WORD}</mark>" in planner and reverse("documents:detail", args=[leaky.pk]) in planner
    assert 'data-marking="SECRET"' in planner  # the banner: the highest marking on screen (the snippet's)


def test_the_page_banner_follows_what_is_shown(leaky, client_for):
    html = client_for("personnel").get(reverse("documents:search"), {"q": "rotation"}).content.decode()
    assert 'data-marking="CONFIDENTIAL"' in html


# --- language ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["bo quoc phong", "BỘ QUỐC PHÒNG", "Bộ Quốc phòng", "bộ quoc phong"])
def test_vietnamese_is_found_with_or_without_diacritics(structure, actors, query):
    document = make_document("Báo cáo", [(U, "Đoàn công tác của Bộ Quốc phòng đã đến thăm bệnh viện.")])
    results = search_documents(actor=actors["public"], query=query)
    assert [h.document for h in results.hits] == [document]
    assert "<mark>Bộ</mark> <mark>Quốc</mark> <mark>phòng</mark>" in results.hits[0].snippet


@pytest.mark.parametrize("text,query", [("Đà Nẵng", "da nang"), ("Da Nang", "Đà Nẵng"), ("đường Điện Biên", "duong dien")])
def test_d_with_stroke_folds_to_d_both_ways(structure, actors, text, query):
    make_document("Công điện", [(U, f"Đơn vị tập kết tại {text} vào tuần sau.")])
    assert search_documents(actor=actors["public"], query=query).count == 1


def test_snippets_are_escaped_except_for_the_marks(structure, actors):
    make_document("Markup", [(U, "A <script>alert(1)</script> & the rotation <b>plan</b>.")])
    snippet = search_documents(actor=actors["public"], query="rotation").hits[0].snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet and "&amp;" in snippet
    assert "<mark>rotation</mark>" in snippet and "<b>" not in snippet


# --- ranking and facets -----------------------------------------------------------------------


def test_a_document_dense_with_the_terms_outranks_one_that_mentions_them_once(structure, actors):
    filler = " ".join(["staff officers attended the meeting in the capital"] * 30)
    once = make_document("Weekly summary", [(U, f"{filler} demining {filler}")])
    dense = make_document("Engineering note", [(U, "Demining teams, demining equipment and demining training.")])
    titled = make_document("Demining company readiness", [(U, f"{filler} demining.")])
    ranked = [h.document for h in search_documents(actor=actors["public"], query="demining").hits]
    assert ranked.index(dense) < ranked.index(once) and ranked.index(titled) < ranked.index(once)
    ranks = [h.rank for h in search_documents(actor=actors["public"], query="demining").hits]
    assert ranks == sorted(ranks, reverse=True)


def test_every_word_must_appear(structure, actors):
    make_document("A", [(U, "field hospital rotation")])
    make_document("B", [(U, "field engineering rotation")])
    assert search_documents(actor=actors["public"], query="field rotation").count == 2
    assert search_documents(actor=actors["public"], query="hospital rotation").count == 1


@pytest.fixture
def shelf(structure):
    make_document("Hospital cable one", [(U, "Hospital rotation.")], kind="cable", tags=["PREL", "KPKO"],
                  dated=dt.date(2009, 1, 5))
    make_document("Hospital cable two", [(U, "Hospital visit."), (C, "Hospital budget.")], kind="cable",
                  tags=["PREL"], dated=dt.date(2010, 3, 1), level=C)
    make_document("Hospital report", [(U, "Hospital lessons.")], kind="report", tags=["KPKO"],
                  dated=dt.date(2010, 6, 1), agency="MOD")
    make_document("Unrelated", [(U, "Engineering.")], kind="report", tags=["PREL"])


def buckets(results, name):
    return {b.value: b.count for b in results.facets[name]}


def test_facets_count_the_matching_documents_by_kind_tag_level_agency_and_year(shelf, actors):
    results = search_documents(actor=actors["planner"], query="hospital")
    assert results.count == 3
    assert buckets(results, "kind") == {"cable": 2, "report": 1}
    assert buckets(results, "tag") == {"PREL": 2, "KPKO": 2}
    assert buckets(results, "level") == {"UNCLASSIFIED": 2, "CONFIDENTIAL": 1}
    assert buckets(results, "agency") == {"VDPO": 2, "MOD": 1}
    assert buckets(results, "year") == {"2009": 1, "2010": 2}
    public = search_documents(actor=actors["public"], query="hospital")  # UNCLASSIFIED, VDPO only
    assert public.count == 1 and buckets(public, "level") == {"UNCLASSIFIED": 1}


@pytest.mark.parametrize("params,count", [
    ({"kind": "report"}, 1), ({"tag": "prel"}, 2), ({"level": "CONFIDENTIAL"}, 1), ({"agency": "MOD"}, 1),
    ({"year": "2010"}, 2), ({"kind": "cable", "year": "2010"}, 1),
])
def test_facet_filters_narrow_the_results_and_their_counts(shelf, actors, params, count):
    filters = parse_filters(params, agency_table())
    results = search_documents(actor=actors["planner"], query="hospital", filters=filters)
    assert results.count == count == len(results.hits) == sum(buckets(results, "kind").values())


@pytest.mark.parametrize("query,code", [("", "empty"), ("   ", "empty"), ("!!! ...", "empty"),
                                        ("x" * 201, "too_long"), (" ".join(f"w{i}" for i in range(9)), "too_many_terms")])
def test_empty_or_oversized_queries_are_refused(structure, actors, query, code):
    with pytest.raises(SearchQueryError) as raised:
        search_documents(actor=actors["planner"], query=query)
    assert raised.value.code == code


@pytest.mark.parametrize("params", [{"q": ""}, {"q": "x" * 201}, {"q": "a", "kind": "nonsense"},
                                    {"q": "a", "level": "ULTRA"}, {"q": "a", "agency": "NASA"},
                                    {"q": "a", "year": "20x9"}])
def test_the_api_answers_400_with_a_reason_for_bad_input(structure, api_for, params):
    response = api_for("planner").get(reverse("api:document-search-list"), params)
    assert response.status_code == 400 and response.json()["detail"] and response.json()["code"]


def test_the_page_explains_an_empty_query(structure, client_for):
    response = client_for("planner").get(reverse("documents:search"), {"q": "..."})
    assert response.status_code == 200 and "data-search-error" in response.content.decode()


# --- query counts -----------------------------------------------------------------------------


def test_a_search_costs_four_queries_whatever_the_page_size(shelf, actors, django_assert_num_queries):
    for size in (1, 2, 50):
        # agencies, the one search statement, the page's documents, their visible index rows; on
        # PostgreSQL the index's segments are read from the catalogue, and the statement's plan
        # settings are set before it and, inside a transaction (as in tests), put back after it
        with django_assert_num_queries(4 if connection.vendor == "sqlite" else 7):
            search_documents(actor=actors["planner"], query="hospital", per_page=size)


def test_the_search_api_and_page_issue_the_same_number_of_queries_at_any_page_size(shelf, api_for, client_for):
    api, web = api_for("planner"), client_for("planner")

    def count(client, url, params):
        client.get(url, params)  # warm the session / clearance caches alike
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        return len(captured)

    api_url, page_url = reverse("api:document-search-list"), reverse("documents:search")
    assert count(api, api_url, {"q": "hospital", "page_size": 1}) == count(api, api_url, {"q": "hospital", "page_size": 50})
    assert count(web, page_url, {"q": "hospital"}) == count(web, page_url, {"q": "hospital", "page": 2}) + 2  # page 2 is empty: no hydration


# --- keeping the index in step ----------------------------------------------------------------


def test_reindexing_a_document_follows_its_portions_and_unindex_drops_it(structure, actors):
    document = make_document("Plan", [(U, "alpha paragraph")])
    assert search_documents(actor=actors["public"], query="alpha").count == 1
    Portion.objects.unrestricted().filter(document=document).update(text="beta paragraph")
    index_document(document)
    assert search_documents(actor=actors["public"], query="alpha").count == 0
    assert search_documents(actor=actors["public"], query="beta").count == 1
    unindex_document(document.pk)
    assert search_documents(actor=actors["public"], query="beta").count == 0


def test_reindex_all_rebuilds_the_index_from_the_library(shelf, actors):
    before = search_documents(actor=actors["planner"], query="hospital").count
    with system_scope("test"):
        SearchEntry.objects.all().delete()
        assert search_documents(actor=actors["planner"], query="hospital").count == 0
        totals = reindex_all(batch=2)
    assert totals["documents"] == 4 and search_documents(actor=actors["planner"], query="hospital").count == before


def test_portions_sharing_a_marking_share_one_index_row_and_the_title_has_the_documents(structure):
    document = make_document("Title words", [(U, "one"), (C, "two"), (U, "three")], level=U)
    rows = {(r.head, r.level_id, r.portions) for r in SearchEntry.objects.filter(document_id=document.pk)}
    assert rows == {(True, U, "1,3"), (False, C, "2")}


def test_deleting_a_document_removes_its_index_rows(structure, actors):
    document = make_document("Gone", [(U, "ephemeral words")])
    document.delete()
    assert search_documents(actor=actors["public"], query="ephemeral").count == 0
    assert not SearchEntry.objects.filter(document_id=document.pk).exists()


def test_an_imported_cable_is_searchable(structure, actors, agencies):
    from peaceops.documents.services import import_file

    text = ("R 011200Z OCT 09\nFM AMEMBASSY HANOI\nTO SECSTATE WASHDC 0123\n\nC O N F I D E N T I A L HANOI 000123\n\n"
            "TAGS: PREL, VM\nSUBJECT: (U) VISIT TO ĐÀ NẴNG\n\n1. (U) The delegation met Bộ Quốc phòng officials.\n\n"
            "2. (C) They discussed the zephyrine proposal.\n\nSMITH\n")
    outcome = import_file(actor=actors["planner"], name="c.txt", content=text.encode(),
                          owning_agency_id=agencies["VDPO"].pk)
    assert outcome.status == "created", outcome.error
    # The (U) subject and the (U) paragraph share the document's marking: one passage for the index.
    assert search_documents(actor=actors["public"], query="da nang bo quoc phong").count == 1
    assert search_documents(actor=actors["public"], query="da nang zephyrine").count == 0
    assert search_documents(actor=actors["public"], query="bo quoc phong").count == 1
    assert search_documents(actor=actors["public"], query="zephyrine").count == 0
    assert search_documents(actor=actors["personnel"], query="zephyrine").count == 1


def test_the_system_actor_searches_without_the_access_filter(leaky):
    with system_scope("test") as actor:
        assert search_documents(actor=actor, query=SECRET_WORD, filters=SearchFilters()).count == 1


# --- the access matrix ------------------------------------------------------------------------


class TestSearchAccessMatrix(AccessMatrixMixin):
    """Documents at every marking, each titled with its marker and the word SQ: `?q=SQ` on every list
    route (the search page and API among them) never shows a hidden one, and the search counts match."""

    model = Document
    marker_prefix = "SQ"

    def make(self, case, marker, today):
        document = Document(
            kind="report", title=f"{marker} {self.marker_prefix}", content_hash=marker.ljust(64, "5"),
            level_id=case.level, banner_level_id=case.level, owning_agency=_agency(case.owner),
            compartments=case.compartments, releasable_mask=_release(*case.released),
            declassify_on=case.declassify_on(today), downgrade_level_id=case.downgrade_level,
        )
        document.save(force_insert=True)
        index_document(document)
        return document

    def test_routes_naming_a_record_answer_404_when_it_is_invisible(self):
        """Covered for documents by test_library.TestDocumentAccessMatrix; search has no record routes."""

    def check_counts(self, persona, api, web, expected, today):
        body = api.get(reverse("api:document-search-list"), {"q": self.marker_prefix}).json()
        assert body["count"] == expected == sum(b["count"] for b in body["facets"]["kind"]), persona
        html = web.get(reverse("documents:search"), {"q": self.marker_prefix}).content.decode()
        assert f'data-search-count="{expected}"' in html, persona


class TestSearchPortionAccessMatrix(AccessMatrixMixin):
    """One document everybody sees, one portion per marking: a portion's words reach a snippet only for
    readers cleared for that portion."""

    model = Portion
    expects_routes = False
    marker_prefix = "SP"

    def make(self, case, marker, today):
        host = Document.objects.unrestricted().filter(title="Host SP").first()
        if host is None:
            host = Document(kind="report", title="Host SP", content_hash="host".ljust(64, "6"), level_id=0,
                            banner_level_id=3, owning_agency=_agency("VDPO"),
                            releasable_mask=_release("VDPO", "MOD", "MFA", "MPS", "MOH"))
            host.save(force_insert=True)
        order = Portion.objects.unrestricted().filter(document=host).count() + 1
        portion = Portion(document=host, order=order, text=f"{self.marker_prefix} {marker}", level_id=case.level,
                          owning_agency=_agency(case.owner), compartments=case.compartments,
                          releasable_mask=_release(*case.released), declassify_on=case.declassify_on(today),
                          downgrade_level_id=case.downgrade_level)
        portion.save(force_insert=True)
        index_document(host)
        return portion

    def check_counts(self, persona, api, web, expected, today):
        # The host is one document, visible to all: one result whoever reads, or none if no portion is.
        body = api.get(reverse("api:document-search-list"), {"q": self.marker_prefix}).json()
        assert body["count"] == (1 if expected else 0), persona
        assert json_count(api.get(reverse("api:document-search-list"), {"q": self.marker_prefix})) == body["count"]


def test_the_reindex_command_rebuilds_the_index_and_is_audited(shelf, actors):
    import io

    from peaceops.audit.models import AuditEvent
    from peaceops.documents.search.cli import run

    SearchEntry.objects.all().delete()
    out = io.StringIO()
    assert run(["--quiet", "--batch", "3"], out) == 0
    assert "reindexed 4 documents" in out.getvalue()
    assert search_documents(actor=actors["planner"], query="hospital").count == 3
    assert AuditEvent.objects.filter(action="documents.search.reindex").exists()


def test_a_broad_search_is_capped_and_says_so(structure, actors, settings):
    settings.PEACEOPS_SEARCH_CAP = 2
    for number in range(4):
        make_document(f"Broad {number}", [(U, "common words everywhere")])
    results = search_documents(actor=actors["public"], query="common")
    assert results.capped and 2 <= results.count <= 3 and len(results.hits) == results.count
    body = None
    with system_scope("test") as system:
        body = search_documents(actor=system, query="common")
    assert body.capped


def test_the_cap_counts_only_what_the_reader_may_see(structure, actors, settings):
    settings.PEACEOPS_SEARCH_CAP = 2
    for number in range(5):
        make_document(f"Secret {number}", [(S, "common words everywhere")], level=S)
    make_document("Open", [(U, "common words everywhere")])
    results = search_documents(actor=actors["personnel"], query="common")
    assert (results.count, results.capped) == (1, False)
    assert all(sum(b.count for b in results.facets[name]) <= 1 for name in ("kind", "level", "agency", "year"))
    assert search_documents(actor=actors["planner"], query="common").capped


def test_an_import_may_hand_over_the_portions_it_has_just_created(structure, actors):
    document = make_document("Plan", [(U, "gamma paragraph")])
    portions = list(Portion.objects.unrestricted().filter(document=document))
    SearchEntry.objects.filter(document_id=document.pk).delete()
    index_document(document, portions=portions, fresh=True)
    assert search_documents(actor=actors["public"], query="gamma").count == 1


def test_the_library_list_offers_the_full_text_search(structure, client_for):
    html = client_for("public").get(reverse("documents:list")).content.decode()
    assert f'action="{reverse("documents:search")}"' in html
