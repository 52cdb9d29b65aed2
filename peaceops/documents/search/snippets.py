"""Query terms and highlighted snippets (pure Python, no Django): the same on both database engines.

Matching follows the index: words are runs of letters and digits, compared without case or
diacritics (đ/Đ included). A snippet is a window of the text around the most query terms,
HTML-escaped, with each matching word wrapped in <mark>.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from peaceops.core.text import fold

WORD = re.compile(r"[^\W_]+")
WINDOW_CHARS = 220


def query_terms(query: str) -> list[str]:
    """Folded, distinct terms in their order: 'Bộ Quốc phòng' -> ['bo', 'quoc', 'phong']."""
    seen: list[str] = []
    for term in WORD.findall(fold(query)):
        if term not in seen:
            seen.append(term)
    return seen


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else char.lower() if len(char.lower()) == 1 else "?"


_TABLE = {code: _fold_char(chr(code)) for code in range(0x80, 0x2000) if _fold_char(chr(code)) != chr(code)}
_TABLE.update({code: _fold_char(chr(code)) for code in range(0x1E00, 0x1F00)})


def fold_same_length(text: str) -> str:
    """Like fold(), but one character for one, so offsets in the result are offsets in `text`."""
    folded = text.translate(_TABLE).lower()
    if len(folded) != len(text):  # a character whose lower case is longer (rare): fold one by one
        folded = "".join(c if len(c) == 1 else "?" for c in (ch.translate(_TABLE).lower() for ch in text))
    return folded


@lru_cache(maxsize=256)
def _pattern(terms: tuple[str, ...]) -> re.Pattern:
    """One regex finding any of the terms as a whole word (in folded text), longest first."""
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


def term_hits(text: str, terms: list[str]) -> list[tuple[int, int, int]]:
    """(start, end, term index) of each word of `text` equal to a query term."""
    if not terms:
        return []
    index = {term: i for i, term in enumerate(terms)}
    folded = fold_same_length(text)
    return [(m.start(), m.end(), index[m.group()]) for m in _pattern(tuple(terms)).finditer(folded)]


def score_text(text: str, terms: list[str]) -> tuple[int, int]:
    hits = term_hits(text, terms)
    return len({h[2] for h in hits}), len(hits)


def snippet(text: str, terms: list[str], *, width: int = WINDOW_CHARS) -> str:
    """HTML: about `width` characters around the most distinct terms, matches in <mark>, the rest escaped."""
    hits = term_hits(text, terms)
    if hits:
        # The hit that starts the window holding the most distinct terms (the earliest on a tie).
        best, best_count = 0, 0
        for i, (start, _end, _term) in enumerate(hits):
            present = {t for s, e, t in hits[i:] if e - start <= width}
            if len(present) > best_count:
                best, best_count = i, len(present)
            if best_count == len(terms):
                break
        anchor = hits[best][0]
        begin = max(0, anchor - width // 4)
    else:
        begin = 0
    if begin > 0:  # start at a word
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < anchor else begin
    finish = min(len(text), begin + width)
    if finish < len(text):
        space = text.rfind(" ", begin, finish)
        finish = space if space > begin else finish
    out = ["…" if begin > 0 else ""]
    cursor = begin
    for start, end, _term in hits:
        if start < begin or end > finish:
            continue
        out.append(html.escape(text[cursor:start]))
        out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        cursor = end
    out.append(html.escape(text[cursor:finish]))
    if finish < len(text.rstrip()):
        out.append("…")
    return " ".join("".join(out).split())
