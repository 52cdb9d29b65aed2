"""Text extraction without Django: encodings, HTML, PDF, DOCX, and the refusals of bad files."""

import io
import random
import unicodedata
import zipfile

import pytest

from peaceops.documents.ingest import detect_language
from peaceops.documents.parsers.cable import parse_cable
from peaceops.documents.parsers.extract import ExtractError, decode_text, extract_text, html_to_text

from .files import FIXTURES, encrypted_pdf, fixture_text, make_docx, make_pdf, pdf_of_text

VIETNAMESE = "Bộ Quốc phòng đã hoàn thành khóa huấn luyện tiếng Anh cho sĩ quan gìn giữ hòa bình."
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """How Vietnamese Windows writes text: base letters precomposed, tone marks as combining characters."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        out.append(base + "".join(c for c in parts if c in TONE_MARKS))
    return "".join(out).encode("cp1258")


def garbage(seed: int, size: int = 5000, *, lowest: int = 0) -> bytes:
    generator = random.Random(seed)
    return bytes(generator.randrange(lowest, 256) for _ in range(size))


def refusal(content: bytes, name: str = "file.txt") -> str:
    with pytest.raises(ExtractError) as caught:
        extract_text(content, name)
    return caught.value.code


# --- encodings ------------------------------------------------------------------------------------

@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: t.encode("utf-8-sig"),
    lambda t: t.encode("utf-16"),
    lambda t: t.encode("utf-16-le"),
    lambda t: t.encode("utf-16-be"),
    lambda t: t.encode("utf-32"),
    windows_1258,
    lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
], ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-le-no-bom", "utf-16-be-no-bom", "utf-32-bom", "cp1258",
        "utf-8-decomposed"])
def test_vietnamese_text_reads_the_same_in_every_expected_encoding(encode):
    extracted = extract_text(encode(VIETNAMESE + "\r\nDòng thứ hai."), "note.txt")
    assert extracted.text == VIETNAMESE + "\nDòng thứ hai."
    assert unicodedata.is_normalized("NFC", extracted.text)


def test_windows_1258_really_writes_tone_marks_as_combining_characters():
    raw = windows_1258("Bộ")
    assert raw == b"B\xf4\xf2"  # B, ô, combining dot below
    text, codec = decode_text(raw)
    assert (text, codec) == ("Bộ", "cp1258")


@pytest.mark.parametrize("content,code", [
    (b"", "empty"),
    (b" \n\t\r\n ", "empty"),
    (b"\x00\x01\x02\x03binary\x00garbage" * 50, "binary"),
    (garbage(7, lowest=1), "binary"),
    (garbage(8), "binary"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "unsupported"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "legacy_office"),
], ids=["empty", "blank", "nul-garbage", "garbage-without-nul", "random-bytes", "png", "word-97"])
def test_bad_bytes_get_a_named_refusal(content, code):
    assert refusal(content) == code


def test_an_image_says_which_format_it_is():
    with pytest.raises(ExtractError) as caught:
        extract_text(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "photo.txt")
    assert caught.value.params == {"format": "PNG"}


# --- HTML -----------------------------------------------------------------------------------------

def test_html_keeps_paragraphs_and_lists_and_drops_scripts_and_styles():
    extracted = extract_text((FIXTURES / "files" / "report.html").read_bytes(), "report.html")
    assert extracted.format == "html" and extracted.content_type == "text/html"
    assert extracted.title == "Báo cáo rút kinh nghiệm diễn tập"
    text = extracted.text
    assert "trackVisit" not in text and "font-family" not in text and "cookie" not in text.lower()
    assert "1. Mục đích\n\nĐánh giá buổi diễn tập" in text
    assert "- Thông tin liên lạc giữa các tổ còn chậm." in text
    assert "1) Lập danh sách liên lạc" in text
    assert "Bộ Quốc phòng & Bộ Y tế" in text  # entities decoded
    assert "\n\n\n" not in text


def test_an_html_wrapped_cable_still_parses_as_a_cable():
    extracted = extract_text((FIXTURES / "files" / "cable.html").read_bytes(), "cable.html")
    fields = parse_cable(extracted.text)
    assert fields["reference_id"] == "10HANOI412"
    assert fields["classification"] == "CONFIDENTIAL"
    assert fields["subject"].startswith("(U) ENGINEERING COMPANY")
    assert [p["classification"] for p in fields["paragraphs"]] == ["U", "C", "U"]
    assert fields["tags"] == ["PREL", "KPKO", "VM"]


def test_html_declaring_the_windows_code_page_is_decoded_with_it():
    page = b'<html><head><meta charset="windows-1258"></head><body><p>' + windows_1258(VIETNAMESE) + b"</p></body></html>"
    extracted = extract_text(page, "page.htm")
    assert extracted.text == VIETNAMESE and extracted.encoding == "cp1258"


def test_pre_blocks_keep_their_lines_and_breaks_split_lines():
    title, text = html_to_text("<p>one<br>two</p><pre>  a\n\n  b</pre><p>x   y\nz</p>")
    assert text == "one\ntwo\n\n  a\n\n  b\n\nx y z"


# --- PDF ------------------------------------------------------------------------------------------

def test_a_pdf_gives_its_text_and_title():
    report = fixture_text("01_en_roman_training_review.txt")
    extracted = extract_text(pdf_of_text(report, lines_per_page=20, title="Training review"), "review.pdf")
    assert extracted.format == "pdf" and extracted.title == "Training review"
    assert "III. LESSONS LEARNED" in extracted.text
    assert "Draft the radio procedure module (MOD, by 30/06/2011)." in extracted.text


def test_a_password_protected_pdf_is_refused_by_name():
    assert refusal(encrypted_pdf(), "secret.pdf") == "pdf_encrypted"


def test_a_pdf_with_only_an_owner_password_opens():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Open to read, closed to edit."]]))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert "Open to read" in extract_text(out.getvalue(), "open.pdf").text


@pytest.mark.parametrize("content", [
    make_pdf([["A page of text."]])[:200],
    b"%PDF-1.4\n" + garbage(3, 3000),
    b"this is not a pdf at all, only text with a pdf name",
], ids=["truncated", "garbage-body", "text-named-pdf"])
def test_a_corrupt_pdf_is_refused_by_name(content):
    assert refusal(content, "broken.pdf") == "pdf_corrupt"


def test_a_pdf_without_text_says_so():
    assert refusal(make_pdf([[]]), "scan.pdf") == "no_text"


# --- DOCX -----------------------------------------------------------------------------------------

def test_a_docx_gives_paragraphs_bullets_numbers_tables_and_title():
    text = "## Kết quả\n\n- Điểm thứ nhất.\n- Điểm thứ hai.\n\n1) Việc một.\n2) Việc hai.\n\nĐoạn văn thường."
    extracted = extract_text(make_docx(text, title="Báo cáo"), "report.docx")
    assert extracted.format == "docx" and extracted.title == "Báo cáo"
    blocks = extracted.text.split("\n\n")
    assert blocks[:6] == ["Kết quả", "- Điểm thứ nhất.", "- Điểm thứ hai.", "1) Việc một.", "2) Việc hai.",
                          "Đoạn văn thường."]
    assert blocks[-1] == "Item | Status\nTraining plan | Open"


def test_a_docx_that_is_not_a_zip_is_refused_by_name():
    assert refusal(b"Just some text saved with the wrong name.", "notes.docx") == "docx_not_zip"


def test_a_zip_without_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert refusal(buffer.getvalue(), "broken.docx") == "docx_corrupt"
    assert refusal(buffer.getvalue(), "archive.zip") == "unsupported"


def test_a_docx_with_damaged_xml_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_docx("Text."))) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, b"<w:document><unclosed" if item.filename == "word/document.xml" else data)
    assert refusal(buffer.getvalue(), "damaged.docx") == "docx_corrupt"


# --- language -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,language", [
    (VIETNAMESE, "vi"),
    ("Báo cáo kết quả luân phiên. The report is in English for the mission.", "vi"),
    ("The field hospital completed its rotation in the mission area.", "en"),
    ("Thông báo ngắn", "vi"),
    ("Le détachement a rejoint la mission à Bangui.", "other"), ("Ông Nguyễn Văn An met the delegation.", "vi"),
    ("12345 --- !!!", "other"),
], ids=["vietnamese", "mixed", "english", "short-vietnamese", "french", "vietnamese-name", "no-letters"])
def test_the_language_is_told_by_the_share_of_vietnamese_letters(text, language):
    assert detect_language(text) == language


def test_list_items_that_wrap_their_text_in_paragraphs_keep_their_markers():
    _title, text = html_to_text("<ul><li><p>First point.</p></li><li>Second</li></ul><ol><li><p>Do it</p></li></ol>")
    assert text == "- First point.\n\n- Second\n\n1) Do it"


def test_a_pdf_with_bytes_before_its_header_is_still_a_pdf():
    content = b"\r\n\r\n" + make_pdf([["Text after a stray line break."]])
    assert extract_text(content, "download").format == "pdf"
