"""PostgreSQL: the full-text index kept in id segments, so that a frequent word's first matches cost little.

A GIN index answers a word with a bitmap of every index row holding it. For a word in one row in five
(200,000 of 1.1 million at 250,000 documents), building and sorting that bitmap cost 54 of the search
statement's 72 ms, though the search keeps only the first cap_rows() visible matches. So the index is
kept as partial GIN indexes over consecutive ranges of ids ("segments"), plus one open "tail" over the
newest ids, and the search reads them one after the other, newest first, under its LIMIT: PostgreSQL
stops in the first segments that give enough rows (20 ms for that word). A rare word reads them all,
which costs what the one index did.

- `ranges()`: the id ranges the search reads, from the catalogue, on each search: the tail, then the
  closed segments (the valid ones without a gap) down to the lowest, then anything below it (no index:
  empty once a split has dropped the leading segments that hold no rows). Together they hold every id,
  each once, whatever state a split is in.
- `split(width)`: closes full segments off the tail, makes a new tail where they end, then drops the
  old tail, and the leading segments left empty (a full reindex writes every row again, above them). Built CONCURRENTLY outside a transaction (writers go on). `peaceops documents search-segments`
  runs it, daily from a timer (docs/deploy.md); a table never split is searched as before, one range
  over one index.

The index of migration 0003 (`searchentry_vector_gin`, no predicate) is the first tail (from id 0).
SQLite's FTS5 index needs none of this: `ranges()` is empty there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

TABLE = "documents_searchentry"
LEGACY_TAIL = "searchentry_vector_gin"
SEGMENT_WIDTH = 100_000  # index rows per closed segment (settings.PEACEOPS_SEARCH_SEGMENT)
_NAME = re.compile(r"^searchentry_(?:seg_(\d+)_(\d+)|tail_(\d+))$")


@dataclass(frozen=True)
class Catalogue:
    closed: list[tuple[int, int]]  # valid closed segments [low, high), in order, without a gap
    tails: list[tuple[int, str]]  # valid tails (low, index name)
    invalid: list[str]  # index names left by a failed concurrent build
    stray: list[tuple[int, int]]  # valid closed segments after a gap (unused until the gap is filled)

    @property
    def end(self) -> int:
        return self.closed[-1][1] if self.closed else 0

    def tail(self) -> int | None:
        """The lowest id the tail must cover from (the closed segments' end), if a tail index covers it."""
        usable = [low for low, _name in self.tails if low <= self.end]
        return self.end if usable else None


def segment_name(low: int, high: int) -> str:
    return f"searchentry_seg_{low}_{high}"


def tail_name(low: int) -> str:
    return f"searchentry_tail_{low}"


def segment_width() -> int:
    return int(getattr(settings, "PEACEOPS_SEARCH_SEGMENT", SEGMENT_WIDTH))


def catalogue() -> Catalogue:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, i.indisvalid AND i.indisready FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass AND (c.relname = %s OR c.relname LIKE 'searchentry\\_seg\\_%%' "
            "OR c.relname LIKE 'searchentry\\_tail\\_%%')", [TABLE, LEGACY_TAIL])
        rows = cursor.fetchall()
    segments, tails, invalid = [], [], []
    for name, valid in rows:
        if not valid:
            invalid.append(name)
            continue
        if name == LEGACY_TAIL:
            tails.append((0, name))
            continue
        match = _NAME.match(name)
        if match is None:
            continue
        if match.group(3) is not None:
            tails.append((int(match.group(3)), name))
        else:
            segments.append((int(match.group(1)), int(match.group(2))))
    closed, stray = [], []
    for low, high in sorted(segments):
        if (not closed or low == closed[-1][1]) and not stray:
            closed.append((low, high))
        else:
            stray.append((low, high))
    return Catalogue(closed=closed, tails=sorted(tails), invalid=invalid, stray=stray)


def ranges() -> list[tuple[int, int | None]]:
    """[(low, high or None for the tail)], newest first; [] when the search should read the table whole
    (SQLite, or no tail index covering the closed segments' end)."""
    if connection.vendor != "postgresql":
        return []
    found = catalogue()
    tail = found.tail()
    if tail is None:
        return []
    below = [(0, found.closed[0][0])] if found.closed and found.closed[0][0] > 0 else []
    return [(tail, None), *reversed(found.closed), *below]


def range_sql(column: str, low: int, high: int | None) -> str:
    """The range as literal bounds: the planner must see the constants to use a partial index."""
    sql = f"{column} >= {int(low)}"
    return sql if high is None else f"{sql} AND {column} < {int(high)}"


def split(width: int | None = None, *, log=lambda message: None) -> dict:
    """Close every full segment off the tail, move the tail to their end, drop what is no longer used.
    Idempotent; returns what it did. PostgreSQL only (SQLite: nothing to do)."""
    if connection.vendor != "postgresql":
        return {"created": [], "dropped": [], "segments": 0}
    width = width or segment_width()
    concurrently = "" if connection.in_atomic_block else " CONCURRENTLY"
    created, dropped = [], []

    def execute(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)

    def build(name, low, high):
        log(f"building {name}")
        execute(f"CREATE INDEX{concurrently} IF NOT EXISTS {name} ON {TABLE} USING gin (vector) "
                f"WHERE {range_sql('id', low, high)}")
        created.append(name)

    for name in catalogue().invalid:  # a concurrent build that failed leaves an invalid index behind
        execute(f"DROP INDEX{concurrently} IF EXISTS {name}")
        dropped.append(name)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {TABLE}")
        top = cursor.fetchone()[0]
    found = catalogue()
    end = found.end
    execute("SET maintenance_work_mem = '256MB'")  # GIN builds sort in memory; reset below
    try:
        while top - end >= width:  # a full segment's worth of ids above the closed ones
            if (end, end + width) not in found.stray:
                build(segment_name(end, end + width), end, end + width)
            end += width
        if all(low != end for low, _name in found.tails):
            build(tail_name(end), end, None)
    finally:
        execute("RESET maintenance_work_mem")
    for low, name in catalogue().tails:
        if low < end:
            log(f"dropping {name}")
            execute(f"DROP INDEX{concurrently} IF EXISTS {name}")
            dropped.append(name)
    for low, high in catalogue().closed[:-1]:  # the leading segments nothing is left in (keep the last)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {TABLE} WHERE id < %s)", [high])
            if cursor.fetchone()[0]:
                break
        log(f"dropping {segment_name(low, high)} (empty)")
        execute(f"DROP INDEX{concurrently} IF EXISTS {segment_name(low, high)}")
        dropped.append(segment_name(low, high))
    return {"created": created, "dropped": dropped, "segments": len(catalogue().closed)}
