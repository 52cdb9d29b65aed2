"""Readers for the value of one cable field, given the text already cut out for it.

Pure functions, no Django import. `cable.py` finds where each field sits; this module only reads
values, and returns None (or an empty list) rather than guessing when a value does not parse.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import NamedTuple

PRECEDENCE_BY_PROSIGN = {"R": "ROUTINE", "P": "PRIORITY", "O": "IMMEDIATE", "Z": "FLASH"}
_MONTHS = {name: i for i, name in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}


def expand_year(digits: str) -> int:
    year = int(digits)
    if len(digits) == 2:
        # Cables of this format run from the 1970s to the 2010s.
        year += 1900 if year >= 70 else 2000
    return year


# --- date-time group: `R 230900Z OCT 09` -------------------------------------------------------

_DTG_RE = re.compile(
    r"^\s*(?P<prosign>[RPOZ])\s+(?P<day>\d{2})(?P<hour>\d{2})(?P<minute>\d{2})Z\s+"
    r"(?P<month>[A-Z]{3})\s+(?P<year>\d{4}|\d{2})\s*$"
)


class Dtg(NamedTuple):
    precedence: str
    iso: str | None  # None when the digits are not a real moment (e.g. 31 FEB)
    year: int | None


def parse_dtg(line: str) -> Dtg | None:
    """Read a DTG line; None when the line is not one."""
    match = _DTG_RE.match(line)
    if not match:
        return None
    precedence = PRECEDENCE_BY_PROSIGN[match["prosign"]]
    year = expand_year(match["year"])
    try:
        moment = datetime(year, _MONTHS.get(match["month"], 0), int(match["day"]),
                          int(match["hour"]), int(match["minute"]))
    except ValueError:
        return Dtg(precedence, None, None)
    return Dtg(precedence, moment.strftime("%Y-%m-%dT%H:%M:00Z"), year)


# --- declassification date ---------------------------------------------------------------------

_YMD_RE = re.compile(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?!\d)")
_MDY_RE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?!\d)")


def parse_decl_date(text: str) -> str | None:
    """`2019/10/23`, `10/23/2019` or `6/30/08` (US order: month first) -> `YYYY-MM-DD`.

    None for anything else, including impossible dates such as `23/10/2019`: the day-first
    reading is not the cable convention, so it is reported rather than swapped.
    """
    text = text.strip()
    if match := _YMD_RE.match(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _MDY_RE.match(text):
        month, day, year = int(match[1]), int(match[2]), expand_year(match[3])
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# --- banner: `C O N F I D E N T I A L SECTION 01 OF 02 HANOI 000883` ---------------------------

_LEVELS = {"UNCLAS": "UNCLASSIFIED", "UNCLASSIFIED": "UNCLASSIFIED", "CONFIDENTIAL": "CONFIDENTIAL",
           "SECRET": "SECRET", "TOPSECRET": "TOP SECRET", "TOP SECRET": "TOP SECRET"}
_SPACED_LEVEL_RE = re.compile(r"^((?:[A-Z] ){3,}[A-Z])(?= |$)")
_LEVEL_RE = re.compile(r"^(TOP SECRET|UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET)(?![A-Za-z])")
_BANNER_MARK_RE = re.compile(r"^\s*(?:/{1,2}\s*)?(FOR OFFICIAL USE ONLY|FOUO|E F T O|EFTO|SENSITIVE|NOFORN)\b")
_SECTION_RE = re.compile(r"^\s*SECTION\s+\d+\s+OF\s+\d+")
_POST_NUMBER_RE = re.compile(r"^\s*([A-Z][A-Z .'-]*?[A-Z])\s+(\d{3,6})\b(.*)$")


class Banner(NamedTuple):
    classification: str
    post: str | None
    number: int | None
    marks: list[str]  # FOUO, EFTO, SENSITIVE, NOFORN... written on the banner line itself


def parse_banner(line: str) -> Banner | None:
    """Read the classification banner; None when the line is not one (case matters: banners are upper)."""
    line = line.strip()
    if match := _SPACED_LEVEL_RE.match(line):
        word = match[1].replace(" ", "")
    elif match := _LEVEL_RE.match(line):
        word = match[1]
    else:
        return None
    if word not in _LEVELS:
        return None
    rest, marks = line[match.end():], []
    while mark := _BANNER_MARK_RE.match(rest):
        marks.append(_normalise_mark(mark[1]))
        rest = rest[mark.end():]
    rest = _SECTION_RE.sub("", rest, count=1)
    if not rest.strip():
        return Banner(_LEVELS[word], None, None, marks)
    post_number = _POST_NUMBER_RE.match(rest)
    if not post_number:
        return None
    marks += parse_caveat_line(post_number[3]) or []
    return Banner(_LEVELS[word], post_number[1], int(post_number[2]), marks)


def _normalise_mark(mark: str) -> str:
    mark = mark.replace(" ", "") if mark == "E F T O" else mark
    return "FOUO" if mark == "FOR OFFICIAL USE ONLY" else mark


# --- handling caveats: `SIPDIS`, `NOFORN`, `SENSITIVE` ... ---------------------------------------

_CAVEATS = ("NOT FOR INTERNET DISTRIBUTION", "SENSITIVE BUT UNCLASSIFIED", "FOR OFFICIAL USE ONLY",
            "SIPDIS", "NOFORN", "SENSITIVE", "EXDIS", "LIMDIS", "NODIS", "STADIS", "ORCON",
            "NOCONTRACT", "PROPIN", "EFTO", "FOUO")
_CAVEAT_RE = re.compile(r"\s*[,;/]*\s*(" + "|".join(_CAVEATS) + r")(?![A-Z])")


def parse_caveat_line(line: str) -> list[str] | None:
    """The caveats on a line made only of caveats; None if the line holds anything else."""
    found, position = [], 0
    while match := _CAVEAT_RE.match(line, position):
        found.append(_normalise_mark(match[1]))
        position = match.end()
    if not found or line[position:].strip(" ,;/"):
        return None
    return found


# --- recipients: `RUEHC/SECSTATE WASHDC PRIORITY 1234` ------------------------------------------

_RECIPIENT_RE = re.compile(
    r"^(?:(?P<route>[A-Z0-9]{4,8})/)?(?P<name>.+?)"
    r"(?:\s+(?P<precedence>ROUTINE|PRIORITY|IMMEDIATE|FLASH))?(?:\s+(?P<mcn>\d{4}))?$"
)


def parse_recipient(line: str) -> dict[str, str | None]:
    match = _RECIPIENT_RE.match(" ".join(line.split()))
    assert match is not None  # the name part accepts any non-empty text
    return {"route": match["route"], "name": match["name"],
            "precedence": match["precedence"], "mcn": match["mcn"]}


# --- tags: `PREL, KPKO` or `[PREL](#) [KPKO](#)` or `OVIP (SMITH, JOHN)` ---------------------------

_MARKDOWN_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG_RE = re.compile(r"[A-Z0-9][A-Z0-9_-]*(?:\s*\([^)]*\))?")


def parse_tags(text: str) -> list[str]:
    # Web copies of cables turn each tag into a link; keep only the label.
    text = _MARKDOWN_LINK_RE.sub(r"\1", text).upper()
    return _unique(" ".join(match.group().split()) for match in _TAG_RE.finditer(text))


# --- classification authority: `Virginia Roe, DCM; REASON: 1.4(B), (D)` ------------------------

_REASON_START_RE = re.compile(r"\b(?:for\s+)?reasons?\b\s*:?|\bper\s+(?=\d)|(?<![\d.])(?=\d\.\d\s*\(?[a-h]\b)", re.I)
_SENTENCE_END_RE = re.compile(r"(?<![\s.][A-Za-z])\.(?=\s|$)")
_REASON_PART_RE = re.compile(r"(\d\.\d)|\(\s*([a-h](?:\s*[,/&]\s*[a-h])*)\s*\)|(?<![A-Za-z.])([a-h])(?![A-Za-z.(])", re.I)
_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z .'/-]*$")
_TITLE_WORDS = {
    "AMBASSADOR", "AMB", "ACTING", "A/DCM", "DCM", "CDA", "CHARGE", "D'AFFAIRES", "A.I.", "DEPUTY",
    "CHIEF", "OF", "MISSION", "POLITICAL", "ECONOMIC", "POL/ECON", "POLCOUNS", "POLCHIEF", "POLOFF",
    "ECONOFF", "ECONCOUNS", "POL/MIL", "POLMILOFF", "COUNSELOR", "COUNSELLOR", "CONSUL", "GENERAL",
    "PRINCIPAL", "OFFICER", "SECTION", "MINISTER", "DIRECTOR", "ASSISTANT", "SECRETARY", "UNDER",
    "PERMANENT", "REPRESENTATIVE", "DEFENSE", "ATTACHE", "THE", "FOR", "AFFAIRS", "OFFICE",
    "COLONEL", "COL", "LTC", "MAJ", "CAPT", "CDR", "RADM", "BG", "DATT", "ECON", "POL", "PAO", "RSO",
}


def split_classification_authority(text: str) -> tuple[list[str], list[str]]:
    """Split the text after `CLASSIFIED BY` into (names, reasons)."""
    text = " ".join(text.split())
    reason_start = _REASON_START_RE.search(text)
    if reason_start:
        who, why = text[:reason_start.start()], text[reason_start.end():]
        why = why[:_first_sentence_end(why)]
    else:
        who, why = text[:_first_sentence_end(text)], ""
    return _names(who), parse_reasons(why)


def parse_reasons(text: str) -> list[str]:
    """`1.4(B), (D)`, `1.4 (b) and (d)`, `1.4(b,d)`, `1.5 b/d` -> ["1.4(b)", "1.4(d)"]."""
    reasons, section = [], None
    for match in _REASON_PART_RE.finditer(text):
        if match[1]:
            section = match[1]
            continue
        if section is None:  # letters before any section number (`E.O.`) are not reasons
            continue
        letters = re.findall(r"[a-h]", (match[2] or match[3]).lower())
        reasons.extend(f"{section}({letter})" for letter in letters)
    return _unique(reasons)


def _first_sentence_end(text: str) -> int:
    match = _SENTENCE_END_RE.search(text)
    return match.start() if match else len(text)


def _names(text: str) -> list[str]:
    names = []
    for part in re.split(r";|\band\b|&", text, flags=re.I):
        words = part.split(",")[0].strip(" .:").split()
        # Titles come before the name ("Ambassador Jane Roe"); a title after a comma is dropped above.
        while len(words) > 1 and words[0].upper() in _TITLE_WORDS:
            words.pop(0)
        name = " ".join(words)
        if _NAME_RE.match(name) and name.upper() not in _TITLE_WORDS:
            names.append(name)
    return names


# --- references: `A. HANOI 123 B. STATE 4567` -------------------------------------------------

_REF_LABEL_RE = re.compile(r"(?<![^\s;,])(?:\(([A-Z])\)|([A-Z])[.)])(?=\s)")


def split_references(block: str) -> list[str]:
    """Split a REF block into items, keeping labels ("A. HANOI 123").

    Labels must run A, B, C... so that an initial inside a reference does not start a new item.
    Without labels, each line (or `;`-separated part) is one reference.
    """
    flat = " ".join(block.split())
    starts, expected = [], "A"
    for match in _REF_LABEL_RE.finditer(flat):
        if (match[1] or match[2]) == expected:
            starts.append(match.start())
            expected = chr(ord(expected) + 1)
    if not starts:
        pieces = [piece for line in block.split("\n") for piece in line.split(";")]
    else:
        bounds = [0, *starts, len(flat)] if starts[0] else [*starts, len(flat)]
        pieces = [flat[begin:end] for begin, end in zip(bounds, bounds[1:], strict=False)]
    return [item for item in (" ".join(piece.split()).strip(" ;,") for piece in pieces) if item]


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))
