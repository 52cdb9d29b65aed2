"""Cable parser tests: every fixture cable field by field, then the tricky pieces one by one.

No database and no Django: the parser is pure Python.
"""

from __future__ import annotations

import ast
import io
import json
import sys
from pathlib import Path

import pytest

from peaceops.documents.parsers.cable import (
    AMBIGUOUS,
    FIELDS,
    FOUND,
    NOT_FOUND,
    normalise_text,
    parse_cable,
    parse_cable_with_status,
)
from peaceops.documents.parsers.cable_fields import (
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
from peaceops.documents.parsers.cli import decode_bytes, run

FIXTURES = Path(__file__).parent / "fixtures" / "cables"
CABLES = sorted(FIXTURES.glob("*.txt"))


def _load(path: Path) -> tuple[str, dict]:
    text = path.read_bytes().decode("utf-8")
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return text, expected


def test_there_are_at_least_forty_fixture_cables():
    assert len(CABLES) >= 40
    for path in CABLES:
        assert path.with_suffix(".expected.json").exists(), path.name


@pytest.mark.parametrize("path", CABLES, ids=[p.stem for p in CABLES])
def test_fixture_cable_parses_to_expected_fields(path):
    text, expected = _load(path)
    result = parse_cable(text)
    assert list(result) == list(FIELDS)
    for field in FIELDS:
        assert result[field] == expected[field], f"{path.stem}: {field}"


@pytest.mark.parametrize("path", CABLES, ids=[p.stem for p in CABLES])
def test_fixture_cable_status_says_found_not_found_or_ambiguous(path):
    text, expected = _load(path)
    fields, status = parse_cable_with_status(text)
    assert set(status) == set(FIELDS)
    for field in FIELDS:
        if field in expected["_ambiguous"]:
            want = AMBIGUOUS
        else:
            want = FOUND if expected[field] else NOT_FOUND
        assert status[field] == want, f"{path.stem}: {field}"
        if status[field] == AMBIGUOUS:
            assert not fields[field], "an ambiguous field is left empty, never guessed"


# --- date-time group -----------------------------------------------------------------------------

@pytest.mark.parametrize("line, precedence, iso", [
    ("R 230900Z OCT 09", "ROUTINE", "2009-10-23T09:00:00Z"),
    ("P 011200Z JAN 10", "PRIORITY", "2010-01-01T12:00:00Z"),
    ("O 051423Z FEB 08", "IMMEDIATE", "2008-02-05T14:23:00Z"),
    ("Z 311502Z DEC 08", "FLASH", "2008-12-31T15:02:00Z"),
    ("R 300915Z JUN 98", "ROUTINE", "1998-06-30T09:15:00Z"),
    ("R 230900Z OCT 2009", "ROUTINE", "2009-10-23T09:00:00Z"),
    ("  R 230900Z OCT 09  ", "ROUTINE", "2009-10-23T09:00:00Z"),
])
def test_dtg_gives_precedence_and_utc_moment(line, precedence, iso):
    dtg = parse_dtg(line)
    assert (dtg.precedence, dtg.iso) == (precedence, iso)


@pytest.mark.parametrize("line", ["R 310900Z FEB 09", "R 232500Z OCT 09", "R 230900Z XYZ 09"])
def test_dtg_with_impossible_moment_has_no_iso(line):
    assert parse_dtg(line).iso is None


@pytest.mark.parametrize("line", ["RR RUEHWEB", "FM AMEMBASSY HANOI", "R 230900 OCT 09", "X 230900Z OCT 09"])
def test_non_dtg_lines_are_not_read_as_dtg(line):
    assert parse_dtg(line) is None


# --- declassification dates ----------------------------------------------------------------------

@pytest.mark.parametrize("text, iso", [
    ("10/23/2019", "2019-10-23"),
    ("2019/10/23", "2019-10-23"),
    ("6/30/08", "2008-06-30"),
    ("3/2/19", "2019-03-02"),
    ("2019-10-23", "2019-10-23"),
    ("06/30/2018 TAGS: PREL", "2018-06-30"),
])
def test_decl_date_formats(text, iso):
    assert parse_decl_date(text) == iso


@pytest.mark.parametrize("text", ["23/10/2019", "2/30/2019", "OADR", "1.6X1", ""])
def test_decl_date_that_is_not_a_date_is_none(text):
    assert parse_decl_date(text) is None


def test_decl_not_applicable_is_not_found_but_unreadable_decl_is_ambiguous():
    na = parse_cable_with_status("UNCLAS HANOI 000001\n\nE.O. 12958: N/A\nSUBJECT: X\n")
    assert na.status["declassify_on"] == NOT_FOUND
    oadr = parse_cable_with_status("CONFIDENTIAL HANOI 000001\n\nE.O. 12958: DECL: OADR\nSUBJECT: X\n")
    assert (oadr.fields["declassify_on"], oadr.status["declassify_on"]) == (None, AMBIGUOUS)


# --- banner and reference id ---------------------------------------------------------------------

@pytest.mark.parametrize("line, classification, post, number", [
    ("C O N F I D E N T I A L HANOI 000883", "CONFIDENTIAL", "HANOI", 883),
    ("S E C R E T SECTION 01 OF 03 JAKARTA 000415", "SECRET", "JAKARTA", 415),
    ("UNCLAS SECTION 01 OF 02 BANGKOK 002214", "UNCLASSIFIED", "BANGKOK", 2214),
    ("UNCLASSIFIED STATE 012345", "UNCLASSIFIED", "STATE", 12345),
    ("C O N F I D E N T I A L USUN NEW YORK 000987", "CONFIDENTIAL", "USUN NEW YORK", 987),
    ("T O P S E C R E T STATE 045511", "TOP SECRET", "STATE", 45511),
    ("CONFIDENTIAL", "CONFIDENTIAL", None, None),
])
def test_banner(line, classification, post, number):
    banner = parse_banner(line)
    assert (banner.classification, banner.post, banner.number) == (classification, post, number)


@pytest.mark.parametrize("line", ["SECRETARY RICE VISITS", "Confidential sources said", "SECSTATE WASHDC", "UNCLAS is a word"])
def test_lines_that_are_not_banners(line):
    assert parse_banner(line) is None


def test_banner_marks_are_kept():
    assert parse_banner("UNCLAS E F T O HANOI 000001").marks == ["EFTO"]
    assert parse_banner("SECRET//NOFORN STATE 000002").marks == ["NOFORN"]


def _minimal(banner: str, dtg: str = "R 230900Z OCT 09") -> str:
    return f"{dtg}\nFM AMEMBASSY X\nTO RUEHC/SECSTATE WASHDC 0001\n\n{banner}\n\nSUBJECT: TEST\n\n1. (U) Text.\n"


@pytest.mark.parametrize("banner, dtg, reference_id", [
    ("C O N F I D E N T I A L HANOI 000883", "R 230900Z OCT 09", "09HANOI883"),
    ("UNCLAS STATE 012345", "R 010000Z JAN 10", "10STATE12345"),
    ("UNCLAS USUN NEW YORK 000007", "R 010000Z JAN 08", "08USUNNEWYORK7"),
    ("UNCLAS HO CHI MINH CITY 000456", "R 010000Z JAN 09", "09HOCHIMINHCITY456"),
    ("UNCLAS HANOI 001000", "R 010000Z JAN 99", "99HANOI1000"),
])
def test_reference_id_is_year_post_and_number_without_zeros(banner, dtg, reference_id):
    assert parse_cable(_minimal(banner, dtg))["reference_id"] == reference_id


def test_reference_id_without_a_year_is_ambiguous_not_guessed():
    text = "UNCLAS HANOI 000883\n\nSUBJECT: NO DATE\n\n1. (U) Text.\n"
    fields, status = parse_cable_with_status(text)
    assert fields["reference_id"] is None
    assert status["reference_id"] == AMBIGUOUS


# --- recipients ----------------------------------------------------------------------------------

@pytest.mark.parametrize("line, expected", [
    ("RUEHC/SECSTATE WASHDC PRIORITY 1234", ("RUEHC", "SECSTATE WASHDC", "PRIORITY", "1234")),
    ("RUEHC/SECSTATE WASHDC 0359", ("RUEHC", "SECSTATE WASHDC", None, "0359")),
    ("RHMCSUU/CDR USPACOM HONOLULU HI", ("RHMCSUU", "CDR USPACOM HONOLULU HI", None, None)),
    ("RUEKJCS/SECDEF WASHINGTON DC IMMEDIATE", ("RUEKJCS", "SECDEF WASHINGTON DC", "IMMEDIATE", None)),
    ("SECSTATE WASHDC FLASH 0001", (None, "SECSTATE WASHDC", "FLASH", "0001")),
    ("  RUEHBK/AMEMBASSY  BANGKOK   ROUTINE 0088 ", ("RUEHBK", "AMEMBASSY BANGKOK", "ROUTINE", "0088")),
])
def test_recipient_line(line, expected):
    recipient = parse_recipient(line)
    assert (recipient["route"], recipient["name"], recipient["precedence"], recipient["mcn"]) == expected


def test_recipient_blocks_split_to_and_info():
    text = ("R 230900Z OCT 09\nFM AMEMBASSY HANOI\nTO RUEHC/SECSTATE WASHDC 0001\nRUEHBK/AMEMBASSY BANGKOK 0002\n"
            "INFO RUEHJA/AMEMBASSY JAKARTA 0003\nRUCNDT/USMISSION USUN NEW YORK\n\nUNCLAS HANOI 000001\n")
    fields = parse_cable(text)
    assert [r["name"] for r in fields["recipients"]] == ["SECSTATE WASHDC", "AMEMBASSY BANGKOK"]
    assert [r["name"] for r in fields["info_recipients"]] == ["AMEMBASSY JAKARTA", "USMISSION USUN NEW YORK"]


# --- tags, references, classification authority, caveats -------------------------------------------

@pytest.mark.parametrize("text, tags", [
    ("PREL, KPKO, MARR, VM", ["PREL", "KPKO", "MARR", "VM"]),
    ("PREL KPKO\n MARR", ["PREL", "KPKO", "MARR"]),
    ("[PREL](#) [KPKO](#)", ["PREL", "KPKO"]),
    ("prel; kpko", ["PREL", "KPKO"]),
    ("OVIP (SMITH, JOHN), PREL", ["OVIP (SMITH, JOHN)", "PREL"]),
    ("PREL, PREL", ["PREL"]),
])
def test_tags(text, tags):
    assert parse_tags(text) == tags


@pytest.mark.parametrize("block, references", [
    ("A. HANOI 123 B. STATE 4567", ["A. HANOI 123", "B. STATE 4567"]),
    ("A. HANOI 123\nB. 08 STATE 98765 (NOTAL)", ["A. HANOI 123", "B. 08 STATE 98765 (NOTAL)"]),
    ("(A) HANOI 1 (B) STATE 2", ["(A) HANOI 1", "(B) STATE 2"]),
    ("A) HANOI 1; B) STATE 2", ["A) HANOI 1", "B) STATE 2"]),
    ("HANOI 0456", ["HANOI 0456"]),
    ("STATE 11223; USUN NEW YORK 0860", ["STATE 11223", "USUN NEW YORK 0860"]),
    ("A. U.S. NOTE 12 B. HANOI 3", ["A. U.S. NOTE 12", "B. HANOI 3"]),
])
def test_references(block, references):
    assert split_references(block) == references


@pytest.mark.parametrize("text, names, reasons", [
    ("Virginia Roe, Deputy Chief of Mission; REASON: 1.4(B), (D)", ["Virginia Roe"], ["1.4(b)", "1.4(d)"]),
    ("Ambassador Jane W. Roe for reasons 1.4 (b) and (d). Summary: text", ["Jane W. Roe"], ["1.4(b)", "1.4(d)"]),
    ("DCM JOHN DOE, REASONS 1.4 (B) AND (D)", ["JOHN DOE"], ["1.4(b)", "1.4(d)"]),
    ("PolOff A. Smith and Econoff B. Jones, reasons 1.4(b,d)", ["A. Smith", "B. Jones"], ["1.4(b)", "1.4(d)"]),
    ("Charge d'Affaires a.i. Jane Roe, reasons 1.5 b/d", ["Jane Roe"], ["1.5(b)", "1.5(d)"]),
    ("Jane Roe. Reason: E.O. 12958 1.4 (c)", ["Jane Roe"], ["1.4(c)"]),
    ("Jane Roe, per 1.4 (d)", ["Jane Roe"], ["1.4(d)"]),
    ("Jane Roe", ["Jane Roe"], []),
])
def test_classification_authority(text, names, reasons):
    assert split_classification_authority(text) == (names, reasons)


def test_reasons_need_a_section_number_first():
    assert parse_reasons("E.O. 12958 (b)") == []
    assert parse_reasons("1.4(b)(d) and 1.5 (a)") == ["1.4(b)", "1.4(d)", "1.5(a)"]


@pytest.mark.parametrize("line, caveats", [
    ("SIPDIS", ["SIPDIS"]),
    ("NOFORN SIPDIS", ["NOFORN", "SIPDIS"]),
    ("SENSITIVE BUT UNCLASSIFIED", ["SENSITIVE BUT UNCLASSIFIED"]),
    ("FOR OFFICIAL USE ONLY", ["FOUO"]),
    ("STATE FOR EAP/MLS", None),
    ("SIPDISX", None),
    ("", None),
])
def test_caveat_lines(line, caveats):
    assert parse_caveat_line(line) == caveats


# --- whole-text behaviour ------------------------------------------------------------------------

def test_fields_absent_from_text_are_empty_not_guessed():
    fields, status = parse_cable_with_status("nothing that looks like a cable\n")
    assert fields == {name: [] if isinstance(fields[name], list) else None for name in FIELDS}
    assert set(status.values()) == {NOT_FOUND}


def test_empty_text():
    assert parse_cable("")["paragraphs"] == []


def test_html_is_stripped_and_entities_unescaped():
    text = "<html><body><pre>SUBJ: A &amp; B<br>\nnext line</pre></body></html>"
    assert normalise_text(text).split("\n")[1:3] == ["SUBJ: A & B", "next line"]


def test_crlf_and_trailing_spaces_do_not_matter():
    _, expected = _load(FIXTURES / "01_hanoi_spaced_confidential.txt")
    text = (FIXTURES / "01_hanoi_spaced_confidential.txt").read_text(encoding="utf-8")
    assert parse_cable(text.replace("\n", " \r\n")) == {k: expected[k] for k in FIELDS}


def test_numbered_lines_out_of_sequence_stay_inside_the_paragraph():
    text = ("UNCLAS HANOI 000001\n\nSUBJECT: X\n\n1. First paragraph lists\n3. items that are not paragraphs\n\n"
            "2. Second paragraph.\n")
    paragraphs = parse_cable(text)["paragraphs"]
    assert [p["number"] for p in paragraphs] == [1, 2]
    assert paragraphs[0]["text"] == "First paragraph lists 3. items that are not paragraphs"


def test_reason_wrapped_line_is_not_a_paragraph():
    text = "CONFIDENTIAL HANOI 000001\n\nCLASSIFIED BY: Jane Roe, DCM; REASON:\n1.4(B), (D)\n\n¶1. (C) Body.\n"
    fields = parse_cable(text)
    assert fields["reasons"] == ["1.4(b)", "1.4(d)"]
    assert [p["number"] for p in fields["paragraphs"]] == [1]


def test_classified_by_is_read_from_the_start_of_paragraph_one_only():
    opening = "CONFIDENTIAL HANOI 000001\n\nSUBJECT: X\n\n1. (C) Classified By: DCM Jane Roe, reason 1.4 (d).\n"
    assert parse_cable(opening)["classified_by"] == ["Jane Roe"]
    prose = "CONFIDENTIAL HANOI 000001\n\nSUBJECT: X\n\n1. (C) The plan was classified by the ministry.\n"
    assert parse_cable(prose)["classified_by"] == []


def test_parser_modules_import_no_django():
    parsers = Path(__file__).parents[1] / "parsers"
    for path in parsers.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            assert not any(m.split(".")[0] == "django" for m in modules), path.name


# --- command line --------------------------------------------------------------------------------

class _BinaryStdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


def test_cli_one_file_prints_one_json_object():
    out = io.StringIO()
    path = FIXTURES / "37_hanoi_vietnamese_diacritics.txt"
    assert run([str(path), "--json"], io.StringIO(), out) == 0
    result = json.loads(out.getvalue())
    assert result["reference_id"] == "10HANOI511"
    assert list(result) == list(FIELDS)  # exactly the cable fields, nothing more
    assert "Nguyễn" in out.getvalue()  # not escaped: ensure_ascii=False
    with_status = io.StringIO()
    assert run([str(path), "--json", "--with-status"], io.StringIO(), with_status) == 0
    assert json.loads(with_status.getvalue())["_status"]["reference_id"] == FOUND


def test_cli_several_files_print_json_lines_in_order_and_report_unreadable_ones(tmp_path):
    out = io.StringIO()
    first, second = FIXTURES / "01_hanoi_spaced_confidential.txt", FIXTURES / "02_bangkok_unclas_sbu_sections.txt"
    missing = tmp_path / "missing.txt"
    code = run([str(first), str(missing), str(second), "--json"], io.StringIO(), out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert code == 1
    assert [line.get("reference_id") for line in lines] == ["09HANOI1021", None, "09BANGKOK2214"]
    assert lines[1]["file"] == str(missing) and lines[1]["error"]


def test_cli_reads_stdin_bytes_in_utf16_and_cp1258():
    text = (FIXTURES / "37_hanoi_vietnamese_diacritics.txt").read_text(encoding="utf-8")
    out = io.StringIO()
    assert run(["-", "--json"], _BinaryStdin(text.encode("utf-16")), out) == 0
    assert json.loads(out.getvalue())["reference_id"] == "10HANOI511"
    # cp1258 spells Vietnamese with combining tone marks: ô + dot below, ô + acute, o + grave.
    cp1258 = "SUBJECT: Bô\u0323 Quô\u0301c pho\u0300ng\n".encode("cp1258")
    assert decode_bytes(cp1258) == "SUBJECT: Bộ Quốc phòng\n"
    assert parse_cable(decode_bytes(cp1258))["subject"] == "Bộ Quốc phòng"
    assert decode_bytes("Đà Nẵng".encode()) == "Đà Nẵng"
    assert decode_bytes(b"\xef\xbb\xbfHANOI") == "HANOI"


def test_cli_reads_text_stdin_too():
    out = io.StringIO()
    assert run(["-", "--json"], io.StringIO(_minimal("UNCLAS HANOI 000042")), out) == 0
    assert json.loads(out.getvalue())["reference_id"] == "09HANOI42"


def test_cli_without_files_or_with_unknown_option_is_a_usage_error():
    assert run(["--json"], io.StringIO(), io.StringIO()) == 2
    assert run(["--nope", "x.txt"], io.StringIO(), io.StringIO()) == 2


def test_cli_text_output_lists_fields_with_status():
    out = io.StringIO()
    assert run([str(FIXTURES / "17_bangkok_no_dtg.txt")], io.StringIO(), out) == 0
    assert "reference_id [ambiguous]: None" in out.getvalue()
    assert "precedence [found]: PRIORITY" in out.getvalue()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-p", "no:django", "-q"]))
