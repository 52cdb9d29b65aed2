"""Tamper tests: the database refuses UPDATE/DELETE of audit rows; verify names the first bad row."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from peaceops.access.marking import Marking
from peaceops.audit import triggers
from peaceops.audit.models import AppendOnlyError, AuditEvent
from peaceops.audit.recorder import record
from peaceops.audit.verify import verify_chain
from peaceops.core.errors import ServiceError
from peaceops.people.models import Person
from peaceops.people.services import PersonData, person_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(system_actor):
    """Five audit events in a row."""
    with transaction.atomic():
        for n in range(5):
            record(actor=system_actor, action="test.event", changes={"n": n})
    return list(AuditEvent.objects.order_by("seq"))


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_to_update_an_audit_row(chain):
    with pytest.raises(DatabaseError), transaction.atomic():
        raw("UPDATE audit_auditevent SET action = 'forged' WHERE seq = %s", [chain[2].seq])
    assert AuditEvent.objects.get(seq=chain[2].seq).action == "test.event"


def test_the_database_refuses_to_delete_an_audit_row(chain):
    with pytest.raises(DatabaseError), transaction.atomic():
        raw("DELETE FROM audit_auditevent WHERE seq = %s", [chain[2].seq])
    assert AuditEvent.objects.filter(seq=chain[2].seq).exists()


def test_the_model_and_queryset_refuse_changes_too(chain):
    event = chain[0]
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(seq=event.seq).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_an_intact_chain_verifies(chain, capsys):
    assert verify_chain().ok
    call_command("audit", "verify")
    assert "audit chain intact" in capsys.readouterr().out


def _forge(sql, params):
    """Tamper as a database owner would: lift the triggers, change a row, put them back."""
    triggers.remove(connection)
    raw(sql, params)
    triggers.install(connection)


def test_a_forged_row_fails_verification_and_is_named(chain, capsys):
    target = chain[2]
    _forge("UPDATE audit_auditevent SET changes = %s WHERE seq = %s", ['{"n": 99}', target.seq])
    result = verify_chain()
    assert not result.ok and result.first_bad_seq == target.seq
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify")
    assert exit_info.value.code == 1
    assert f"row {target.seq}" in capsys.readouterr().err


def test_a_removed_row_fails_verification_and_is_named(chain, capsys):
    target = chain[3]
    _forge("DELETE FROM audit_auditevent WHERE seq = %s", [target.seq])
    result = verify_chain()
    assert not result.ok and result.first_bad_seq == target.seq
    with pytest.raises(SystemExit):
        call_command("audit", "verify")
    assert f"row {target.seq}" in capsys.readouterr().err


def test_a_removed_last_row_is_caught_by_the_head(chain):
    _forge("DELETE FROM audit_auditevent WHERE seq = %s", [chain[-1].seq])
    assert not verify_chain().ok


def test_a_recomputed_forgery_is_caught_by_the_next_row(chain):
    """Forging a row and fixing its own hash still breaks the link from the next row."""
    from peaceops.audit.chain import row_hash
    from peaceops.audit.recorder import event_row

    target = chain[1]
    target.changes = {"n": 42}
    new_hash = row_hash(target.prev_hash, event_row(target))
    _forge("UPDATE audit_auditevent SET changes = %s, hash = %s WHERE seq = %s",
           ['{"n": 42}', new_hash, target.seq])
    result = verify_chain()
    assert not result.ok and result.first_bad_seq == chain[2].seq


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused():
    from peaceops.access.actor import Actor

    with pytest.raises(RuntimeError):
        record(actor=Actor.system("test"), action="test.no_transaction")


def test_a_service_that_raises_leaves_neither_change_nor_audit_row(structure, actors):
    planner = actors["planner"]
    before = AuditEvent.objects.count()
    data = PersonData(service="army", rank="OF-3", service_number="QN-TEST-1", family_name="Đặng",
                      given_name="Hùng", gender="M", date_of_birth="1990-01-01")
    mod = structure["agencies"]["MOD"].pk
    person_create(actor=planner, data=data, marking=Marking(level=1, owning_agency_id=mod))
    assert AuditEvent.objects.count() == before + 1
    # The same service number again: the service raises after its checks, inside its transaction.
    with pytest.raises(ServiceError):
        person_create(actor=planner, data=data, marking=Marking(level=1, owning_agency_id=mod))
    assert AuditEvent.objects.count() == before + 1
    assert Person.objects.unrestricted().filter(service_number="QN-TEST-1").count() == 1


def test_a_failure_after_the_audit_row_rolls_back_both(structure, actors, monkeypatch):
    """If anything fails after audit.record, the change and its audit row vanish together."""
    import peaceops.people.services as people_services

    planner = actors["planner"]
    before = AuditEvent.objects.count()

    def record_then_fail(**kwargs):
        record(**kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(people_services, "record", record_then_fail)
    data = PersonData(service="army", rank="OF-3", service_number="QN-TEST-2", family_name="Đặng",
                      given_name="Hùng", gender="M", date_of_birth="1990-01-01")
    with pytest.raises(RuntimeError):
        person_create(actor=planner, data=data,
                      marking=Marking(level=1, owning_agency_id=structure["agencies"]["MOD"].pk))
    assert AuditEvent.objects.count() == before
    assert not Person.objects.unrestricted().filter(service_number="QN-TEST-2").exists()
    assert verify_chain().ok


def test_the_append_only_triggers_exist_after_migrating():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_auditevent'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid='audit_auditevent'::regclass "
                           "AND NOT tgisinternal")
        assert len(cursor.fetchall()) == 2


def test_an_auditor_reads_the_trail_but_only_rows_about_what_they_could_see(structure, client_for, actors, agencies):
    from django.urls import reverse

    visible = person_create(actor=actors["admin"], data=PersonData(
        service="army", rank="OF-3", service_number="QN-AUD-1", family_name="A", given_name="B", gender="M",
        date_of_birth="1990-01-01"), marking=Marking(level=1, owning_agency_id=agencies["VDPO"].pk))
    hidden = person_create(actor=actors["admin"], data=PersonData(
        service="army", rank="OF-3", service_number="QN-AUD-2", family_name="A", given_name="B", gender="M",
        date_of_birth="1990-01-01"), marking=Marking(level=2, owning_agency_id=agencies["VDPO"].pk))
    html = client_for("auditor").get(reverse("audit:events"), {"action": "people.person.create"}).content.decode()
    assert str(visible.pk)[:10] in html and str(hidden.pk)[:10] not in html
    assert client_for("planner").get(reverse("audit:events")).status_code == 404
