"""Query terms and highlighted snippets (pure Python, no Django): the same on both database engines.

Matching follows the index: words are runs of letters and digits, compared without case or
diacritics (đ/Đ included). A snippet is a window of the text around the most query terms,
HTML-escaped, with each matching word wrapped in <mark>.
"""

from __future__ import annotations

import html
import re
import unicodedata

from peaceops.core.text import fold

WORD = re.compile(r"[^\W_]+")
WINDOW_WORDS = 28


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


def term_hits(text: str, terms: list[str]) -> list[tuple[int, int, int]]:
    """(start, end, term index) of each word of `text` equal to a query term."""
    folded = fold_same_length(text)
    wanted = {term: i for i, term in enumerate(terms)}
    return [(m.start(), m.end(), wanted[m.group()]) for m in WORD.finditer(folded) if m.group() in wanted]


def score_text(text: str, terms: list[str]) -> tuple[int, int]:
    hits = term_hits(text, terms)
    return len({h[2] for h in hits}), len(hits)


def snippet(text: str, terms: list[str], *, window: int = WINDOW_WORDS) -> str:
    """HTML: the window of `window` words holding the most distinct terms, matches in <mark>."""
    words = [(m.start(), m.end()) for m in WORD.finditer(text)]
    if not words:
        return ""
    hits = term_hits(text, terms)
    hit_at = {start: (end, term) for start, end, term in hits}
    flags = [hit_at.get(start) for start, _end in words]
    best_start, best_score = 0, (-1, -1)
    for first in range(0, max(1, len(words) - window + 1)):
        present = {f[1] for f in flags[first:first + window] if f}
        score = (len(present), -first)
        if present and score > best_score:
            best_start, best_score = first, score
        if len(present) == len(terms):
            break
    if best_score[0] < 0:
        best_start = 0
    last = min(len(words), best_start + window) - 1
    begin, finish = words[best_start][0], words[last][1]
    if last == len(words) - 1:
        finish = len(text.rstrip())
    out = ["…" if begin > 0 else ""]
    cursor = begin
    for start, (end, _term) in sorted(hit_at.items()):
        if start < begin or end > finish:
            continue
        out.append(html.escape(text[cursor:start]))
        out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        cursor = end
    out.append(html.escape(text[cursor:finish]))
    if finish < len(text.rstrip()):
        out.append("…")
    return " ".join("".join(out).split())
