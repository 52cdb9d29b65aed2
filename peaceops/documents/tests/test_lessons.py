"""Reports become structure, Lessons and roadmap ActionItems, each with the marking of its portion,
in the import's transaction and visible in the audit trail."""

import datetime as dt

import pytest

from peaceops.audit.models import AuditEvent
from peaceops.audit.verify import verify_chain
from peaceops.decisions.models import ActionItem
from peaceops.documents.models import Lesson, Portion
from peaceops.documents.services import import_file

from .files import fixture_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.FILES_ROOT = tmp_path / "files"
    return settings.FILES_ROOT


def imported(actors, agencies, name, text, persona="planner", **kwargs):
    outcome = import_file(actor=actors[persona], name=name, content=text.encode(),
                          owning_agency_id=agencies["VDPO"].pk, **kwargs)
    assert outcome.status == "created", outcome.error
    return outcome.document


def lessons_of(document):
    return list(Lesson.objects.unrestricted().filter(document=document).order_by("portion__order"))


def actions_of(document):
    return list(ActionItem.objects.unrestricted().filter(source_document=document).order_by("title"))


def test_every_fixture_report_gives_its_lessons_and_actions(structure, actors, agencies):
    expected = {
        "01_en_roman_training_review.txt": ("en", 7, 3),
        "02_vi_decimal_hospital_rotation.txt": ("vi", 7, 3),
        "03_en_markdown_after_action.txt": ("en", 4, 2),
        "04_vi_roman_police_observers.txt": ("vi", 3, 3),
        "05_en_plain_headings_visit.txt": ("en", 4, 3),
    }
    for name, (language, lessons, actions) in expected.items():
        document = imported(actors, agencies, name, fixture_text(name))
        assert (document.kind, document.language) == ("report", language), name
        assert (len(lessons_of(document)), len(actions_of(document))) == (lessons, actions), name


def test_a_vietnamese_report_makes_findings_lessons_recommendations_and_roadmap_items(structure, actors, agencies):
    document = imported(actors, agencies, "bao-cao.txt", fixture_text("02_vi_decimal_hospital_rotation.txt"))
    assert document.dated == dt.date(2012, 3, 15)
    lessons = lessons_of(document)
    assert [lesson.category for lesson in lessons] == ["finding"] * 3 + ["lesson"] * 2 + ["recommendation"] * 2
    assert lessons[0].section == "2.1 Công tác chuẩn bị" and lessons[0].portion.number == "2.1"
    assert lessons[3].text == lessons[3].portion.text
    plan = {a.title: a for a in actions_of(document)}
    training = plan["Xây dựng kế hoạch huấn luyện cho luân phiên thứ tám."]
    assert (training.source, training.source_document_id) == ("report", document.pk)
    assert training.owner_text == "Bộ Quốc phòng" and training.owner_agency.code == "MOD"
    assert training.due_on == dt.date(2012, 9, 30) and training.status == "open"
    handbook = next(a for a in plan.values() if a.owner_text == "MOH")
    assert handbook.owner_agency.code == "MOH" and handbook.due_on == dt.date(2012, 12, 15)
    unstated = plan["Tổng hợp ý kiến của các đơn vị tham gia."]
    assert (unstated.owner_text, unstated.owner_agency, unstated.due_on) == ("", None, None)


def test_an_owner_that_names_no_known_agency_is_kept_as_written_only(structure, actors, agencies):
    text = "Report\n\nNext steps\n\n- Brief the partners. Owner: Embassy working group; due 2013-01-15\n"
    document = imported(actors, agencies, "r.txt", text)
    (action,) = actions_of(document)
    assert (action.owner_text, action.owner_agency, action.due_on) == (
        "Embassy working group", None, dt.date(2013, 1, 15))


def test_each_record_keeps_the_marking_of_its_portion(structure, actors, agencies):
    document = imported(actors, agencies, "aar.txt", fixture_text("03_en_markdown_after_action.txt"),
                        releasable_mask=1 << agencies["MOD"].bit)
    levels = [(lesson.category, lesson.level_id) for lesson in lessons_of(document)]
    assert levels == [("practice", 0), ("practice", 1), ("lesson", 0), ("lesson", 1)]
    assert document.banner_level_id == 1 and document.level_id == 0
    portions = Portion.objects.unrestricted().filter(document=document)
    for lesson in lessons_of(document):
        assert lesson.level_id == portions.get(pk=lesson.portion_id).level_id
    for action in actions_of(document):  # an action item has no portion key: find it by its text
        assert action.level_id == portions.get(text=action.description or action.title).level_id
    for record in [*lessons_of(document), *actions_of(document)]:
        assert record.owning_agency_id == agencies["VDPO"].pk
        assert record.releasable_mask == 1 << agencies["MOD"].bit


def test_a_confidential_reader_never_sees_a_lesson_from_a_secret_portion(structure, actors, agencies):
    text = ("Debrief\n\n1. Lessons learned\n\n- (S) The convoy route was known to the armed group.\n"
            "- (U) Water points were too far apart.\n\n2. Next steps\n\n- (S) Change the convoy timings (MOD).\n")
    document = imported(actors, agencies, "debrief.txt", text)
    auditor = Lesson.objects.visible_to(actors["auditor"]).filter(document=document)
    assert [lesson.text for lesson in auditor] == ["Water points were too far apart."]
    assert Lesson.objects.visible_to(actors["planner"]).filter(document=document).count() == 2
    assert not ActionItem.objects.visible_to(actors["auditor"]).filter(source_document=document).exists()
    assert ActionItem.objects.visible_to(actors["planner"]).get(source_document=document).level_id == 2


def test_unmarked_report_paragraphs_take_the_importers_level_and_marks_are_honoured(structure, actors, agencies):
    text = "Notes\n\n1. Findings\n\n- Unmarked finding.\n- (U) Open finding.\n- (S) Secret finding.\n"
    document = imported(actors, agencies, "notes.txt", text, plain_level=1)
    levels = dict(Portion.objects.unrestricted().filter(document=document).values_list("text", "level_id"))
    assert levels["Unmarked finding."] == 1 and levels["Open finding."] == 0 and levels["Secret finding."] == 2
    assert levels["Notes"] == 1 and document.level_id == 1 and document.banner_level_id == 2


def test_a_banner_line_raises_the_level_of_unmarked_text_and_is_not_a_portion(structure, actors, agencies):
    document = imported(actors, agencies, "visit.txt", fixture_text("05_en_plain_headings_visit.txt"), plain_level=0)
    texts = dict(Portion.objects.unrestricted().filter(document=document).values_list("text", "level_id"))
    assert "CONFIDENTIAL" not in texts and set(texts.values()) == {1}
    assert document.title == "Visit Report: Liaison Visit to the Mission Headquarters"
    assert {lesson.level_id for lesson in lessons_of(document)} == {1}


def test_report_portions_keep_their_section_numbers(structure, actors, agencies):
    document = imported(actors, agencies, "police.txt", fixture_text("04_vi_roman_police_observers.txt"))
    numbers = list(Portion.objects.unrestricted().filter(document=document).values_list("number", flat=True))
    assert numbers == ["", "I", "I", "II", "II.a", "II.b", "II.c", "III", "III.a", "III.b", "III.c"]


def test_the_import_audit_row_names_every_lesson_and_action_and_the_chain_holds(structure, actors, agencies):
    document = imported(actors, agencies, "review.txt", fixture_text("01_en_roman_training_review.txt"))
    event = AuditEvent.objects.get(action="documents.document.import", target_id=str(document.pk))
    changes = event.changes
    assert changes["lessons"] == {"finding": 3, "lesson": 2, "recommendation": 2}
    assert sorted(changes["lesson_ids"]) == sorted(str(lesson.pk) for lesson in lessons_of(document))
    assert sorted(changes["action_item_ids"]) == sorted(str(action.pk) for action in actions_of(document))
    assert changes["attachment"]["content_type"] == "text/plain"
    assert verify_chain().ok


def test_a_cable_makes_no_lessons(structure, actors, agencies):
    from .test_extract import FIXTURES

    content = (FIXTURES / "files" / "cable.html").read_bytes()
    outcome = import_file(actor=actors["planner"], name="cable.html", content=content,
                          owning_agency_id=agencies["VDPO"].pk)
    assert outcome.document.kind == "cable"
    assert not Lesson.objects.unrestricted().exists() and not ActionItem.objects.unrestricted().exists()


def test_the_import_audit_row_is_marked_at_the_banner_so_its_counts_leak_nothing(structure, actors, agencies):
    text = "Debrief\n\n1. Lessons learned\n\n- (S) A secret lesson.\n- (U) An open lesson.\n"
    document = imported(actors, agencies, "debrief.txt", text)
    assert document.level_id == 0 and document.banner_level_id == 2
    event = AuditEvent.objects.get(action="documents.document.import", target_id=str(document.pk))
    assert event.level == 2


def test_an_error_message_never_shows_a_placeholder(structure):
    from peaceops.documents.ingest import IngestError
    from peaceops.documents.services import ingest_message

    for code in ("too_large", "docx_too_large", "unsupported", "unmarked_paragraph", "no_such_code", "binary"):
        message = ingest_message(IngestError(code))  # even without the parameters its message names
        assert message and "%(" not in message, code
    assert "50 MB" in ingest_message(IngestError("too_large"))
    assert "PNG" in ingest_message(IngestError("unsupported", format="PNG"))
