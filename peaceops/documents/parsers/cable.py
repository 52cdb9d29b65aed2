"""Parse a diplomatic cable (the telegram text format of the 2000s) into named fields.

Pure Python, no Django import, so it can be tested and benchmarked alone. A field missing from
the text is None or an empty list, never guessed. `parse_cable_with_status` also says, field by
field, whether it was "found", "not_found" or "ambiguous"; an ambiguous field is left empty too,
so that a caller storing the result fails closed (e.g. no classification rather than a wrong one).
"""

from __future__ import annotations

import html
import re
from typing import Any, NamedTuple

from peaceops.documents.parsers.cable_fields import (
    PRECEDENCE_BY_PROSIGN,
    parse_banner,
    parse_caveat_line,
    parse_decl_date,
    parse_dtg,
    parse_reasons,
    parse_recipient,
    parse_tags,
    split_classification_authority,
    split_references,
)

FIELDS = (
    "reference_id", "classification", "precedence", "date_time_group", "origin", "recipients",
    "info_recipients", "caveats", "declassify_on", "tags", "subject", "classified_by", "reasons",
    "references", "paragraphs", "signers",
)
FOUND, NOT_FOUND, AMBIGUOUS = "found", "not_found", "ambiguous"
FOUO = "UNCLASSIFIED//FOR OFFICIAL USE ONLY"


class CableParse(NamedTuple):
    fields: dict[str, Any]
    status: dict[str, str]


def parse_cable(text: str) -> dict[str, Any]:
    """The cable's fields (see FIELDS); absent or ambiguous ones are None or []."""
    return parse_cable_with_status(text).fields


def parse_cable_with_status(text: str) -> CableParse:
    return _CableReader(normalise_text(text)).read()


# --- text clean-up -------------------------------------------------------------------------------

_HTML_RE = re.compile(r"<\s*(?:html|body|pre|p|br|div|span|a|table|td)\b[^>]*>", re.I)
_HIDDEN_ELEMENTS_RE = re.compile(r"<(head|script|style|nav|footer)\b.*?</\1\s*>", re.I | re.S)
_LINE_BREAK_TAGS_RE = re.compile(r"<\s*(?:br|/?p|/?div|/?pre|/?tr|/?li|/?h[1-6])\b[^>]*>", re.I)


def normalise_text(text: str) -> str:
    """Plain text with `\\n` line ends and no trailing spaces; HTML copies lose their markup."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if _HTML_RE.search(text):
        text = _HIDDEN_ELEMENTS_RE.sub("", re.sub(r"<!--.*?-->", "", text, flags=re.S))
        # A `<br>` already followed by a newline must not add a blank line (blank lines end fields).
        text = re.sub(r"<\s*br\s*/?\s*>[ \t]*\n?", "\n", text, flags=re.I)
        text = html.unescape(re.sub(r"<[^>]*>", "", _LINE_BREAK_TAGS_RE.sub("\n", text)))
    text = text.replace("\xa0", " ").replace("\t", "    ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


# --- line patterns -------------------------------------------------------------------------------

_KEYWORD_RE = re.compile(
    r"^\s*(?:E\.?\s?O\.?\s*\d{5}|DECL\w*\s*:|TAGS?\s*:|SUBJ(?:ECT)?\s*:|REF(?:S|ERENCES?)?\s*:|"
    r"CLASSIFIED\s+BY\b|REASONS?\s*:)", re.I)
_EO_RE = re.compile(r"^\s*E\.?\s?O\.?\s*\d{5}\s*:?\s*(?P<rest>.*)$", re.I)
_DECL_RE = re.compile(r"\bDECL(?:ASSIFY(?:\s+ON)?)?\b\s*:?\s*(?P<rest>.*)$", re.I)
_TAGS_RE = re.compile(r"\bTAGS?\s*:\s*(?P<rest>.*)$", re.I)
_SUBJECT_RE = re.compile(r"^\s*SUBJ(?:ECT)?\s*:\s*(?P<rest>.*)$", re.I)
_REF_RE = re.compile(r"^\s*REF(?:S|ERENCES?)?\s*:\s*(?P<rest>.*)$", re.I)
_CLASSIFIED_BY_RE = re.compile(r"\bCLASSIFIED\s+BY\b\s*:?\s*", re.I)
_REASON_LINE_RE = re.compile(r"^\s*REASONS?\s*:\s*(?P<rest>.*)$", re.I)
_FM_RE = re.compile(r"^\s*FM\s+(?P<rest>\S.*)$")
_TO_RE = re.compile(r"^\s*(?P<kind>TO|INFO)(?:\s+(?P<rest>\S.*))?$")
_ROUTING_PRECEDENCE_RE = re.compile(r"^\s*([RPOZ])[RPOZ]\s+[A-Z0-9]{4,}\s*$")
_ZNY_RE = re.compile(r"^\s*ZN[YR]\s+([CSUET])\1{4}\b")
_ZNY_LEVELS = {"C": "CONFIDENTIAL", "S": "SECRET", "U": "UNCLASSIFIED", "E": "UNCLASSIFIED", "T": "TOP SECRET"}
_RECIPIENT_LINE_RE = re.compile(r"^\s*[A-Z0-9][A-Z0-9/ .,&'()-]*$")
_PORTION = r"\((?P<mark>(?:U|C|S|TS|SBU|FOUO|CUI)(?:\s*/{1,2}\s*[A-Z]{1,8})*)\)"
_NUMBERED_RE = re.compile(r"^\s*(?P<pilcrow>¶\s*)?(?P<number>\d{1,3})\.(?=\s|\(|$)\s*(?:" + _PORTION + r"\s*)?(?P<rest>.*)$")
_UNNUMBERED_RE = re.compile(r"^\s*" + _PORTION + r"(?:\s+(?P<rest>.*))?$")
_NAME_LINE_RE = re.compile(r"^\s*[A-Za-z][A-Za-z'.-]*(?: [A-Za-z][A-Za-z'.-]*){0,2}\s*$")
# End-of-message prosigns and export/web junk (lines of punctuation, `=== end ===`).
_TRAILER_RE = re.compile(r"^\s*(?:NNNN|BT|[=#*~_].*|[^A-Za-z]*)\s*$")
_NOT_SIGNERS = {"END COMMENT", "END SUMMARY", "END NOTE", "END TEXT", "END CABLE", "COMMENT", "NNNN", "BT"}


class _Marker(NamedTuple):
    line: int
    number: int | None
    classification: str | None
    rest: str


def _paragraph_marker(line: str, last_number: int) -> _Marker | None:
    """A paragraph start; a bare `N.` counts only when it follows the previous number."""
    if match := _NUMBERED_RE.match(line):
        number = int(match["number"])
        if match["pilcrow"] or match["mark"] or number == last_number + 1:
            return _Marker(-1, number, _mark(match["mark"]), match["rest"])
    if match := _UNNUMBERED_RE.match(line):
        return _Marker(-1, None, _mark(match["mark"]), match["rest"] or "")
    return None


def _mark(mark: str | None) -> str | None:
    return mark.replace(" ", "").upper() if mark else None


# --- the reader ----------------------------------------------------------------------------------

class _CableReader:
    def __init__(self, text: str):
        self.lines = text.split("\n")
        self.fields: dict[str, Any] = {name: None for name in FIELDS}
        self.status: dict[str, str] = {}
        self.fouo = False  # a FOR OFFICIAL USE ONLY marking was seen in the header

    def read(self) -> CableParse:
        banner_at, body_at = self._locate_banner_and_body()
        banner = parse_banner(self.lines[banner_at]) if banner_at is not None else None
        routing_end = banner_at if banner_at is not None else self._first_header_line(body_at)
        dtg = self._read_routing(routing_end)
        header_start = banner_at + 1 if banner_at is not None else routing_end
        header_end = self._read_header(header_start, body_at, banner_at)
        self._read_classification(banner, routing_end)
        self._read_reference_id(banner, dtg)
        # A signer can only follow the first paragraph (or the header, when there are no markers).
        body_end = self._read_signers(header_end if body_at == len(self.lines) else body_at)
        self._read_paragraphs(header_end, body_at, body_end)
        if not self.fields["classified_by"] and self.fields["paragraphs"]:
            # Some posts open paragraph 1 with the classification line instead of the header.
            first = self.fields["paragraphs"][0]["text"]
            if match := _CLASSIFIED_BY_RE.match(first):
                self._read_classified_by(first[match.end():])
        for name in FIELDS:
            if self.fields[name] is None and name in _LIST_FIELDS:
                self.fields[name] = []
            self.status.setdefault(name, FOUND if self.fields[name] else NOT_FOUND)
        return CableParse(self.fields, self.status)

    # The banner is the first banner-like line before any header keyword; the body starts at the
    # first paragraph marker after it.
    def _locate_banner_and_body(self) -> tuple[int | None, int]:
        banner_at = None
        for index, line in enumerate(self.lines):
            if _KEYWORD_RE.match(line) or _paragraph_marker(line, 0):
                break
            if parse_banner(line):
                banner_at = index
                break
        start = banner_at + 1 if banner_at is not None else 0
        for index in range(start, len(self.lines)):
            if _paragraph_marker(self.lines[index], 0):
                return banner_at, index
        return banner_at, len(self.lines)

    def _first_header_line(self, limit: int) -> int:
        for index in range(limit):
            line = self.lines[index]
            if _KEYWORD_RE.match(line) or parse_caveat_line(line):
                return index
        return limit

    def _read_routing(self, end: int):
        dtgs, prosigns, index = [], [], 0
        while index < end:
            line = self.lines[index]
            if dtg := parse_dtg(line):
                dtgs.append(dtg)
            elif match := _ROUTING_PRECEDENCE_RE.match(line):
                prosigns.append(PRECEDENCE_BY_PROSIGN[match[1]])
            elif (match := _FM_RE.match(line)) and self.fields["origin"] is None:
                self.fields["origin"] = " ".join(match["rest"].split())
            elif match := _TO_RE.match(line):
                key = "recipients" if match["kind"] == "TO" else "info_recipients"
                recipients, index = self._recipient_block(match["rest"], index + 1, end)
                self.fields[key] = (self.fields[key] or []) + recipients
                continue
            index += 1
        return self._settle_dtg(dtgs, prosigns)

    def _recipient_block(self, first: str | None, index: int, end: int):
        lines = [first] if first else []
        while index < end and self._is_recipient_line(self.lines[index]):
            lines.append(self.lines[index])
            index += 1
        return [parse_recipient(line) for line in lines], index

    def _is_recipient_line(self, line: str) -> bool:
        stripped = line.strip()
        return bool(_RECIPIENT_LINE_RE.match(line)) and stripped != "BT" and not (
            _TO_RE.match(line) or _FM_RE.match(line) or parse_dtg(line) or parse_caveat_line(line))

    def _settle_dtg(self, dtgs, prosigns):
        distinct = set(dtgs)
        dtg = dtgs[0] if len(distinct) == 1 else None
        if len(distinct) > 1 or (dtg and dtg.iso is None):
            self.status["date_time_group"] = AMBIGUOUS
        elif dtg:
            self.fields["date_time_group"] = dtg.iso
        # The DTG prosign is the message's precedence; the routing line's first letter backs it up.
        candidates = {d.precedence for d in dtgs} or set(prosigns[:1])
        if dtgs and prosigns and prosigns[0] not in candidates:
            candidates.add(prosigns[0])
        if len(candidates) == 1:
            self.fields["precedence"] = candidates.pop()
        elif candidates:
            self.status["precedence"] = AMBIGUOUS
        return dtg if self.fields["date_time_group"] else None

    def _block(self, index: int, first: str, stop: int) -> tuple[list[str], int]:
        """A header field's lines: the rest of its first line, then lines up to a blank or a keyword."""
        lines = [first] if first.strip() else []
        index += 1
        while (index < stop and self.lines[index].strip() and not _KEYWORD_RE.match(self.lines[index])
               and not _paragraph_marker(self.lines[index], 0)):
            lines.append(self.lines[index].strip())
            index += 1
        return lines, index

    def _read_header(self, start: int, stop: int, banner_at: int | None) -> int:
        """Read header fields between banner and body; return where the header ends."""
        end = banner_at + 1 if banner_at is not None else start
        caveats: list[str] = list(parse_banner(self.lines[banner_at]).marks) if banner_at is not None else []
        index = start
        while index < stop:
            line, next_index = self.lines[index], index + 1
            if (found := parse_caveat_line(line)) is not None:
                caveats += found
            elif match := _EO_RE.match(line):
                self._read_decl(match["rest"])
                if tags := _TAGS_RE.search(line):
                    next_index = self._read_tags(index, tags["rest"], stop)
            elif _DECL_RE.match(line.strip()):
                self._read_decl(line)
            elif match := _TAGS_RE.match(line.strip()):
                next_index = self._read_tags(index, match["rest"], stop)
            elif (match := _SUBJECT_RE.match(line)) and self.fields["subject"] is None:
                lines, next_index = self._block(index, match["rest"], stop)
                self.fields["subject"] = " ".join(" ".join(lines).split()) or None
            elif (match := _REF_RE.match(line)) and self.fields["references"] is None:
                lines, next_index = self._block(index, match["rest"], stop)
                self.fields["references"] = split_references("\n".join(lines))
            elif (match := _CLASSIFIED_BY_RE.match(line.strip())) and self.fields["classified_by"] is None:
                lines, next_index = self._block(index, line.strip()[match.end():], stop)
                self._read_classified_by(" ".join(lines))
            elif (match := _REASON_LINE_RE.match(line)) and not self.fields["reasons"]:
                lines, next_index = self._block(index, match["rest"], stop)
                self.fields["reasons"] = parse_reasons(" ".join(lines))
            else:
                index += 1
                continue
            end, index = next_index, next_index
        self._read_caveats(caveats)
        return end

    def _read_tags(self, index: int, first: str, stop: int) -> int:
        lines, next_index = self._block(index, first, stop)
        if self.fields["tags"] is None:
            self.fields["tags"] = parse_tags(" ".join(lines))
        return next_index

    def _read_decl(self, text: str) -> None:
        if self.fields["declassify_on"] is not None or self.status.get("declassify_on"):
            return
        match = _DECL_RE.search(text)
        if match is None:
            # `E.O. 12958: N/A` says there is nothing to declassify; anything else is unreadable.
            if text.strip().upper() not in {"", "N/A", "NA"}:
                self.status["declassify_on"] = AMBIGUOUS
            return
        value = match["rest"].split("TAGS")[0].strip()
        self.fields["declassify_on"] = parse_decl_date(value)
        if value and self.fields["declassify_on"] is None:
            self.status["declassify_on"] = AMBIGUOUS

    def _read_caveats(self, caveats: list[str]) -> None:
        # FOUO folds into an UNCLASSIFIED marking (see _read_classification); on a classified
        # cable it stays a caveat, spelled out.
        self.fouo = "FOUO" in caveats
        caveats = [c if c != "FOUO" else "FOR OFFICIAL USE ONLY" for c in caveats]
        self.fields["caveats"] = list(dict.fromkeys(caveats))

    def _read_classified_by(self, text: str) -> None:
        """Read the text that follows `CLASSIFIED BY`."""
        names, reasons = split_classification_authority(text)
        self.fields["classified_by"] = names
        if reasons and not self.fields["reasons"]:
            self.fields["reasons"] = reasons

    def _read_classification(self, banner, routing_end: int) -> None:
        from_banner = banner.classification if banner else None
        if from_banner == "UNCLASSIFIED" and self.fouo:
            from_banner = FOUO
            self.fields["caveats"].remove("FOR OFFICIAL USE ONLY")
        routed = [_ZNY_LEVELS[m[1]] for line in self.lines[:routing_end] if (m := _ZNY_RE.match(line))]
        from_routing = routed[0] if routed else None
        base = (from_banner or "").split("//")[0]
        if from_banner and from_routing and base != from_routing:
            self.status["classification"] = AMBIGUOUS  # banner and routing indicator disagree
        else:
            self.fields["classification"] = from_banner or from_routing

    def _read_reference_id(self, banner, dtg) -> None:
        if banner is None or banner.post is None:
            return
        if dtg is None:
            self.status["reference_id"] = AMBIGUOUS  # post and number, but no year to date them
            return
        post = re.sub(r"[^A-Z]", "", banner.post)
        self.fields["reference_id"] = f"{dtg.year % 100:02d}{post}{banner.number}"

    def _read_signers(self, body_start: int) -> int:
        """Read the signer line at the foot; return where the body ends."""
        index = len(self.lines) - 1
        while index >= body_start and _TRAILER_RE.match(self.lines[index]):
            index -= 1
        body_end = index + 1
        if index <= body_start or not _NAME_LINE_RE.match(self.lines[index]):
            return body_end
        name = " ".join(self.lines[index].split()).upper()
        if name.endswith(".") or name in _NOT_SIGNERS or parse_caveat_line(name) or parse_banner(name):
            return body_end
        above = self.lines[index - 1].strip()
        if above and not re.search(r"[.!?:;\"')\]]$", above):
            self.status["signers"] = AMBIGUOUS  # could be the tail of a wrapped sentence
            return body_end
        self.fields["signers"] = [name]
        return index

    def _read_paragraphs(self, header_end: int, body_at: int, body_end: int) -> None:
        markers, last_number = [], 0
        for index in range(body_at, body_end):
            marker = _paragraph_marker(self.lines[index], last_number)
            if marker:
                markers.append(marker._replace(line=index))
                last_number = marker.number if marker.number is not None else last_number
        # Text between the header and the first marker (or an unmarked body) is a paragraph
        # with no number and no portion mark.
        lead_end = markers[0].line if markers else body_end
        if header_end > 0 and any(line.strip() for line in self.lines[header_end:lead_end]):
            markers.insert(0, _Marker(header_end - 1, None, None, ""))
        paragraphs = []
        for position, marker in enumerate(markers):
            stop = markers[position + 1].line if position + 1 < len(markers) else body_end
            text = _unwrap([marker.rest, *self.lines[marker.line + 1:stop]])
            paragraphs.append({"number": marker.number, "classification": marker.classification, "text": text})
        self.fields["paragraphs"] = paragraphs


_LIST_FIELDS = {"recipients", "info_recipients", "caveats", "tags", "classified_by", "reasons",
                "references", "paragraphs", "signers"}


def _unwrap(lines: list[str]) -> str:
    """Join wrapped lines with spaces; keep blank-line breaks between blocks."""
    blocks, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    return "\n\n".join(" ".join(block.split()) for block in blocks)
