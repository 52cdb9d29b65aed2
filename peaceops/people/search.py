"""Name search over the word index of migration 0003: every word the user types must begin a word of
the folded name or service number ("nguyen van" finds "Nguyễn Văn Đức", "qd 1234" finds "QĐ-123456").

The two engines index the same words: SQLite's FTS5 (unicode61) splits on anything that is not a
letter or digit, and the PostgreSQL expression does the same with regexp_replace before to_tsvector.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from peaceops.core.text import fold

MAX_WORDS = 6
_WORD = re.compile(r"[a-z0-9]+")

_SQLITE = ('"people_person"."rowid" IN (SELECT rowid FROM people_person_name_fts '
           "WHERE people_person_name_fts MATCH %s)")
_POSTGRES = ("to_tsvector('simple', regexp_replace(\"people_person\".\"search_name\", '[^a-z0-9]+', ' ', 'g')) "
             "@@ to_tsquery('simple', %s)")


def query_words(value: str) -> list[str]:
    return _WORD.findall(fold(value))[:MAX_WORDS]


def name_matches(value: str) -> RawSQL | None:
    """A condition for `.filter()`, or None when the text holds no word to look for."""
    words = query_words(value)
    if not words:
        return None
    if connection.vendor == "postgresql":
        return RawSQL(_POSTGRES, [" & ".join(f"{w}:*" for w in words)], output_field=BooleanField())
    # Each word quoted (no FTS operator can slip in) and as a prefix; FTS5 ANDs them.
    return RawSQL(_SQLITE, [" ".join(f'"{w}"*' for w in words)], output_field=BooleanField())
