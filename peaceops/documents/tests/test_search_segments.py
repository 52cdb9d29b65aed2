"""PostgreSQL's full-text index in id segments (search/segments.py): the same answers as one index, newest first."""

import io

import pytest
from django.db import connection

from peaceops.audit.models import AuditEvent
from peaceops.documents.search import search_documents, segments
from peaceops.documents.search.cli import run_segments
from peaceops.documents.search.models import SearchEntry

from .test_search import C, S, U, make_document

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'")

QUERIES = ["rotation", "hospital rotation", "budget", "minister", "nothing-matches-this"]


@pytest.fixture(autouse=True)
def ids_from_one(db):
    """Index rows numbered from 1, as in a fresh installation (segments start at id 0, and the tests' rows
    would otherwise take ids after every row the suite ever wrote: sequences do not roll back)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{segments.TABLE}', 'id'), 1, false)")


@pytest.fixture
def library(structure):
    """Twelve documents whose portions sit at every level the personas straddle (some 30 index rows)."""
    for number in range(12):
        make_document(f"Hospital rotation {number}", [
            (U, f"The hospital rotation number {number} left on time."),
            (C, "The budget of the rotation was discussed."),
            (S if number % 3 == 0 else C, "The minister approved the rotation."),
        ], level=S if number % 3 == 0 else C, tags=["KPKO"] if number % 2 else ["PREL"], agency="VDPO" if number % 4 else "MOD")


def answers(actors):
    """What every persona gets for every query: the count, the documents, the facets."""
    seen = {}
    for persona in ("planner", "personnel", "public", "health"):
        for query in QUERIES:
            results = search_documents(actor=actors[persona], query=query, per_page=100)
            seen[persona, query] = (results.count, sorted(str(h.document.pk) for h in results.hits),
                                    {name: sorted((b.value, b.count) for b in buckets)
                                     for name, buckets in results.facets.items()})
    return seen


@postgres_only
def test_a_split_index_gives_every_reader_the_answers_of_the_whole_index(library, actors):
    whole = answers(actors)
    assert segments.ranges() == [(0, None)]  # a fresh installation: the tail is the whole table
    done = segments.split(width=5)
    top = SearchEntry.objects.order_by("-id").values_list("id", flat=True).first()
    assert done["segments"] == top // 5 and len(done["created"]) == done["segments"] + 1
    assert done["dropped"] == [segments.LEGACY_TAIL]
    assert answers(actors) == whole


@postgres_only
def test_the_segments_and_the_tail_hold_every_id_once_newest_first(library):
    segments.split(width=5)
    ranges = segments.ranges()
    tail, *closed = ranges
    assert tail[1] is None and closed[0][1] == tail[0]
    assert [low for low, _high in closed] == sorted((low for low, _high in closed), reverse=True)
    assert closed[-1][0] == 0
    for (low, high), (_next_low, next_high) in zip(closed[1:], closed, strict=False):
        assert high == _next_low and high - low == 5 and next_high > high


@postgres_only
def test_rows_written_after_a_split_are_found_and_a_second_split_only_closes_what_filled_up(library, actors):
    segments.split(width=5)
    assert segments.split(width=5)["created"] == []  # idempotent
    before = search_documents(actor=actors["planner"], query="rotation").count
    for number in range(6):
        make_document(f"Late rotation {number}", [(U, "A late rotation.")])
    assert search_documents(actor=actors["planner"], query="rotation").count == before + 6
    again = segments.split(width=5)
    assert again["created"] and search_documents(actor=actors["planner"], query="rotation").count == before + 6


@postgres_only
def test_a_segment_beyond_a_gap_is_not_used_until_the_gap_is_filled(library, actors):
    whole = answers(actors)
    with connection.cursor() as cursor:  # as if the build of [5, 10) had failed between two that did not
        for low in (0, 10):
            cursor.execute(f"CREATE INDEX {segments.segment_name(low, low + 5)} ON {segments.TABLE} USING gin (vector) "
                           f"WHERE {segments.range_sql('id', low, low + 5)}")
    assert segments.catalogue().stray == [(10, 15)] and segments.ranges() == [(5, None), (0, 5)]
    assert answers(actors) == whole
    segments.split(width=5)
    assert (10, 15) in segments.catalogue().closed and answers(actors) == whole


@postgres_only
def test_a_capped_search_takes_the_newest_rows_first(structure, actors, settings):
    settings.PEACEOPS_SEARCH_CAP = 2
    documents = [make_document(f"Broad {number}", [(U, "common words everywhere")]) for number in range(8)]
    segments.split(width=3)
    results = search_documents(actor=actors["public"], query="common", per_page=10)
    assert results.capped
    newest = {str(d.pk) for d in documents[-3:]}
    assert {str(h.document.pk) for h in results.hits} <= newest


def test_the_command_splits_the_index_and_is_audited(library):
    out = io.StringIO()
    assert run_segments(["--width", "5"], out) == 0
    if connection.vendor != "postgresql":
        assert "nothing to do" in out.getvalue()
        return
    assert "closed segments" in out.getvalue()
    assert AuditEvent.objects.filter(action="documents.search.segments").exists()
    assert len(segments.ranges()) > 1


@postgres_only
def test_after_a_full_reindex_the_emptied_leading_segments_are_dropped_and_nothing_is_lost(library, actors):
    from peaceops.documents.search import reindex_all

    segments.split(width=5)
    whole = answers(actors)
    reindex_all()  # every row written again, with ids above every segment
    assert answers(actors) == whole
    done = segments.split(width=5)
    assert any(name.startswith("searchentry_seg_0_") for name in done["dropped"])
    lowest = segments.catalogue().closed[0][0]
    assert lowest > 0 and segments.ranges()[-1] == (0, lowest)
    assert answers(actors) == whole
