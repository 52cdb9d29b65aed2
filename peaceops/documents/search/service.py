"""search_documents: ranked, snippeted, faceted full-text search with the clearance inside the SQL.

One statement finds the matches, ranks them, counts them and builds the facets:

    hits  = index rows matching the terms, VISIBLE to the actor (visibility_q on the row's own
            portion marking), whose document is VISIBLE too (visibility_q on the document),
            and which pass the facet filters; at most cap_rows() of them
    docs  = hits grouped by document (best rank)
    → the page of docs by rank, the count of docs, and per facet the count of docs per value.

So a term found only in a portion the actor may not read matches nothing for them: no result, no
count, no facet bucket. Snippets are cut in Python from the visible rows of the page only.

Backends (connection.vendor): SQLite FTS5 (bm25) and PostgreSQL tsvector (ts_rank); both share
the query text built here, only the match and rank expressions differ.

Very broad queries: the hits are capped at cap_rows() visible rows (SQLite: the most recently
indexed first; PostgreSQL: the first of the newest index segment that has any, search/segments.py), like the lists' CappedPaginator; the count
then reads "more than N" (`capped`), and ranks and facets describe those rows. On PostgreSQL only the
RANKED_MAX best of them by a cheap rank (title row first, then the most recently indexed) get ts_rank;
the others rank 0, after them (ts_rank detoasts each row's tsvector: 2,000 of them cost more than the
rest of the query for a frequent word). The cap applies after
the access filter, so it never counts, ranks or reveals anything the actor may not see. It is
smaller than the lists' 10,000 because every capped row is ranked: bm25 / ts_rank cost 3-30 µs a row
(bench/README.md, documents), and a common word matches most of 250,000 documents.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.access.actor import Actor
from peaceops.access.classified import visibility_q
from peaceops.access.models import level_code, level_label, level_labels
from peaceops.core.errors import ServiceError

from ..choices import DocumentKind
from ..models import Document
from . import segments
from .models import SearchEntry
from .snippets import query_terms, score_text, snippet

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
SEARCH_CAP = 2_000  # matching passages ranked and counted at most (settings.PEACEOPS_SEARCH_CAP)
PER_PAGE_DEFAULT = 20
PER_PAGE_MAX = 100
FACETS = ("kind", "tag", "level", "agency", "year")
HEAD_BOOST = 2.0  # a term in the title / reference / tags weighs double
# PostgreSQL: candidates ranked by ts_rank at most (the rest of the capped candidates rank 0, after them).
RANKED_MAX = 200
# PostgreSQL, for the search statement only (SET LOCAL): the candidates come from the GIN bitmap. Left
# to itself, the planner reads a frequent word's rows by a sequential scan, evaluating `@@` on each
# detoasted tsvector until cap_rows() visible ones match (169-248 ms at 250,000 documents); the
# bitmap reads only the word's posting list, and enough memory keeps it exact (no recheck, no detoast).
# Index scans off as well: with the index in id segments (search/segments.py), the planner would walk a
# segment's id range on the primary key and test `@@` on each row instead of reading its partial index.
POSTGRES_SEARCH_SETTINGS = {"enable_seqscan": "off", "enable_indexscan": "off", "work_mem": "32MB", "jit": "off"}


class SearchQueryError(ServiceError):
    """A query the search refuses (empty, too long, a filter value that does not exist)."""

    def __init__(self, message, *, code: str, field: str | None = "q"):
        super().__init__(message, field=field)
        self.code = code


@dataclass(frozen=True)
class SearchFilters:
    kind: str | None = None
    tag: str | None = None
    level: int | None = None
    agency_id: uuid.UUID | None = None
    year: int | None = None

    def active(self) -> dict:
        return {name: getattr(self, name) for name in ("kind", "tag", "level", "agency_id", "year")
                if getattr(self, name) is not None}


@dataclass
class FacetBucket:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchHit:
    document: Document
    rank: float
    snippet: str = ""
    snippet_entry: SearchEntry | None = None  # the visible index row the snippet was cut from


@dataclass
class SearchResults:
    query: str
    terms: list[str]
    filters: SearchFilters
    hits: list[SearchHit]
    count: int
    capped: bool
    facets: dict[str, list[FacetBucket]]
    page: int
    per_page: int
    agencies: dict = field(default_factory=dict, repr=False)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def marked_objects(self) -> list:
        """What is on screen: the documents listed and the index rows their snippets come from."""
        return [h.document for h in self.hits] + [h.snippet_entry for h in self.hits if h.snippet_entry]


def cap_rows() -> int:
    return int(getattr(settings, "PEACEOPS_SEARCH_CAP", SEARCH_CAP))


# --- input --------------------------------------------------------------------------------------


def parse_query(query: str | None) -> list[str]:
    query = (query or "").strip()
    if len(query) > MAX_QUERY_CHARS:
        raise SearchQueryError(_("The search is too long (at most %(count)d characters).") % {
            "count": MAX_QUERY_CHARS}, code="too_long")
    terms = query_terms(query)
    if not terms:
        raise SearchQueryError(_("Type at least one word to search for."), code="empty")
    if len(terms) > MAX_TERMS:
        raise SearchQueryError(_("The search has too many words (at most %(count)d).") % {"count": MAX_TERMS},
                               code="too_many_terms")
    return terms


def agency_table() -> dict:
    from peaceops.org.models import Agency

    return {a.pk: a for a in Agency.objects.all()}


def parse_filters(params, agencies: dict) -> SearchFilters:
    """Facet filters from request parameters (kind, tag, level, agency, year); unknown values are refused."""

    def value(name):
        raw = params.get(name)
        return raw.strip() if isinstance(raw, str) and raw.strip() else None

    kind, tag, level, agency, year = (value(n) for n in ("kind", "tag", "level", "agency", "year"))
    if kind is not None and kind not in DocumentKind.values:
        raise SearchQueryError(_("Unknown document kind."), code="bad_filter", field="kind")
    level_rank = None
    if level is not None:
        ranks = {code: rank for rank, (code, _vi, _en) in level_labels().items()}
        if level.upper() not in ranks:
            raise SearchQueryError(_("Unknown classification level."), code="bad_filter", field="level")
        level_rank = ranks[level.upper()]
    agency_id = None
    if agency is not None:
        by_code = {a.code: pk for pk, a in agencies.items()}
        if agency.upper() not in by_code:
            raise SearchQueryError(_("Unknown agency."), code="bad_filter", field="agency")
        agency_id = by_code[agency.upper()]
    year_value = None
    if year is not None:
        if not year.isdigit() or not 1900 <= int(year) <= 2100:
            raise SearchQueryError(_("The year must be a number such as 2009."), code="bad_filter", field="year")
        year_value = int(year)
    if tag is not None and len(tag) > 32:
        raise SearchQueryError(_("Unknown tag."), code="bad_filter", field="tag")
    return SearchFilters(kind=kind, tag=tag.upper() if tag else None, level=level_rank, agency_id=agency_id,
                         year=year_value)


# --- SQL ----------------------------------------------------------------------------------------


def _where(queryset) -> tuple[str, list]:
    """The WHERE clause Django builds for `queryset`, as SQL on its table's own name."""
    query = queryset.query
    if not query.where:
        return "1=1", []
    compiler = query.get_compiler(using=queryset.db)
    sql, params = compiler.compile(query.where)
    return (sql or "1=1"), list(params)


def effective_level(today: dt.date):
    return Case(When(Q(declassify_on__lte=today) & Q(downgrade_level_id__lt=F("level_id")),
                     then=F("downgrade_level_id")), default=F("level_id"))


def visible_entries(actor: Actor):
    queryset = SearchEntry.objects.all()
    if actor.is_system:
        return queryset
    aliases, condition = visibility_q(actor)
    return queryset.alias(**aliases).filter(condition)


def visible_documents(actor: Actor, filters: SearchFilters, today: dt.date):
    queryset = Document.objects.visible_to(actor)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.agency_id:
        queryset = queryset.filter(owning_agency_id=filters.agency_id)
    if filters.year:
        queryset = queryset.filter(dated__gte=dt.date(filters.year, 1, 1), dated__lte=dt.date(filters.year, 12, 31))
    if filters.level is not None:
        queryset = queryset.alias(_search_level=effective_level(today)).filter(_search_level=filters.level)
    return queryset


def _vendor_parts(terms: list[str]) -> dict:
    entries, documents = SearchEntry._meta.db_table, Document._meta.db_table
    if connection.vendor == "postgresql":
        return {
            "source": f"{entries} JOIN {documents} ON {documents}.id = {entries}.document_id",
            "match": f"{entries}.vector @@ to_tsquery('simple', %s)",
            "match_params": [" & ".join(terms)],
            "score": f"ts_rank({entries}.vector, to_tsquery('simple', %s))",
            "score_params": [" & ".join(terms)],
            "order": "",  # a bitmap scan has no useful order; LIMIT stops it early
            "year": f"CAST(EXTRACT(YEAR FROM {documents}.dated) AS integer)",
            "tags_each": "jsonb_array_elements_text(docs.tags) AS t(value)",
            "tag_filter": f"{documents}.tags @> %s::jsonb",
            "text": "text",
        }
    fts = f"{entries}_fts"
    return {
        "source": (f"{fts} JOIN {entries} ON {entries}.id = {fts}.rowid "
                   f"JOIN {documents} ON {documents}.id = {entries}.document_id"),
        "match": f"{fts} MATCH %s",
        "match_params": [" ".join('"' + t.replace('"', '""') + '"' for t in terms)],
        "score": f"-bm25({fts})",
        "score_params": [],
        "order": f"ORDER BY {fts}.rowid DESC",
        "year": f"CAST(substr({documents}.dated, 1, 4) AS integer)",
        "tags_each": "json_each(docs.tags) AS t",
        "tag_filter": f"EXISTS (SELECT 1 FROM json_each({documents}.tags) WHERE json_each.value = %s)",
        "text": "text",
    }


def main_sql(*, actor: Actor, query: str, filters: SearchFilters | None, page: int, per_page: int,
             today: dt.date | None = None) -> tuple[str, list]:
    """The one statement: page of (doc, rank), the count of docs and rows, and the facet buckets."""
    import json

    terms = parse_query(query)
    filters = filters or SearchFilters()
    today = today or timezone.localdate()
    parts = _vendor_parts(terms)
    entries, documents = SearchEntry._meta.db_table, Document._meta.db_table
    entry_where, entry_params = _where(visible_entries(actor))
    document_where, document_params = _where(visible_documents(actor, filters, today))
    tag_sql, tag_params = "", []
    if filters.tag:
        tag_sql = " AND " + parts["tag_filter"]
        tag_params = [json.dumps([filters.tag])] if connection.vendor == "postgresql" else [filters.tag]
    level_sql = (f"CASE WHEN {documents}.declassify_on <= %s AND {documents}.downgrade_level_id < {documents}.level_id "
                 f"THEN {documents}.downgrade_level_id ELSE {documents}.level_id END")
    text = parts["text"]
    document_columns = (f"{documents}.kind AS kind, {parts['year']} AS year, {documents}.owning_agency_id AS agency, "
                        f"{level_sql} AS level, {documents}.tags AS tags")
    score = f"{parts['score']} * (CASE WHEN {entries}.head THEN {HEAD_BOOST} ELSE 1.0 END)"
    if connection.vendor == "postgresql":
        # The document is checked row by row (a LATERAL subquery that OFFSET 0 keeps from being flattened):
        # the planner would otherwise hash every visible document (200,000 rows) to join the first 2,000 hits.
        # Candidates first, without their rank: read from the GIN bitmap (postgres_settings()), they need
        # neither the tsvector nor the body. Then only the RANKED_MAX best by a cheap rank (a match in the
        # title row first, then the most recently indexed) are ranked by ts_rank, which reads (detoasts)
        # each one's tsvector — ranking every capped candidate cost 2,000 detoasts for a frequent word.
        # When the candidates are fewer than RANKED_MAX, every one is ranked, as before.
        # The matching rows come from the index's id segments, newest first (search/segments.py): under the
        # LIMIT, PostgreSQL stops in the first segments that give enough rows instead of building the
        # bitmap of every row holding a frequent word. No segments: one range, the whole table.
        arms, arm_params = [], []
        for bounds in segments.ranges() or [None]:
            within = "" if bounds is None else segments.range_sql(f"{entries}.id", *bounds) + " AND "
            arms.append(f"(SELECT {entries}.id, {entries}.head, {entries}.document_id FROM {entries} "
                        f"WHERE {within}{parts['match']} AND ({entry_where}))")
            arm_params += [*parts["match_params"], *entry_params]
        hits = f"""
  WITH candidates AS MATERIALIZED (
    SELECT {entries}.id AS entry, {entries}.head AS head, {entries}.document_id AS doc,
           d.kind, d.year, d.agency, d.level, d.tags
    FROM ({' UNION ALL '.join(arms)}) AS {entries} CROSS JOIN LATERAL (
      SELECT {document_columns} FROM {documents}
      WHERE {documents}.id = {entries}.document_id AND ({document_where}){tag_sql} OFFSET 0) AS d
    LIMIT {cap_rows() + 1}
  ), ranked AS MATERIALIZED (
    SELECT best.entry, {score} AS score
    FROM (SELECT entry FROM candidates ORDER BY head DESC, entry DESC LIMIT {RANKED_MAX}) AS best
    JOIN {entries} ON {entries}.id = best.entry
  )
  SELECT candidates.doc, candidates.entry, candidates.head, COALESCE(ranked.score, 0) AS score,
         candidates.kind, candidates.year,
         candidates.agency, candidates.level, candidates.tags
  FROM candidates LEFT JOIN ranked ON ranked.entry = candidates.entry"""
        hits_params = [*arm_params, today, *document_params, *tag_params, *parts["score_params"]]
    else:
        hits = f"""
  SELECT {entries}.document_id AS doc, {entries}.id AS entry, {entries}.head AS head, {score} AS score,
         {document_columns}
  FROM {parts['source']}
  WHERE {parts['match']} AND ({entry_where}) AND ({document_where}){tag_sql}
  {parts['order']}
  LIMIT {cap_rows() + 1}"""
        hits_params = [*parts["score_params"], today, *parts["match_params"], *entry_params, *document_params,
                       *tag_params]
    sql = f"""
WITH hits AS MATERIALIZED ({hits}
),
docs AS MATERIALIZED (
  SELECT doc, MAX(score) AS score, kind, year, agency, level, tags FROM hits
  GROUP BY doc, kind, year, agency, level, tags
)
SELECT 'hit', CAST(doc AS {text}), score, (
    SELECT hits.entry FROM hits WHERE hits.doc = page_rows.doc
    ORDER BY CASE WHEN hits.head THEN 1 ELSE 0 END, hits.score DESC, hits.entry DESC LIMIT 1) FROM (
  SELECT doc, score FROM docs ORDER BY score DESC, doc LIMIT %s OFFSET %s) AS page_rows
UNION ALL SELECT 'count', NULL, COUNT(*), NULL FROM docs
UNION ALL SELECT 'rows', NULL, COUNT(*), NULL FROM hits
UNION ALL SELECT 'kind', CAST(kind AS {text}), COUNT(*), NULL FROM docs GROUP BY kind
UNION ALL SELECT 'year', CAST(year AS {text}), COUNT(*), NULL FROM docs WHERE year IS NOT NULL GROUP BY year
UNION ALL SELECT 'agency', CAST(agency AS {text}), COUNT(*), NULL FROM docs GROUP BY agency
UNION ALL SELECT 'level', CAST(level AS {text}), COUNT(*), NULL FROM docs GROUP BY level
UNION ALL SELECT 'tag', CAST(t.value AS {text}), COUNT(*), NULL FROM docs, {parts['tags_each']} GROUP BY t.value
"""
    params = [*hits_params, per_page, (page - 1) * per_page]
    return sql, params


# --- the service --------------------------------------------------------------------------------


def _as_uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def search_documents(*, actor: Actor, query: str, filters: SearchFilters | None = None, page: int = 1,
                     per_page: int = PER_PAGE_DEFAULT) -> SearchResults:
    """Documents matching `query` that `actor` may see, ranked, with snippets and facets.

    Raises SearchQueryError for an empty or oversized query. Everything counted, ranked, shown
    or cut into a snippet comes from index rows and documents the actor may see (the access
    condition is part of the SQL statement; see the module docstring).
    """
    terms = parse_query(query)
    filters = filters or SearchFilters()
    per_page = max(1, min(int(per_page), PER_PAGE_MAX))
    page = max(1, int(page))
    today = timezone.localdate()
    agencies = agency_table()
    sql, params = main_sql(actor=actor, query=query, filters=filters, page=page, per_page=per_page, today=today)
    rows = _execute_search(sql, params)
    page_rows: list[tuple[uuid.UUID, float, int]] = []
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    count = total_rows = 0
    for kind, value, number, entry in rows:
        if kind == "hit":
            page_rows.append((_as_uuid(value), float(number), entry))
        elif kind == "count":
            count = int(number)
        elif kind == "rows":
            total_rows = int(number)
        else:
            counts[kind][str(value)] = int(number)
    capped = total_rows > cap_rows()
    hits = _hydrate(actor, terms, page_rows)
    return SearchResults(query=query, terms=terms, filters=filters, hits=hits, count=count, capped=capped,
                         facets=_facets(counts, filters, agencies), page=page, per_page=per_page, agencies=agencies)


def _execute_search(sql: str, params: list) -> list[tuple]:
    """Run the search statement; on PostgreSQL under POSTGRES_SEARCH_SETTINGS, for this statement only.

    The settings are transaction-local (set_config(…, true)): outside a transaction they end with the
    one this opens (one statement more); inside the caller's, they are put back after the search
    (two more), so that nothing else the caller runs is planned under them.
    """
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, params)
            return cursor.fetchall()
        names = list(POSTGRES_SEARCH_SETTINGS)
        outer = connection.in_atomic_block
        with transaction.atomic(savepoint=False):
            cursor.execute("SELECT " + ", ".join(
                ["current_setting(%s)"] * len(names) + ["set_config(%s, %s, true)"] * len(names)),
                [*names, *[v for name in names for v in (name, POSTGRES_SEARCH_SETTINGS[name])]])
            previous = cursor.fetchone()[:len(names)]
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            if outer:
                cursor.execute("SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(names)),
                               [v for name, value in zip(names, previous, strict=True) for v in (name, value)])
        return rows


def _hydrate(actor: Actor, terms: list[str], page_rows) -> list[SearchHit]:
    """The page's documents and their snippets (two queries). The search statement names, for each
    document of the page, the hit row to cut its snippet from (a passage of the text before the title
    row, then the best ranked): only those rows' bodies are read, again through the access filter."""
    if not page_rows:
        return []
    ids = [pk for pk, _rank, _entry in page_rows]
    documents = {d.pk: d for d in Document.objects.visible_to(actor).filter(pk__in=ids).select_related("owning_agency")}
    wanted = [entry for _pk, _rank, entry in page_rows if entry is not None]
    entries = {e.pk: e for e in visible_entries(actor).filter(pk__in=wanted)} if wanted else {}
    hits = []
    for pk, rank, entry_id in page_rows:
        document = documents.get(pk)
        if document is None:  # changed between the two statements: show nothing rather than guess
            continue
        entry = entries.get(entry_id)
        if entry is not None and entry.document_id != pk:
            entry = None
        text = snippet(entry.body, terms) if entry is not None and score_text(entry.body, terms)[0] else ""
        hits.append(SearchHit(document=document, rank=round(rank, 6), snippet=text,
                              snippet_entry=entry if text else None))
    return hits


def _facets(counts: dict[str, dict[str, int]], filters: SearchFilters, agencies: dict) -> dict[str, list[FacetBucket]]:
    kinds = dict(DocumentKind.choices)
    out: dict[str, list[FacetBucket]] = {}
    out["kind"] = [FacetBucket(v, str(kinds.get(v, v)), n, filters.kind == v) for v, n in counts["kind"].items()]
    out["tag"] = [FacetBucket(v, v, n, filters.tag == v) for v, n in counts["tag"].items()]
    out["level"] = [FacetBucket(level_code(int(v)), level_label(int(v)), n, filters.level == int(v))
                    for v, n in sorted(counts["level"].items(), key=lambda item: int(item[0]))]
    agency_buckets = []
    for value, number in counts["agency"].items():
        agency = agencies.get(_as_uuid(value))
        if agency is not None:
            agency_buckets.append(FacetBucket(agency.code, agency.label, number, filters.agency_id == agency.pk))
    out["agency"] = agency_buckets
    out["year"] = [FacetBucket(v, v, n, filters.year == int(v))
                   for v, n in sorted(counts["year"].items(), key=lambda item: -int(item[0]))]
    for name in ("kind", "tag", "agency"):
        out[name].sort(key=lambda b: (-b.count, b.label))
    return out
