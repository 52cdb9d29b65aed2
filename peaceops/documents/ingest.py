"""Turn a file's bytes into a document draft: decoding, cable detection, portion levels.

No Django import: the service decides who may store the draft and under which marking.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from .parsers.cable import parse_cable_with_status
from .parsers.cli import decode_bytes

MAX_BYTES = 50 * 1024 * 1024

# Banner words and portion marks → classification codes of the default scheme.
BANNER_CODES = {
    "UNCLASSIFIED": "UNCLASSIFIED", "UNCLASSIFIED//FOR OFFICIAL USE ONLY": "UNCLASSIFIED",
    "CONFIDENTIAL": "CONFIDENTIAL", "SECRET": "SECRET", "TOP SECRET": "TOP SECRET",
}
PORTION_CODES = {"U": "UNCLASSIFIED", "SBU": "UNCLASSIFIED", "FOUO": "UNCLASSIFIED", "C": "CONFIDENTIAL",
                 "S": "SECRET", "TS": "TOP SECRET"}


class IngestError(ValueError):
    """The file cannot become a document. `code` names the reason (the service words it in the
    user's language); `params` fill the message."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code)


@dataclass
class PortionDraft:
    number: str
    code: str  # classification code, e.g. "CONFIDENTIAL"
    text: str


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


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def decode(content: bytes, name: str) -> str:
    if not content.strip():
        raise IngestError("empty")
    if len(content) > MAX_BYTES:
        raise IngestError("too_large", megabytes=MAX_BYTES // (1024 * 1024))
    utf16 = content.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and b"\x00" in content[:4096]:
        raise IngestError("binary")
    text = decode_bytes(content)
    if text.count("\ufffd") > max(10, len(text) // 100):
        raise IngestError("undecodable")
    return text


def _portion_code(mark: str | None, banner: str | None) -> str | None:
    """A portion's level: its own mark, else the banner (fail closed), else unknown (None)."""
    if mark:
        head = mark.split("//")[0].strip().upper()
        if head in PORTION_CODES:
            return PORTION_CODES[head]
    return banner


_SUBJECT_MARK = re.compile(r"^\(([A-Z/]+)\)\s*")


def draft_from_bytes(content: bytes, name: str) -> DocumentDraft:
    text = decode(content, name)
    digest = content_hash(content)
    fields, status = parse_cable_with_status(text)
    is_cable = bool(fields["paragraphs"]) and any(
        fields[key] for key in ("reference_id", "date_time_group", "classification", "subject"))
    if not is_cable:
        return _plain_draft(text, digest, name)
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
        portions=portions,
    )


def _plain_draft(text: str, digest: str, name: str) -> DocumentDraft:
    """A plain text: paragraphs separated by blank lines; their level is chosen by the importer."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if not paragraphs:
        raise IngestError("empty")
    title = paragraphs[0].splitlines()[0][:500]
    return DocumentDraft(kind="report", title=title, content_hash=digest, source_name=name,
                         portions=[PortionDraft(str(i), "", p) for i, p in enumerate(paragraphs, start=1)])
