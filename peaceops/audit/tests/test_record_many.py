"""audit.record_many(): a batch of events, the same rows and chain as record() one by one, in 3 queries."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from peaceops.audit.models import AuditEvent, AuditHead
from peaceops.audit.recorder import record, record_many
from peaceops.audit.verify import verify_chain
from peaceops.documents.models import Document

pytestmark = pytest.mark.django_db

COMPARED = ["actor_id", "actor_label", "action", "target_type", "target_id", "level", "compartment_mask",
            "owning_agency", "changes", "reason"]


@pytest.fixture
def targets(agencies):
    """An agency (no marking) and an unsaved SECRET document of VDPO with a compartment."""
    document = Document(title="Rotation", content_hash="0" * 64, level_id=2, banner_level_id=2, compartment_mask=4,
                        owning_agency=agencies["VDPO"])
    return [(agencies["MOD"], {"renamed": True}, None), (document, {"on": dt.date(2026, 1, 2), "n": 1}, None),
            (document, None, 1)]


def fields(event) -> dict:
    return {name: getattr(event, name) for name in COMPARED}


def test_the_events_match_those_of_record_one_by_one(system_actor, targets):
    with transaction.atomic():
        one_by_one = [record(actor=system_actor, action="test.batch", target=target, changes=changes, level=level)
                      for target, changes, level in targets]
        together = record_many(actor=system_actor, action="test.batch", targets=targets)
    stored = list(AuditEvent.objects.order_by("seq"))
    assert [fields(e) for e in stored[-3:]] == [fields(e) for e in stored[-6:-3]] == [fields(e) for e in one_by_one]
    assert [e.seq for e in together] == [e.seq for e in stored[-3:]] and [e.hash for e in together] == [
        e.hash for e in stored[-3:]]
    assert stored[-2].changes == {"on": "2026-01-02", "n": 1} and stored[-2].level == 2
    assert stored[-1].level == 1 and stored[-3].level == 0 and stored[-2].compartment_mask == 4
    head = AuditHead.objects.get(id=1)
    assert (head.seq, head.hash) == (stored[-1].seq, stored[-1].hash)
    assert verify_chain().ok


def test_it_chains_between_single_records(system_actor, targets):
    with transaction.atomic():
        record(actor=system_actor, action="test.before")
        record_many(actor=system_actor, action="test.batch", targets=targets)
        record(actor=system_actor, action="test.after")
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))[-5:] == [
        "test.before", "test.batch", "test.batch", "test.batch", "test.after"]
    assert verify_chain().ok


def test_a_batch_takes_three_queries_whatever_its_size(system_actor, targets):
    with transaction.atomic():
        record(actor=system_actor, action="test.first")  # the head exists
    counts = []
    for size in (1, 30):
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            record_many(actor=system_actor, action="test.batch", targets=(targets * 10)[:size])
        counts.append(len([q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"].upper()
                           and q["sql"].upper() not in ("BEGIN", "COMMIT")]))
    assert counts == [3, 3]  # lock the head, insert the events, move the head
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_run_outside_a_transaction():
    from peaceops.access.actor import Actor

    with pytest.raises(RuntimeError):
        record_many(actor=Actor.system("test"), action="test.no_transaction", targets=[(AuditHead(), None, 0)])


def test_an_empty_batch_writes_nothing(system_actor):
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        assert record_many(actor=system_actor, action="test.batch", targets=[]) == []
    assert [q for q in queries.captured_queries if "audit" in q["sql"]] == []
