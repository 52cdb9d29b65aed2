"""The report parser without Django: sections, headings, lists, and the records its sections name."""

import datetime as dt

import pytest

from peaceops.documents.parsers.report import category_of, owner_and_due, parse_date, parse_report

from .files import fixture_text


def records(name):
    report = parse_report(fixture_text(name))
    lessons = [(lesson.category, lesson.section, lesson.text[:40]) for lesson in report.lessons]
    actions = [(action.owner_text, action.due_on) for action in report.actions]
    return report, lessons, actions


def test_roman_sections_with_lettered_subsections_and_bullets():
    report, lessons, actions = records("01_en_roman_training_review.txt")
    assert report.title == "Review of Pre-Deployment Training for Staff Officers"
    assert report.dated == dt.date(2010, 11, 12)
    assert [(s.number, s.heading, s.depth) for s in report.sections if s.heading] == [
        ("I", "INTRODUCTION", 1), ("II", "FINDINGS", 1), ("A", "Language", 2), ("B", "Logistics", 2),
        ("III", "LESSONS LEARNED", 1), ("IV", "RECOMMENDATIONS", 1), ("V", "ACTION PLAN", 1)]
    assert [category for category, _section, _text in lessons] == (
        ["finding"] * 3 + ["lesson"] * 2 + ["recommendation"] * 2)
    assert lessons[0][1] == "A Language" and lessons[5][1] == "IV RECOMMENDATIONS"
    assert actions == [("MOD", dt.date(2011, 6, 30)), ("MFA", dt.date(2011, 3, 1)), ("", None)]
    assert report.actions[1].title == "Request two training vehicles from the equipment budget."


def test_vietnamese_decimal_sections_and_dash_bullets():
    report, lessons, actions = records("02_vi_decimal_hospital_rotation.txt")
    assert report.dated == dt.date(2012, 3, 15)
    assert [(s.number, s.depth, s.category) for s in report.sections] == [
        ("1", 1, None), ("2", 1, "finding"), ("2.1", 2, "finding"), ("2.2", 2, "finding"), ("3", 1, "lesson"),
        ("4", 1, "recommendation"), ("5", 1, "action")]
    assert [c for c, _s, _t in lessons] == ["finding"] * 3 + ["lesson"] * 2 + ["recommendation"] * 2
    assert actions == [("Bộ Quốc phòng", dt.date(2012, 9, 30)), ("MOH", dt.date(2012, 12, 15)), ("", None)]
    items = [b for b in report.blocks if b.kind == "item"]
    assert {b.number for b in items} == {"2.1", "2.2", "3", "4", "5"}


def test_markdown_headings_star_bullets_lettered_items_and_portion_marks():
    report, lessons, actions = records("03_en_markdown_after_action.txt")
    assert [c for c, _s, _t in lessons] == ["practice", "practice", "lesson", "lesson"]
    marks = [(b.portion_number, b.mark) for b in report.blocks if b.kind == "item"]
    assert marks == [("", "U"), ("", "C"), ("a", "U"), ("b", "C"), ("", None), ("", None)]
    assert not any(b.text.startswith("(") for b in report.blocks)  # marks are taken off the text
    assert actions == [("VDPO", dt.date(2013, 6, 1)), ("", None)]


def test_vietnamese_roman_sections_with_lettered_items():
    report, lessons, actions = records("04_vi_roman_police_observers.txt")
    assert [(s.number, s.category) for s in report.sections] == [("I", None), ("II", "finding"), ("III", "action")]
    assert [b.portion_number for b in report.blocks if b.kind == "item"] == [
        "II.a", "II.b", "II.c", "III.a", "III.b", "III.c"]
    assert len(lessons) == 3
    assert actions == [("Bộ Công an", dt.date(2013, 3, 31)), ("MPS/VDPO", None), ("", None)]


def test_plain_headings_take_the_numbered_paragraphs_under_them():
    report, lessons, actions = records("05_en_plain_headings_visit.txt")
    assert [(c, s) for c, s, _t in lessons] == [("finding", "Findings")] * 4
    assert [b.portion_number for b in report.blocks if b.section is not None and b.kind != "heading"][:5] == [
        "", "1", "2", "2.i", "2.ii"]
    assert actions == [("MOD", dt.date(2012, 8, 15)), ("VDPO", dt.date(2012, 9, 1)), ("", None)]


def test_inline_headings_and_middle_dot_bullets_as_in_workshop_reports():
    text = (
        "Regional Workshop on Peacekeeping Logistics\n\nDa Nang, 4 - 6 May 2011\n\n"
        "1. Purpose.  The workshop brought logistics officers of four ministries together.\n\n"
        "2.  Key Findings:\n\n"
        "· Contracts.  Ministries buy the same items under different rules.\n"
        "· Storage.  Nobody owns the depot for deployable stocks.\n\n"
        "3.  Action Plan/Next Steps:\n\n"
        "· Agree on one purchasing rule for deployable stocks.\n")
    report = parse_report(text)
    assert report.dated == dt.date(2011, 5, 6)
    headings = [(b.number, b.text) for b in report.blocks if b.kind == "heading"]
    assert headings == [("1", "Purpose."), ("2", "Key Findings:"), ("3", "Action Plan/Next Steps:")]
    assert report.blocks[3].text == "The workshop brought logistics officers of four ministries together."
    assert [lesson.text for lesson in report.lessons] == [
        "Contracts. Ministries buy the same items under different rules.",
        "Storage. Nobody owns the depot for deployable stocks."]
    assert [a.title for a in report.actions] == ["Agree on one purchasing rule for deployable stocks."]


def test_a_wrapped_line_that_starts_with_an_initial_is_not_a_section():
    text = ("Notes\n\n1. Findings\n\nThe delegation was received by the deputy director and\n"
            "J. Smith of the mission staff, who briefed it.\n\nB. Something else\n")
    report = parse_report(text)
    assert [s.number for s in report.sections] == ["1", "1"]  # "J." and an out-of-order "B." are text
    assert "J. Smith of the mission staff" in report.blocks[2].text


def test_paragraphs_that_only_introduce_a_list_are_not_records():
    text = "Report\n\n1. Recommendations\n\nThe team recommends the following:\n\n- Train drivers.\n- Buy radios.\n"
    report = parse_report(text)
    assert [lesson.text for lesson in report.lessons] == ["Train drivers.", "Buy radios."]


def test_sections_that_name_nothing_give_no_records():
    report = parse_report("Report\n\n1. Background\n\n- One.\n- Two.\n\n2. Annex\n\nText of the annex.\n")
    assert report.lessons == [] and report.actions == []


def test_a_sub_heading_naming_another_kind_overrides_its_parent():
    text = "Report\n\n1. Findings\n\n- Seen.\n\n1.1 Recommendations\n\n- Do it.\n\n1.2 Training\n\n- Also seen.\n"
    report = parse_report(text)
    assert [(lesson.category, lesson.text) for lesson in report.lessons] == [
        ("finding", "Seen."), ("recommendation", "Do it."), ("finding", "Also seen.")]


def test_wrapped_pdf_lines_join_into_one_paragraph():
    text = ("Report\n1. Findings\nThe team found that the depot was\nempty in March.\n- A bullet that wraps\n"
            "onto a second line.\n2. Next steps\n- Fill the depot (MOD, by 1/7/2012).\n")
    report = parse_report(text)
    assert [lesson.text for lesson in report.lessons] == [
        "The team found that the depot was empty in March.", "A bullet that wraps onto a second line."]
    assert [(a.owner_text, a.due_on) for a in report.actions] == [("MOD", dt.date(2012, 7, 1))]


@pytest.mark.parametrize("heading,category", [
    ("Key Findings", "finding"), ("Observations", "finding"), ("Kết quả", "finding"), ("PHÁT HIỆN", "finding"),
    ("Nhận xét, đánh giá", "finding"),
    ("Lessons Learned", "lesson"), ("Bài học kinh nghiệm", "lesson"), ("Rút kinh nghiệm", "lesson"),
    ("Best Practices and Lessons Learned", "practice"), ("Good practice", "practice"),
    ("Recommendations", "recommendation"), ("Kiến nghị", "recommendation"), ("Đề xuất", "recommendation"),
    ("Next Steps", "action"), ("Way ahead", "action"), ("Action Plan/Next Steps", "action"),
    ("Các bước tiếp theo", "action"), ("Kế hoạch hành động", "action"), ("Phương hướng", "action"),
    ("Background", None), ("Mục đích", None), ("Lessonsfromabroad", None),
])
def test_headings_name_their_kind_in_english_and_vietnamese(heading, category):
    assert category_of(heading) == category


@pytest.mark.parametrize("text,owner,due", [
    ("Draft the module (MOD, by 30/06/2011).", "MOD", dt.date(2011, 6, 30)),
    ("Request vehicles. Owner: MFA; due 2011-03-01", "MFA", dt.date(2011, 3, 1)),
    ("Nominate candidates. Responsible: MOD; due by 15 August 2012.", "MOD", dt.date(2012, 8, 15)),
    ("Confirm dates (VDPO, 01/09/2012).", "VDPO", dt.date(2012, 9, 1)),
    ("Send the list (MOD/MFA).", "MOD/MFA", None),
    ("Xây dựng kế hoạch. Chủ trì: Bộ Quốc phòng; thời hạn: 30/9/2012", "Bộ Quốc phòng", dt.date(2012, 9, 30)),
    ("Hoàn thiện sổ tay (MOH, trước ngày 15/12/2012).", "MOH", dt.date(2012, 12, 15)),
    ("Bổ sung buổi học. Trách nhiệm: Bộ Công an, hạn 31/03/2013.", "Bộ Công an", dt.date(2013, 3, 31)),
    ("Báo cáo lãnh đạo, hoàn thành trước ngày 5 tháng 4 năm 2013.", "", dt.date(2013, 4, 5)),
    ("Report back no later than June 30, 2012.", "", dt.date(2012, 6, 30)),
    ("Recall what the workshop of 3 April 2009 showed.", "", None),
    ("Follow up with the mission (see annex).", "", None),
    ("Train more drivers (C).", "", None),
    ("Finish by 31/02/2012 if possible.", "", None),
    ("Ask the partners for help when asked.", "", None),
])
def test_owners_and_due_dates_are_read_only_when_stated(text, owner, due):
    assert owner_and_due(text) == (owner, due)


@pytest.mark.parametrize("text,date", [
    ("30/06/2010", dt.date(2010, 6, 30)), ("06/30/2010", dt.date(2010, 6, 30)), ("1/7/2012", dt.date(2012, 7, 1)),
    ("2010-03-01", dt.date(2010, 3, 1)), ("3 April 2009", dt.date(2009, 4, 3)), ("Sept. 5, 2011", dt.date(2011, 9, 5)),
    ("ngày 15 tháng 3 năm 2012", dt.date(2012, 3, 15)), ("13/13/2012", None),
])
def test_dates_read_day_first_unless_that_cannot_be(text, date):
    assert parse_date(text) == date


def test_vietnamese_parts_plus_bullets_and_lettered_items():
    text = ("KẾ HOẠCH TRIỂN KHAI\n\nPHẦN I. ĐÁNH GIÁ CHUNG\n\n1.1. Ưu điểm\n+ Chuẩn bị tốt.\n+ Phối hợp chặt chẽ.\n\n"
            "PHẦN II: BÀI HỌC KINH NGHIỆM\n\na. Cần huấn luyện sớm.\nb. Cần kiểm tra y tế kỹ.\n\n"
            "PHẦN III - PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI\n\n"
            "1. Tổ chức tập huấn (Bộ Quốc phòng, hạn 30/6/2014).\n"
            "2. Rà soát văn bản pháp lý. Đơn vị chủ trì: Bộ Ngoại giao.\n")
    report = parse_report(text)
    assert [(s.number, s.category) for s in report.sections if s.heading] == [
        ("I", None), ("1.1", None), ("II", "lesson"), ("III", "action")]
    assert [b.portion_number for b in report.blocks if b.kind == "item"] == ["1.1", "1.1", "II.a", "II.b"]
    assert [lesson.text for lesson in report.lessons] == ["Cần huấn luyện sớm.", "Cần kiểm tra y tế kỹ."]
    assert [(a.title, a.owner_text, a.due_on) for a in report.actions] == [
        ("Tổ chức tập huấn (Bộ Quốc phòng, hạn 30/6/2014).", "Bộ Quốc phòng", dt.date(2014, 6, 30)),
        ("Rà soát văn bản pháp lý.", "Bộ Ngoại giao", None)]
    assert report.actions[1].text == "Rà soát văn bản pháp lý. Đơn vị chủ trì: Bộ Ngoại giao."


def test_a_wrapped_line_that_starts_with_a_number_and_a_lower_case_word_is_text():
    report = parse_report("Report\n1. Findings\nThe budget grew to\n10.5 million in 2012 and\n2. and more.\n")
    assert [s.number for s in report.sections] == ["1"]
    assert report.lessons[0].text == "The budget grew to 10.5 million in 2012 and 2. and more."
