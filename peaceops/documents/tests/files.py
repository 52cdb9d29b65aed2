"""Binary test files made on the fly (nothing large is committed): PDF, encrypted PDF, DOCX.

`python -m peaceops.documents.tests.files OUTDIR` writes the PDF and DOCX versions of a fixture
report into OUTDIR, to look at them by hand.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_text(name: str) -> str:
    return (FIXTURES / "reports" / name).read_text(encoding="utf-8")


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(pages: list[list[str]], *, title: str = "") -> bytes:
    """A small, valid PDF: each page a list of lines in Helvetica (WinAnsi, so Latin text only)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = len(objects) + 1 + 2 * len(pages)  # filled after the pages
    kids = []
    for lines in pages:
        stream = [b"BT /F1 11 Tf 14 TL 56 780 Td"]
        for line in lines:
            stream.append(_pdf_string(line) + b" Tj T*")
        stream.append(b"ET")
        data = b"\n".join(stream)
        content = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)))
    assert add(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>"
               % len(kids)) == pages_id
    info = add(b"<< /Title " + _pdf_string(title) + b" >>") if title else None
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info:
        trailer += b" /Info %d 0 R" % info
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def pdf_of_text(text: str, *, lines_per_page: int = 50, title: str = "") -> bytes:
    lines = text.splitlines()
    pages = [lines[i:i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[""]]
    return make_pdf(pages, title=title)


def encrypted_pdf(password: str = "secret") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Restricted briefing notes."]]))))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(text: str, *, title: str = "") -> bytes:
    """A DOCX with Word's own list and heading styles: `- ` lines become "List Bullet" paragraphs,
    `1) ` lines "List Number", lines that start with `## ` "Heading 2"."""
    import re

    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    for block in [b for b in re.split(r"\n\s*\n", text) if b.strip()]:
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("## "):
                document.add_heading(line[3:], level=2)
            elif line.startswith(("- ", "• ")):
                document.add_paragraph(line[2:], style="List Bullet")
            elif re.match(r"^\d+\) ", line):
                document.add_paragraph(line.split(") ", 1)[1], style="List Number")
            else:
                document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Item", "Status"
    table.cell(1, 0).text, table.cell(1, 1).text = "Training plan", "Open"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":  # pragma: no cover - a tool for looking at the files by hand
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    target.mkdir(parents=True, exist_ok=True)
    (target / "report.pdf").write_bytes(pdf_of_text(fixture_text("01_en_roman_training_review.txt")))
    (target / "report.docx").write_bytes(make_docx(fixture_text("02_vi_decimal_hospital_rotation.txt")))
    (target / "encrypted.pdf").write_bytes(encrypted_pdf())
