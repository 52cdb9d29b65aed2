"""The structure of a report: numbered sections, headings, paragraphs and bullet lists, and the
findings, lessons, practices, recommendations and action items that its sections name.

No Django import. `parse_report(text)` returns a `ReportStructure`:

- `blocks`: headings, paragraphs and list items in reading order, each with the section number it
  belongs to, its list marker and its portion mark as written (`(C)` at its start), if any;
- `sections`: numbered (`1.`, `1.1`, `I.`, `A.`, `Phần II`) or plain headings (a short line alone);
- `lessons` and `actions`: drawn from sections whose heading names findings, lessons (learned),
  best practices, recommendations, next steps, the way ahead or an action plan, in English or
  Vietnamese. A sub-section inherits its parent's kind unless its own heading names another.

Owners and due dates of actions are taken only when the text states them: `Owner: MFA`,
`Chủ trì: Bộ Quốc phòng`, `(MOD, by 30/06/2010)`, `due 2010-03-01`, `trước ngày 30/6/2010`. Numeric
dates read day first (the Vietnamese and UN habit) unless the first number cannot be a month's day
order, i.e. `06/30/2010` reads as June 30.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 90
INLINE_HEADING_MAX_WORDS = 8
TITLE_MAX_CHARS = 500
ACTION_TITLE_MAX_CHARS = 300

# Categories of the records drawn from sections; "action" makes action items, the rest lessons.
FINDING, LESSON, PRACTICE, RECOMMENDATION, ACTION = "finding", "lesson", "practice", "recommendation", "action"

# Keywords are matched on folded text (lower case, no diacritics, đ → d), whole words.
CATEGORY_KEYWORDS = {
    ACTION: [
        "next steps", "next step", "way ahead", "way-ahead", "way forward", "action plan", "plan of action",
        "action items", "action points", "follow-up actions", "follow up actions", "roadmap",
        "cac buoc tiep theo", "buoc tiep theo", "ke hoach hanh dong", "chuong trinh hanh dong",
        "phuong huong", "nhiem vu tiep theo", "nhiem vu thoi gian toi", "lo trinh",
    ],
    RECOMMENDATION: ["recommendations", "recommendation", "recommended", "kien nghi", "de xuat", "de nghi"],
    PRACTICE: ["best practices", "best practice", "good practices", "good practice", "kinh nghiem tot",
               "thuc tien tot", "cach lam hay", "thuc hanh tot"],
    LESSON: ["lessons learned", "lessons learnt", "lessons", "lesson", "bai hoc kinh nghiem", "bai hoc",
             "rut kinh nghiem"],
    FINDING: ["key findings", "findings", "finding", "observations", "conclusions", "ket qua", "phat hien",
              "nhan xet", "ket luan"],
}
_CATEGORY_RE = [
    (category, re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(k) for k in keywords) + r")(?![a-z])"))
    for category, keywords in CATEGORY_KEYWORDS.items()
]

PORTION_MARK_HEADS = {"U", "C", "S", "TS", "SBU", "FOUO", "CUI", "NF", "R"}


@dataclass
class Block:
    kind: str  # "title", "heading", "paragraph" or "item"
    text: str
    number: str = ""  # the section number it declares (heading) or belongs to
    marker: str = ""  # a list item's enumerator ("a", "ii", "3") or "" for a bullet
    mark: str | None = None  # portion mark as written, e.g. "C" or "S//NF"
    depth: int = 0  # list nesting (items) or section depth (headings)
    section: int | None = None  # index in ReportStructure.sections

    @property
    def portion_number(self) -> str:
        if self.kind == "item" and self.marker:
            return f"{self.number}.{self.marker}" if self.number else self.marker
        return self.number


@dataclass
class Section:
    number: str
    heading: str
    depth: int
    category: str | None = None
    parent: int | None = None

    @property
    def label(self) -> str:
        return f"{self.number} {self.heading}".strip()


@dataclass
class ReportLesson:
    block: int  # index in blocks
    category: str
    section: str
    text: str


@dataclass
class ReportAction:
    block: int
    title: str
    text: str
    section: str
    owner_text: str = ""
    due_on: dt.date | None = None


@dataclass
class ReportStructure:
    title: str
    dated: dt.date | None
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    lessons: list[ReportLesson] = field(default_factory=list)
    actions: list[ReportAction] = field(default_factory=list)


# --- line patterns ------------------------------------------------------------------------------

_ROMAN = r"(?:X{0,3}(?:IX|IV|V?I{1,3}|V)|X{1,3})"
_SECTION_RE = re.compile(
    r"^(?P<prefix>(?:Phần|Mục|Chương|Part|Section|Chapter)\s+)?"
    r"(?P<num>\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}\.|" + _ROMAN + r"\.|[A-Z]\.)"
    r"(?:\s+|$)(?P<rest>.*)$"
)
_PREFIXED_SECTION_RE = re.compile(
    r"^(?P<prefix>(?:Phần|Mục|Chương|Part|Section|Chapter)\s+)(?P<num>\d{1,2}|" + _ROMAN + r")\b\s*(?:[.:\-–]\s*|$)"
    r"(?P<rest>.*)$",
    re.I,
)
_BULLET_RE = re.compile(r"^(?P<indent>\s*)(?P<bullet>[-•*·▪◦‣–—+\uf0b7\uf0a7\u2043])\s+(?P<rest>\S.*)$")
_ENUM_RE = re.compile(r"^(?P<indent>\s*)(?:\((?P<p>[a-z]|[ivx]{1,5}|\d{1,2})\)|(?P<e>[a-z]|[ivx]{1,5}|\d{1,2})\)|"
                      r"(?P<d>[a-z])\.)\s+(?P<rest>\S.*)$")
_MD_HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<rest>\S.*?)\s*#*\s*$")
_MARK_RE = re.compile(r"^\((?P<mark>[A-Z]{1,4}(?://[A-Z][A-Z ,/-]*)?)\)\s*")
_SENTENCE_END_RE = re.compile(r"[.;,!?…]$")
_INLINE_HEADING_RE = re.compile(r"^(?P<head>[^.:;!?]{1,80}?)(?P<stop>[.:])(?P<gap>\s+)(?P<body>\S.*)$", re.S)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().split())


def category_of(heading: str) -> str | None:
    """The kind of records a heading names; the first named wins ("Lessons and recommendations")."""
    folded = fold(heading)
    best: tuple[int, str] | None = None
    for category, pattern in _CATEGORY_RE:
        match = pattern.search(folded)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), category)
    return best[1] if best else None


def _split_mark(text: str) -> tuple[str | None, str]:
    match = _MARK_RE.match(text)
    if match and match.group("mark").split("//")[0] in PORTION_MARK_HEADS:
        return match.group("mark"), text[match.end():]
    return None, text


def _is_heading_like(text: str) -> bool:
    words = text.split()
    if not words or len(words) > HEADING_MAX_WORDS or len(text) > HEADING_MAX_CHARS:
        return False
    if text.endswith(":"):
        return True
    if text.isupper() and any(ch.isalpha() for ch in text):
        return True
    if text.endswith("."):
        return len(words) <= 4
    return not _SENTENCE_END_RE.search(text) and (text[0].isupper() or text[0].isdigit())


# --- reading ------------------------------------------------------------------------------------

@dataclass
class _Raw:
    kind: str  # "section", "item", "text", "md"
    lines: list[str]
    number: str = ""
    marker: str = ""
    depth: int = 0


class _SequenceCheck:
    """Letters and Roman numerals are section numbers only in sequence (A then B; I then II), so a
    wrapped line that starts with an initial ("J. Smith") is not a section."""

    def __init__(self):
        self.last: dict[str, int] = {}

    @staticmethod
    def style(number: str) -> tuple[str, int] | None:
        bare = number.rstrip(".")
        if re.fullmatch(_ROMAN, bare):
            return "roman", _roman_value(bare)
        if re.fullmatch(r"[A-Z]", bare):
            return "letter", ord(bare) - ord("A") + 1
        return None

    def accepts(self, number: str) -> bool:
        styled = self.style(number)
        if styled is None:
            return True
        style, value = styled
        if style == "roman" and number.rstrip(".") in ("I", "V", "X") and self.last.get("letter") == value - 1:
            style = "letter"  # "H. … I. …": letters, not Roman numerals
            value = ord(number[0]) - ord("A") + 1
        ok = value == 1 or self.last.get(style) == value - 1
        if ok:
            self.last[style] = value
        return ok


def _roman_value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(numeral):
        value = values[ch]
        total += -value if i + 1 < len(numeral) and values[numeral[i + 1]] > value else value
    return total


def _raw_blocks(text: str) -> list[_Raw]:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\t", "    ").replace("\xa0", " ").replace("\u200b", "")
    blocks: list[_Raw] = []
    current: _Raw | None = None
    sequence = _SequenceCheck()
    for raw_line in text.split("\n"):
        line = raw_line.rstrip()
        stripped = line.strip()
        if not stripped:
            current = None
            continue
        new = _start_of_block(line, stripped, sequence)
        if new is not None:
            blocks.append(new)
            current = new if new.kind != "md" else None
        elif current is None:
            current = _Raw("text", [stripped])
            blocks.append(current)
        else:
            current.lines.append(stripped)
    return blocks


def _start_of_block(line: str, stripped: str, sequence: _SequenceCheck) -> _Raw | None:
    match = _MD_HEADING_RE.match(stripped)
    if match:
        return _Raw("md", [match.group("rest")], depth=len(match.group("hashes")))
    match = _SECTION_RE.match(stripped) or _PREFIXED_SECTION_RE.match(stripped)
    # "10.5 million…" or "1. and then…" at the start of a wrapped line is text, not a section.
    starts_lower = bool(match) and match.group("rest")[:1].islower()
    if match and not starts_lower and (match.group("rest") or match.group("prefix")) and sequence.accepts(
            match.group("num")):
        number = match.group("num").rstrip(".")
        return _Raw("section", [match.group("rest").strip()] if match.group("rest").strip() else [], number=number)
    match = _BULLET_RE.match(line)
    if match:
        return _Raw("item", [match.group("rest").strip()], depth=len(match.group("indent")) // 2)
    match = _ENUM_RE.match(line)
    if match:
        marker = match.group("p") or match.group("e") or match.group("d")
        return _Raw("item", [match.group("rest").strip()], marker=marker, depth=len(match.group("indent")) // 2)
    return None


def _section_depth(number: str, styles: list[str]) -> int:
    """Depth by numbering style in order of first use (I. → 1. → A. …); dots add depth (1.2.3)."""
    if "." in number:
        style, extra = "decimal", number.count(".")
    else:
        styled = _SequenceCheck.style(number)
        style, extra = (styled[0] if styled else "decimal"), 0
    if style not in styles:
        styles.append(style)
    return styles.index(style) + 1 + extra


def parse_report(text: str) -> ReportStructure:
    raws = _raw_blocks(text)
    report = ReportStructure(title="", dated=None)
    styles: list[str] = []
    stack: list[int] = []  # indices of open sections, outermost first
    preamble: list[str] = []

    def open_section(number: str, heading: str, depth: int, *, own_category_only: bool = False) -> int:
        while stack and report.sections[stack[-1]].depth >= depth:
            stack.pop()
        parent = stack[-1] if stack else None
        category = category_of(heading) if heading else None
        if category is None and parent is not None and not own_category_only:
            category = report.sections[parent].category
        report.sections.append(Section(number, heading, depth, category, parent))
        stack.append(len(report.sections) - 1)
        return stack[-1]

    def add(kind: str, body: str, *, marker: str = "", depth: int = 0, mark: str | None = None) -> None:
        if mark is None:
            mark, body = _split_mark(body)
        body = " ".join(body.split())
        if not body:
            return
        section = stack[-1] if stack else None
        number = report.sections[section].number if section is not None else ""
        report.blocks.append(Block(kind, body, number, marker, mark, depth, section))

    for position, raw in enumerate(raws):
        joined = " ".join(" ".join(raw.lines).split())
        if not report.blocks and raw.kind == "text" and not report.title:
            mark, title = _split_mark(raw.lines[0])
            report.title = title[:TITLE_MAX_CHARS]
            report.blocks.append(Block("title", title, mark=mark))
            if len(raw.lines) > 1:
                add("paragraph", " ".join(raw.lines[1:]))
            preamble.append(joined)
            continue
        if raw.kind == "md":
            mark, heading = _split_mark(joined)
            index = open_section("", heading.rstrip(":"), raw.depth - 1)
            report.blocks.append(Block("heading", heading, "", "", mark, raw.depth, index))
        elif raw.kind == "section":
            depth = _section_depth(raw.number, styles)
            mark, first = _split_mark(raw.lines[0].strip()) if raw.lines else (None, "")
            rest = " ".join(" ".join(raw.lines[1:]).split())
            heading, body, inline = _heading_and_body(first, rest)
            if heading and depth == 1:
                stack.clear()  # a numbered top-level heading closes plain headings above it
            index = open_section(raw.number, heading.rstrip(":. ").strip(), depth)
            if heading:
                report.blocks.append(Block("heading", heading.rstrip(), raw.number, "", mark, depth, index))
                add("paragraph", body, mark=mark if inline else None)
            else:
                add("paragraph", body, mark=mark)
        elif raw.kind == "item":
            add("item", joined, marker=raw.marker, depth=raw.depth)
        else:
            mark, plain = _split_mark(joined)
            heading_like = len(raw.lines) == 1 and _is_heading_like(plain)
            category = category_of(plain) if heading_like else None
            # Before the first section, short lines are the title page (subtitle, place and date),
            # unless a paragraph of prose follows them.
            after = raws[position + 1] if position + 1 < len(raws) else None
            prose_follows = after is not None and after.kind == "text" and (
                len(after.lines) > 1 or not _is_heading_like(" ".join(after.lines)))
            if heading_like and (report.sections or category or prose_follows):
                current_depth = report.sections[stack[-1]].depth if stack else 0
                # A plain heading that names a kind of record starts a top-level section; any other
                # is a sub-heading of the section it appears in.
                depth = 0 if category or not stack else current_depth + 1
                index = open_section(report.sections[stack[-1]].number if stack and not category else "",
                                     plain.rstrip(":. "), depth)
                report.blocks.append(Block("heading", plain, report.sections[index].number, "", mark, depth, index))
            else:
                if not report.sections:
                    preamble.append(plain)
                add("paragraph", plain, mark=mark)
    report.dated = first_date(" ".join(preamble))
    _collect_records(report)
    return report


def _heading_and_body(first: str, rest: str) -> tuple[str, str, bool]:
    """A numbered block's heading and body: "3. Key findings:" alone, "1. Purpose.  The workshop…"
    (an inline heading), or a numbered paragraph with no heading ("2. The team visited…")."""
    spaced = first
    first = " ".join(first.split())
    if not first:
        return "", rest, False
    continues = bool(rest) and rest[0].islower()  # a wrapped sentence, not a heading line
    if _is_heading_like(first) and not continues and (
            not rest or not _SENTENCE_END_RE.search(first) or first.endswith(":")):
        return first, rest, False
    match = _INLINE_HEADING_RE.match(spaced)
    if match and match.group("head")[0].isupper():
        head = " ".join(match.group("head").split())
        words = len(head.split())
        gap = len(match.group("gap"))
        # "1. Purpose.  The workshop…" (two spaces), "3. Findings: the team…", "2. Training. Officers…";
        # not "2. Review the legal texts. The ministry leads." (a sentence that happens to be short).
        plausible = words <= INLINE_HEADING_MAX_WORDS and (
            gap >= 2 or (match.group("stop") == ":" and words <= 6) or words <= 2)
        if plausible and not re.search(r"\b(?:Mr|Mrs|Ms|Dr|Gen|Col|No|St|U\.S)$", head):
            body = " ".join(match.group("body").split())
            return head + match.group("stop"), (body + " " + rest).strip(), True
    return "", (first + " " + rest).strip(), False


def _collect_records(report: ReportStructure) -> None:
    for index, block in enumerate(report.blocks):
        if block.kind not in ("paragraph", "item") or block.section is None:
            continue
        section = report.sections[block.section]
        if section.category is None or (block.kind == "paragraph" and block.text.endswith(":")):
            continue
        label = section_label(report, block.section)
        if section.category == ACTION:
            owner, due = owner_and_due(block.text)
            report.actions.append(ReportAction(index, action_title(block.text), block.text, label, owner, due))
        else:
            report.lessons.append(ReportLesson(index, section.category, label, block.text))


def section_label(report: ReportStructure, index: int) -> str:
    """ "3 Key findings"; a numbered paragraph with no heading takes its nearest headed parent's."""
    section = report.sections[index]
    current: int | None = index
    while current is not None and not report.sections[current].heading:
        current = report.sections[current].parent
    return report.sections[current].label if current is not None else section.number


def action_title(text: str) -> str:
    """The first sentence, or the text cut at a word boundary."""
    match = re.match(r"^(.{20,}?[.!?])(?:\s|$)", text)
    title = match.group(1) if match else text
    if len(title) > ACTION_TITLE_MAX_CHARS:
        title = title[:ACTION_TITLE_MAX_CHARS].rsplit(" ", 1)[0] + "…"
    return title


# --- owners and dates ---------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
DATE_PATTERN = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+\d{4}"
    r"|" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|(?:ngày\s+)?\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+|\s*[/,]\s*)\d{4})"
)
_DATE_RE = re.compile(DATE_PATTERN, re.I)
_DUE_RE = re.compile(
    r"(?:\bdue(?:\s+(?:on|by|date))?|\bby|\bbefore|\bno\s+later\s+than|\bnot\s+later\s+than|\bdeadline|"
    r"\btarget\s+date|hạn\s+chót|thời\s+hạn|\bhạn|chậm\s+nhất(?:\s+là)?(?:\s+ngày)?|hoàn\s+thành\s+trước(?:\s+ngày)?|"
    r"trước\s+ngày|\btrước|đến\s+ngày)\s*[:：]?\s*(?P<date>" + DATE_PATTERN + r")",
    re.I,
)
_OWNER_RE = re.compile(
    r"(?:\bowners?|\blead(?:\s+agency)?|\bresponsible(?:\s+agency)?|\bresponsibility|\baction\s+by|\bassigned\s+to|"
    r"đơn\s+vị\s+chủ\s+trì|cơ\s+quan\s+chủ\s+trì|chủ\s+trì|trách\s+nhiệm|đơn\s+vị\s+thực\s+hiện|phụ\s+trách)"
    r"\s*[:：]\s*(?P<owner>[^;()\n]+?)\s*(?=[;()\n]|,\s*(?:due|by|before|hạn|thời\s+hạn|trước)\b|\.\s|\.$|$)",
    re.I,
)
_DIGIT_RE = re.compile(r"\d")
_TRAILING_PAREN_RE = re.compile(r"\((?P<inside>[^()]{2,120})\)\s*[.;]?\s*$")
_ACRONYMS_RE = re.compile(r"^[A-Z][A-Z0-9&-]{1,11}(?:\s*(?:/|,|and|và|&)\s*[A-Z][A-Z0-9&-]{1,11})*$")


def parse_date(text: str) -> dt.date | None:
    """A date as written (see the module doc for the day/month order), or None."""
    text = text.strip().rstrip(".,")
    try:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
        if match:
            first, second, year = int(match[1]), int(match[2]), int(match[3])
            if second > 12 >= first:
                first, second = second, first
            return dt.date(year, second, first)
        match = re.fullmatch(r"(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+|\s*[/,]\s*)(\d{4})", text, re.I)
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})", text)
        if match and match[2].lower() in _MONTHS:
            return dt.date(int(match[3]), _MONTHS[match[2].lower()], int(match[1]))
        match = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", text)
        if match and match[1].lower() in _MONTHS:
            return dt.date(int(match[3]), _MONTHS[match[1].lower()], int(match[2]))
    except ValueError:
        return None
    return None


def first_date(text: str) -> dt.date | None:
    for match in _DATE_RE.finditer(text):
        found = parse_date(match.group(0))
        if found:
            return found
    return None


def owner_and_due(text: str) -> tuple[str, dt.date | None]:
    """(owner as written, due date) when the text states them; ("", None) otherwise."""
    owner, due = "", None
    match = _OWNER_RE.search(text) if ":" in text or "：" in text else None
    if match:
        owner = match.group("owner").strip(" ,.-–")
    has_digits = _DIGIT_RE.search(text) is not None  # every date form has digits: skip the costly scan
    due_match = _DUE_RE.search(text) if has_digits else None
    if due_match:
        due = parse_date(due_match.group("date"))
    paren = _TRAILING_PAREN_RE.search(text) if text.rstrip(" .;").endswith(")") else None
    if paren and (not owner or due is None):
        parts = [p.strip() for p in re.split(r"[;,]", paren.group("inside")) if p.strip()]
        dated = None
        if parts:
            last = re.sub(r"^(?:due|by|before|hạn|thời hạn|trước(?: ngày)?|đến ngày)\s*:?\s*", "", parts[-1],
                          flags=re.I)
            dated = parse_date(last)
        who = ", ".join(parts[:-1]) if dated else ", ".join(parts)
        if due is None and dated:
            due = dated
        if not owner and who and (dated or _ACRONYMS_RE.match(who)) and not _DATE_RE.search(who):
            if who.split("//")[0] not in PORTION_MARK_HEADS:
                owner = who
    return owner[:200], due
