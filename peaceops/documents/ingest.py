"""Turn a file's bytes into a document draft: text extraction, cable or report, portion levels.

No Django import: the service decides who may store the draft and under which marking.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from .parsers.cable import parse_cable_with_status
from .parsers.extract import Extracted, ExtractError, extract_text
from .parsers.report import parse_report

MAX_BYTES = 50 * 1024 * 1024

# Banner words and portion marks → classification codes of the default scheme.
BANNER_CODES = {
    "UNCLASSIFIED": "UNCLASSIFIED", "UNCLASSIFIED//FOR OFFICIAL USE ONLY": "UNCLASSIFIED",
    "CONFIDENTIAL": "CONFIDENTIAL", "SECRET": "SECRET", "TOP SECRET": "TOP SECRET",
}
PORTION_CODES = {"U": "UNCLASSIFIED", "SBU": "UNCLASSIFIED", "FOUO": "UNCLASSIFIED", "C": "CONFIDENTIAL",
                 "S": "SECRET", "TS": "TOP SECRET"}


class IngestError(ExtractError):
    """The file cannot become a document. `code` names the reason (the service words it in the
    user's language); `params` fill the message. Extraction errors arrive as IngestError too."""


@dataclass
class PortionDraft:
    number: str
    code: str  # classification code, e.g. "CONFIDENTIAL"
    text: str


@dataclass
class LessonDraft:
    portion: int  # index in DocumentDraft.portions
    category: str  # LessonCategory value
    section: str
    text: str


@dataclass
class ActionDraft:
    portion: int
    title: str
    description: str
    section: str
    owner_text: str = ""
    due_on: dt.date | None = None


@dataclass
class OriginalFile:
    """The file as received, kept as the document's attachment."""

    filename: str
    content: bytes
    content_type: str
    extracted_chars: int


@dataclass
class DocumentDraft:
    kind: str
    title: str
    content_hash: str
    source_name: str
    reference: str = ""
    tags: list[str] = field(default_factory=list)
    dated: dt.date | None = None
    banner_code: str | None = None
    title_code: str | None = None
    declassify_on: dt.date | None = None
    classified_by: str = ""
    reason: str = ""
    portions: list[PortionDraft] = field(default_factory=list)
    language: str = "vi"
    lessons: list[LessonDraft] = field(default_factory=list)
    actions: list[ActionDraft] = field(default_factory=list)
    original: OriginalFile | None = None


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise IngestError("too_large", megabytes=MAX_BYTES // (1024 * 1024))


def extract(content: bytes, name: str) -> Extracted:
    """The file's text; every refusal is an IngestError with a code."""
    check_size(len(content))
    try:
        return extract_text(content, name)
    except IngestError:
        raise
    except ExtractError as error:
        raise IngestError(error.code, **error.params) from error


def decode(content: bytes, name: str) -> str:
    return extract(content, name).text


# Diacritics of Vietnamese: tone marks (grave, acute, tilde, hook above, dot below) and vowel marks
# (circumflex, breve, horn). Breve, horn, hook, dot below, two marks on one letter, and đ are hardly
# used by any other Latin-script language, so at least one of those is required.
_VIETNAMESE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}
_EXCLUSIVE_MARKS = {"\u0306", "\u031b", "\u0309", "\u0323"}
VIETNAMESE_SHARE = 0.04  # of letters; Vietnamese prose runs at 20–35 %, English at 0
FOREIGN_SHARE = 0.02  # non-ASCII letters above this share (and not Vietnamese): neither vi nor en


def _vietnamese_letter(char: str) -> tuple[bool, bool]:
    """(is a Vietnamese letter with diacritics, is one that only Vietnamese uses)."""
    if char == "đ":
        return True, True
    parts = unicodedata.normalize("NFD", char)
    marks = parts[1:]
    if not marks or any(m not in _VIETNAMESE_MARKS for m in marks) or parts[0] not in "aeiouy":
        return False, False
    exclusive = len(marks) > 1 or bool(set(marks) & _EXCLUSIVE_MARKS) or (marks == "\u0303" and parts[0] in "eiuy")
    return True, exclusive


def _letters(test) -> frozenset[str]:
    return frozenset(chr(c) for c in range(0xC0, 0x1F00) if chr(c).isalpha() and test(chr(c)))


# Sets built once, so that detection costs a few C-level passes and a loop over the non-ASCII
# characters only (a loop over every character cost ~7 ms for a 1,000-word document).
_VI_LETTERS = _letters(lambda c: _vietnamese_letter(c.lower())[0])
_VI_ONLY_LETTERS = _letters(lambda c: _vietnamese_letter(c.lower())[1])
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
LANGUAGE_SAMPLE_CHARS = 6000


def detect_language(text: str, *, sample: int = LANGUAGE_SAMPLE_CHARS) -> str:
    """"vi" when enough letters carry Vietnamese diacritics, "en" for plain Latin text, else "other".
    Looks at the start and the middle of the text (a header in English, a body in Vietnamese)."""
    half = sample // 2
    middle = max(half, len(text) // 2)
    head = text[:half] + "\n" + text[middle: middle + half]
    plain = head.encode("ascii", "ignore")
    ascii_letters = len(plain) - len(plain.translate(None, _ASCII_LETTERS))
    vietnamese = exclusive = other_letters = 0
    for char in _NON_ASCII_RE.findall(head):
        if char in _VI_LETTERS:
            vietnamese += 1
            exclusive += char in _VI_ONLY_LETTERS
        elif char.isalpha():
            other_letters += 1
    letters = ascii_letters + vietnamese + other_letters
    if not letters:
        return "other"
    if exclusive and vietnamese / letters >= VIETNAMESE_SHARE:
        return "vi"
    return "en" if (vietnamese + other_letters) / letters <= FOREIGN_SHARE else "other"


def _portion_code(mark: str | None, banner: str | None) -> str | None:
    """A portion's level: its own mark, else the banner (fail closed), else unknown (None)."""
    if mark:
        head = mark.split("//")[0].strip().upper()
        if head in PORTION_CODES:
            return PORTION_CODES[head]
    return banner


_SUBJECT_MARK = re.compile(r"^\(([A-Z/]+)\)\s*")


def draft_from_bytes(content: bytes, name: str) -> DocumentDraft:
    extracted = extract(content, name)
    text = extracted.text
    digest = content_hash(content)
    original = OriginalFile(name, content, extracted.content_type, len(text))
    fields, status = parse_cable_with_status(text)
    strong = any(fields[key] for key in ("reference_id", "date_time_group", "subject", "origin", "tags"))
    if not (fields["paragraphs"] and strong):
        draft = _report_draft(text, digest, name, extracted.title)
        draft.original = original
        return draft
    banner = BANNER_CODES.get((fields["classification"] or "").upper())
    subject = fields["subject"] or fields["reference_id"] or name
    subject_mark = _SUBJECT_MARK.match(subject)
    title_code = _portion_code(subject_mark.group(1), banner) if subject_mark else banner
    portions = []
    for index, paragraph in enumerate(fields["paragraphs"], start=1):
        code = _portion_code(paragraph["classification"], banner)
        if code is None:
            raise IngestError("unmarked_paragraph", number=paragraph["number"] or index)
        portions.append(PortionDraft(str(paragraph["number"] or ""), code, paragraph["text"]))
    dtg = fields["date_time_group"]
    return DocumentDraft(
        kind="cable", title=_SUBJECT_MARK.sub("", subject)[:500], content_hash=digest, source_name=name,
        reference=fields["reference_id"] or "", tags=fields["tags"], banner_code=banner, title_code=title_code,
        dated=dt.date.fromisoformat(dtg[:10]) if dtg else None,
        declassify_on=dt.date.fromisoformat(fields["declassify_on"]) if fields["declassify_on"] else None,
        classified_by=", ".join(fields["classified_by"]), reason=", ".join(fields["reasons"]),
        portions=portions, language=detect_language(text), original=original,
    )


# A banner line of a plain report ("CONFIDENTIAL", "C O N F I D E N T I A L", "MẬT", "TỐI MẬT").
REPORT_BANNERS = {
    "UNCLASSIFIED": "UNCLASSIFIED", "KHÔNG MẬT": "UNCLASSIFIED", "CONFIDENTIAL": "CONFIDENTIAL",
    "MẬT": "CONFIDENTIAL", "SECRET": "SECRET", "TỐI MẬT": "SECRET", "TOP SECRET": "TOP SECRET",
    "TUYỆT MẬT": "TOP SECRET",
}
BANNER_ORDER = ["UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP SECRET"]


def _banner_of_line(line: str) -> str | None:
    words = line.strip().upper()
    if re.fullmatch(r"(?:\S ){3,}\S(?:\s{2,}(?:\S ){2,}\S)?", words):  # spaced-out letters
        words = " ".join(part.replace(" ", "") for part in re.split(r"\s{2,}", words))
    return REPORT_BANNERS.get(" ".join(words.split()))


def _report_draft(text: str, digest: str, name: str, title_hint: str = "") -> DocumentDraft:
    """A report (or any plain text): its structure, and lessons and actions from the sections
    that name them. Unmarked portions take the importer's level (or the banner line's, if higher);
    a `(C)` / `(S)` mark at a paragraph's start is honoured."""
    lines = text.split("\n")
    banner = None
    kept = []
    for line in lines:
        code = _banner_of_line(line) if len(line) < 40 else None
        if code:
            banner = max(banner or code, code, key=BANNER_ORDER.index)
        else:
            kept.append(line)
    structure = parse_report("\n".join(kept))
    if not structure.blocks:
        raise IngestError("empty")
    portions = [PortionDraft(block.portion_number[:16], _portion_code(block.mark, None) or "", block.text)
                for block in structure.blocks]
    title_index = next((i for i, b in enumerate(structure.blocks) if b.kind == "title"), 0)
    lessons = [LessonDraft(item.block, item.category, item.section[:200], item.text) for item in structure.lessons]
    actions = [ActionDraft(item.block, item.title[:500], item.text, item.section[:200], item.owner_text,
                           item.due_on) for item in structure.actions]
    title = title_hint or structure.title or name
    return DocumentDraft(
        kind="report", title=title[:500], content_hash=digest, source_name=name, dated=structure.dated,
        banner_code=banner, title_code=portions[title_index].code, portions=portions,
        language=detect_language(text), lessons=lessons, actions=actions,
    )
