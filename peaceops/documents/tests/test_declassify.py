"""Declassification: the daily run (service, command, task) and the declassifier's manual downgrade."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pytest
from django.urls import reverse

from peaceops.access.context import system_scope
from peaceops.audit.models import AuditEvent
from peaceops.core.errors import NotPermitted
from peaceops.documents.models import Attachment, Document, Lesson, Portion
from peaceops.documents.services import declassify_due, document_downgrade

from .test_reading import make_document

pytestmark = pytest.mark.django_db

TODAY = dt.date(2031, 6, 30)
YESTERDAY = TODAY - dt.timedelta(days=1)
TOMORROW = TODAY + dt.timedelta(days=1)


def due(obj, on=YESTERDAY, to=0):
    type(obj).objects.unrestricted().filter(pk=obj.pk).update(declassify_on=on, downgrade_level_id=to)


def fresh(obj):
    return type(obj).objects.unrestricted().get(pk=obj.pk)


def declassify_rows():
    return list(AuditEvent.objects.filter(action__endswith=".declassify").order_by("seq"))


def run(today=TODAY):
    with system_scope("daily declassification") as actor:
        return declassify_due(actor=actor, today=today)


@pytest.fixture
def cable(agencies):
    """Title U; portions U, S, S (SECRET banner); the S portions declassify to U yesterday, one of them only."""
    document = make_document(agencies["VDPO"], [(0, "Mở đầu."), (2, "Kế hoạch triển khai bí mật."),
                                                 (2, "Đánh giá đối tác.")])
    portions = list(Portion.objects.unrestricted().filter(document=document).order_by("order"))
    due(portions[1])
    return document, portions


def attach(document, level):
    content = b"original"
    attachment = Attachment(document=document, filename="cable.txt", content_type="text/plain", size=len(content),
                            sha256=hashlib.sha256(content).hexdigest(), storage_path="x/cable.txt", level_id=level,
                            owning_agency=document.owning_agency)
    attachment.save(force_insert=True)
    return attachment


def test_a_due_portion_is_lowered_and_audited_with_its_old_and_new_level(cable):
    document, portions = cable
    result = run()
    assert fresh(portions[1]).level_id == 0 and fresh(portions[2]).level_id == 2
    [row] = [r for r in declassify_rows() if r.target_id == str(portions[1].pk)]
    assert row.action == "documents.portion.declassify" and row.changes == {"level": ["SECRET", "UNCLASSIFIED"]}
    assert row.level == 2  # the row names what the record used to be
    assert result.changed["documents.portion"] == 1
    assert fresh(document).banner_level_id == 2  # another SECRET portion keeps the banner


def test_the_banner_follows_when_the_last_high_portion_is_declassified(cable):
    document, portions = cable
    due(portions[2], to=1)
    run()
    document = fresh(document)
    assert document.banner_level_id == 1
    [row] = [r for r in declassify_rows() if r.target_id == str(document.pk)]
    assert row.action == "documents.document.declassify"
    assert row.changes["banner_level"] == ["SECRET", "CONFIDENTIAL"]


def test_the_documents_own_level_stays_within_the_banner(agencies):
    document = make_document(agencies["VDPO"], [(2, "Một."), (2, "Hai.")], level=2)
    for portion in Portion.objects.unrestricted().filter(document=document):
        due(portion)
    run()
    document = fresh(document)
    assert (document.level_id, document.banner_level_id) == (0, 0)  # the check constraint holds
    [row] = [r for r in declassify_rows() if r.target_id == str(document.pk)]
    assert row.changes["level"] == ["SECRET", "UNCLASSIFIED"]


def test_the_original_file_follows_the_banner_down(cable):
    document, portions = cable
    attachment = attach(document, 2)
    due(portions[2])
    run()
    assert fresh(attachment).level_id == 0
    assert any(r.action == "documents.attachment.declassify" and r.target_id == str(attachment.pk)
               for r in declassify_rows())


def test_lessons_and_action_items_apply_their_own_dates(cable, agencies):
    from peaceops.decisions.models import ActionItem

    document, _portions = cable
    lesson = Lesson(document=document, text="Bài học.", level_id=2, owning_agency=agencies["VDPO"])
    lesson.save()
    later = Lesson(document=document, text="Chưa đến hạn.", level_id=2, owning_agency=agencies["VDPO"],
                   declassify_on=TOMORROW, downgrade_level_id=0)
    later.save()
    item = ActionItem(title="Việc cần làm", level_id=1, owning_agency=agencies["VDPO"])
    item.save()
    due(lesson, to=1)
    due(item)
    result = run()
    assert (fresh(lesson).level_id, fresh(later).level_id, fresh(item).level_id) == (1, 2, 0)
    assert result.changed["documents.lesson"] == 1 and result.changed["decisions.actionitem"] == 1
    actions = {r.action for r in declassify_rows()}
    assert {"documents.lesson.declassify", "decisions.actionitem.declassify"} <= actions


def test_a_date_still_to_come_changes_nothing(cable):
    _document, portions = cable
    due(portions[1], on=TOMORROW)
    assert run().total == 0 and fresh(portions[1]).level_id == 2 and declassify_rows() == []


def test_a_second_run_changes_nothing(cable):
    document, portions = cable
    due(portions[2])
    attach(document, 2)
    first = run()
    rows = len(declassify_rows())
    before = {p.pk: (p.level_id, p.version) for p in Portion.objects.unrestricted().filter(document=document)}
    second = run()
    assert first.total == 4 and second.total == 0 and second.reindexed == 0
    assert len(declassify_rows()) == rows
    after = {p.pk: (p.level_id, p.version) for p in Portion.objects.unrestricted().filter(document=document)}
    assert after == before and fresh(document).banner_level_id == 0


def test_each_touched_document_is_reindexed(cable, agencies, monkeypatch):
    from peaceops.documents import search

    calls = []
    monkeypatch.setattr(search, "index_document", lambda document: calls.append(document.pk))
    untouched = make_document(agencies["VDPO"], [(1, "Không đổi.")])
    document, _portions = cable
    run()
    assert calls == [document.pk] and untouched.pk not in calls


def test_a_reader_sees_the_declassified_text_after_the_run(cable, client_for, settings):
    document, portions = cable
    due(portions[2])
    run()
    html = client_for("public").get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "Đánh giá đối tác." in html and 'data-marking="UNCLASSIFIED"' in html


def test_only_the_system_runs_the_daily_declassification(cable, actors):
    with pytest.raises(NotPermitted):
        declassify_due(actor=actors["admin"], today=TODAY)


def test_the_command_runs_as_the_system_with_a_date(cable):
    from peaceops.documents.management.commands.documents import Command

    out = io.StringIO()
    assert Command(stdout=out).declassify(["--date", TODAY.isoformat()]) == 0
    summary = json.loads(out.getvalue())
    assert summary["date"] == TODAY.isoformat() and summary["changed"] == {"documents.portion": 1}
    opened = AuditEvent.objects.filter(action="access.system_scope.open").order_by("-seq").first()
    assert opened.reason == "daily declassification"
    assert declassify_rows()[0].actor_label == "system (daily declassification)"


def test_the_daily_task_does_the_same(cable):
    from peaceops.documents.scheduled import declassify_daily

    result = declassify_daily.enqueue(today=TODAY.isoformat())
    assert result.return_value["changed"] == {"documents.portion": 1}
    assert declassify_daily.enqueue(today=TODAY.isoformat()).return_value["total"] == 0


# -- the declassifier's manual downgrade ----------------------------------------------------------

def test_a_declassifier_downgrades_a_whole_document_as_its_own_audited_action(cable, actors):
    document, portions = cable
    attachment = attach(document, 2)
    document_downgrade(actor=actors["admin"], document=fresh(document), level=1, reason="Đã công bố một phần")
    assert [fresh(p).level_id for p in portions] == [0, 1, 1]
    document = fresh(document)
    assert document.banner_level_id == 1 and fresh(attachment).level_id == 1
    actions = list(AuditEvent.objects.filter(action__endswith=".downgrade").values_list("action", "reason"))
    assert actions.count(("documents.portion.downgrade", "Đã công bố một phần")) == 2
    assert ("documents.document.downgrade", "Đã công bố một phần") in actions
    assert ("documents.attachment.downgrade", "Đã công bố một phần") in actions


def test_only_the_declassification_role_downgrades(cable, actors, client_for):
    document, portions = cable
    with pytest.raises(NotPermitted):
        document_downgrade(actor=actors["planner"], document=document, level=0, reason="x")
    response = client_for("planner").post(reverse("documents:downgrade", args=[document.pk]),
                                          {"level": "0", "reason": "x"})
    assert response.status_code == 404 and fresh(portions[1]).level_id == 2


def test_the_downgrade_form_works_from_the_page(cable, client_for):
    document, portions = cable
    admin = client_for("admin")
    assert 'id="downgrade"' in admin.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert 'id="downgrade"' not in client_for("planner").get(
        reverse("documents:detail", args=[document.pk])).content.decode()
    response = admin.post(reverse("documents:downgrade", args=[document.pk]), {"level": "0", "reason": "Giải mật"})
    assert response.status_code == 302
    assert fresh(document).banner_level_id == 0 and all(fresh(p).level_id == 0 for p in portions)


def test_a_downgrade_that_lowers_nothing_is_refused(agencies, actors):
    from peaceops.core.errors import ServiceError

    document = make_document(agencies["VDPO"], [(0, "Công khai.")])
    with pytest.raises(ServiceError):
        document_downgrade(actor=actors["admin"], document=document, level=0, reason="x")
    assert not Document.objects.unrestricted().filter(pk=document.pk, version__gt=1).exists()


def test_an_imported_cable_declassifies_on_its_decl_date(agencies, actors, client_for, settings, tmp_path):
    from peaceops.documents.services import import_file

    from .test_library import CABLE  # DECL: 10/01/2039, portions U, C, U

    settings.FILES_ROOT = tmp_path
    document = import_file(actor=actors["planner"], name="hanoi.txt", content=CABLE.encode(),
                           owning_agency_id=agencies["VDPO"].pk).document
    assert run(dt.date(2039, 9, 30)).total == 0
    result = run(dt.date(2039, 10, 1))
    assert result.changed["documents.portion"] == 1 and fresh(document).banner_level_id == 0
    [attachment] = Attachment.objects.unrestricted().filter(document=document)
    assert attachment.level_id == 0
    url = reverse("documents:attachment", args=[document.pk, attachment.pk])
    assert client_for("public").get(url).status_code == 200


def test_one_failing_document_does_not_stop_the_run(cable, agencies, monkeypatch):
    from peaceops.documents import search

    document, portions = cable
    other = make_document(agencies["VDPO"], [(1, "Khác.")])
    other_portion = Portion.objects.unrestricted().get(document=other)
    due(other_portion)

    def index(doc):
        if doc.pk == document.pk:
            raise RuntimeError("index unavailable")

    monkeypatch.setattr(search, "index_document", index)
    result = run()
    assert len(result.failed) == 1 and str(document.pk) in result.failed[0]
    assert fresh(portions[1]).level_id == 2  # rolled back with its document
    assert fresh(other_portion).level_id == 0 and result.changed["documents.portion"] == 1
    assert not AuditEvent.objects.filter(target_id=str(portions[1].pk), action__endswith=".declassify").exists()
