"""Text out of a file's bytes: PDF (pypdf), DOCX (python-docx), HTML (stdlib html.parser) and plain text.

No Django import. `extract_text(content, name)` returns an `Extracted` (text, format, content type,
title hint) or raises `ExtractError(code, **params)`; the import service words the code in the
user's language. Decoding of plain text: byte-order marks (UTF-8, UTF-16, UTF-32), UTF-16 without a
mark when its zero bytes give it away, strict UTF-8, then the Vietnamese Windows code page
(cp1258, whose tone marks are combining characters: the result is normalised to NFC).
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser

# A DOCX is a zip: refuse one that would inflate beyond this (a "zip bomb"), before parsing it.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
# Share of control / replacement characters above which decoded "text" is really binary data.
MAX_NOISE_SHARE = 0.01
SNIFF_BYTES = 4096

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "text": "text/plain",
}
HTML_SUFFIXES = (".htm", ".html", ".xhtml")


class ExtractError(ValueError):
    """The bytes give no text. `code` names the reason; `params` fill the worded message."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code)


@dataclass
class Extracted:
    text: str
    format: str  # "pdf", "docx", "html" or "text"
    title: str = ""  # from the file's own metadata (PDF info, DOCX core properties, HTML <title>)
    encoding: str = ""  # for text and HTML: the codec that decoded it

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


def extract_text(content: bytes, name: str = "") -> Extracted:
    suffix = _suffix(name)
    if not content.strip():
        raise ExtractError("empty")
    if b"%PDF-" in content[:1024] or suffix == ".pdf":  # readers allow bytes before the header
        return _pdf(content)
    if content.startswith(b"PK\x03\x04") or suffix == ".docx":
        return _docx(content, suffix)
    if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ExtractError("legacy_office")
    for magic, kind in _BINARY_MAGIC:
        if content.startswith(magic):
            raise ExtractError("unsupported", format=kind)
    declared = _declared_charset(content) if suffix in HTML_SUFFIXES or _looks_like_html(content) else None
    text, encoding = decode_text(content, declared=declared)
    if suffix in HTML_SUFFIXES or _looks_like_html(text[:SNIFF_BYTES]):
        title, body = html_to_text(text)
        if not body.strip():
            raise ExtractError("no_text")
        return Extracted(body, "html", title=title, encoding=encoding)
    return Extracted(text, "text", encoding=encoding)


# --- plain text -----------------------------------------------------------------------------------

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_BINARY_MAGIC = [
    (b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"), (b"\x1f\x8b", "GZIP"),
    (b"7z\xbc\xaf", "7Z"), (b"Rar!", "RAR"), (b"\x7fELF", "ELF"), (b"MZ", "EXE"), (b"{\\rtf", "RTF"),
]


def decode_text(content: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, codec). Raises ExtractError("binary") for data that is not text in any expected codec."""
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return _checked(content[len(bom):].decode(codec, errors="replace")), codec
    codec = _utf16_without_bom(content)
    if codec:
        try:
            return _checked(content.decode(codec)), codec
        except UnicodeDecodeError:
            pass
    if b"\x00" in content[:SNIFF_BYTES]:
        raise ExtractError("binary")
    if declared:
        try:
            return _checked(content.decode(declared)), declared
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return _checked(content.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return _checked(content.decode("cp1258")), "cp1258"
    except UnicodeDecodeError:
        # cp1258 leaves nine bytes undefined; text that has them is neither UTF-8 nor cp1258.
        return _checked(content.decode("utf-8", errors="replace")), "utf-8"


def _utf16_without_bom(content: bytes) -> str | None:
    """UTF-16 without a byte-order mark: mostly Latin text has a zero in every other byte."""
    sample = content[:SNIFF_BYTES]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) // 2 * 2]
    pairs = len(sample) // 2
    even = sample[0::2].count(0) / pairs
    odd = sample[1::2].count(0) / pairs
    if odd >= 0.3 and even <= 0.02:
        return "utf-16-le"
    if even >= 0.3 and odd <= 0.02:
        return "utf-16-be"
    return None


# Control characters other than tab, line and page breaks, and the replacement character.
_NOISE_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
NOISE_SAMPLE_CHARS = 20000


def _checked(text: str) -> str:
    """NFC text with `\\n` line ends; binary data decoded by accident is refused."""
    text = text.lstrip("\ufeff")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    sample = text[:NOISE_SAMPLE_CHARS]
    noise = len(_NOISE_RE.findall(sample))
    if noise > max(8, len(sample) * MAX_NOISE_SHARE):
        raise ExtractError("binary")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- HTML -----------------------------------------------------------------------------------------

_HTML_SNIFF_RE = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|pre|p|div)\b", re.I | re.S)
_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)


def _looks_like_html(head) -> bool:
    if isinstance(head, bytes):
        head = head[:SNIFF_BYTES].decode("latin-1")
    return bool(_HTML_SNIFF_RE.match(head))


def _declared_charset(content: bytes) -> str | None:
    match = _CHARSET_RE.search(content[:SNIFF_BYTES])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    return None if name.startswith("utf-16") or name.startswith("utf-32") else name


_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "section", "table", "tbody", "thead", "tfoot", "tr", "ul", "pre", "body",
}
_HIDDEN_TAGS = {"script", "style", "noscript", "template", "head", "svg", "object", "iframe"}
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"}


_LIST_PREFIX_RE = re.compile(r"\s*(?:-|\d+\))\s")


class _HTMLText(HTMLParser):
    """Text of an HTML page: scripts and styles dropped, a blank line between blocks, `<pre>` kept
    as written (so an HTML-wrapped cable keeps its lines), list items as `- ` / `1) ` lines."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.hidden = 0
        self.pre = 0
        self.in_title = False
        self.title: list[str] = []
        self.lists: list[list] = []  # [tag, counter]
        self.cell_open = False

    # blocks
    def _flush(self):
        text = "".join(self.current)
        if not self.pre and _LIST_PREFIX_RE.fullmatch(text):
            return  # `<li><p>…`: keep the item's marker for the text that follows
        self.current = []
        if self.pre:
            if text.strip("\n"):
                self.blocks.append(text.strip("\n"))
            return
        lines = [" ".join(line.split()) for line in text.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            self.blocks.append(text)

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
            return
        if tag in _HIDDEN_TAGS:
            if tag not in _VOID_TAGS:
                self.hidden += 1
            return
        if self.hidden:
            return
        if tag == "br":
            self.current.append("\n")
        elif tag in ("td", "th"):
            if self.cell_open:
                self.current.append(" | ")
            self.cell_open = True
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag == "pre":
                self.pre += 1
            elif tag in ("ul", "ol"):
                self.lists.append([tag, 0])
            elif tag == "li":
                kind = self.lists[-1] if self.lists else ["ul", 0]
                kind[1] += 1
                indent = "  " * max(0, len(self.lists) - 1)
                self.current.append(f"{indent}{kind[1]}) " if kind[0] == "ol" else f"{indent}- ")
            elif tag == "tr":
                self.cell_open = False

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
            return
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
            return
        if self.hidden:
            return
        if tag in _BLOCK_TAGS:
            self._flush()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            elif tag in ("ul", "ol") and self.lists:
                self.lists.pop()

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.current.append(data if self.pre else data.replace("\n", " "))

    def close(self):
        super().close()
        self._flush()


def html_to_text(markup: str) -> tuple[str, str]:
    """(title, text) of an HTML page."""
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    return " ".join("".join(parser.title).split()), "\n\n".join(parser.blocks)


# --- PDF ------------------------------------------------------------------------------------------

def _pdf(content: bytes) -> Extracted:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # corrupt files are our error, not log noise
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # files with only an owner password open with an empty one
            except Exception as error:  # noqa: BLE001 - e.g. AES without the crypto library
                raise ExtractError("pdf_encrypted") from error
            if not opened:
                raise ExtractError("pdf_encrypted")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        metadata = reader.metadata
        title = str(metadata.title or "") if metadata else ""
    except ExtractError:
        raise
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds for a damaged file
        raise ExtractError("pdf_corrupt") from error
    text = unicodedata.normalize("NFC", "\n\n".join(p for p in pages if p))
    if not text.strip():
        raise ExtractError("no_text")
    return Extracted(text, "pdf", title=" ".join(title.split()))


# --- DOCX -----------------------------------------------------------------------------------------

def _docx(content: bytes, suffix: str) -> Extracted:
    buffer = io.BytesIO(content)
    if not zipfile.is_zipfile(buffer):
        raise ExtractError("docx_not_zip")
    try:
        with zipfile.ZipFile(buffer) as archive:
            names = set(archive.namelist())
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise ExtractError("docx_not_zip") from error
    if "word/document.xml" not in names:
        if suffix == ".docx":
            raise ExtractError("docx_corrupt")
        raise ExtractError("unsupported", format="ZIP")
    if inflated > MAX_UNZIPPED_BYTES:
        raise ExtractError("docx_too_large", megabytes=MAX_UNZIPPED_BYTES // (1024 * 1024))
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(content))
        blocks = []
        number_runs: dict[tuple, int] = {}
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks.append(_docx_table(item))
                number_runs.clear()
                continue
            text = item.text.strip()
            if not text:
                continue
            prefix = _docx_list_prefix(item, number_runs)
            if not prefix:
                number_runs.clear()
            blocks.append(prefix + text)
        title = document.core_properties.title or ""
    except ExtractError:
        raise
    except Exception as error:  # noqa: BLE001 - python-docx / lxml raise many kinds for a damaged file
        raise ExtractError("docx_corrupt") from error
    text = unicodedata.normalize("NFC", "\n\n".join(b for b in blocks if b))
    if not text.strip():
        raise ExtractError("no_text")
    return Extracted(text, "docx", title=" ".join(title.split()))


def _docx_list_prefix(paragraph, runs: dict) -> str:
    """Word keeps list numbers and bullets out of the text: put them back as `- ` or `1) `."""
    try:
        style = (paragraph.style.name or "") if paragraph.style is not None else ""
    except Exception:  # noqa: BLE001 - a style id missing from styles.xml
        style = ""
    ppr = paragraph._p.pPr
    numbered = ppr is not None and ppr.numPr is not None
    level = 0
    if numbered and ppr.numPr.ilvl is not None and ppr.numPr.ilvl.val is not None:
        level = int(ppr.numPr.ilvl.val)
    if not numbered and not style.lower().startswith("list"):
        return ""
    digits = re.search(r"(\d+)$", style)
    if digits and not numbered:
        level = int(digits.group(1)) - 1
    indent = "  " * level
    if "number" in style.lower():
        key = (style, level)
        runs[key] = runs.get(key, 0) + 1
        return f"{indent}{runs[key]}) "
    return f"{indent}- "


def _docx_table(table) -> str:
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return "\n".join(rows)


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > max(name.rfind("/"), name.rfind("\\")) else ""
