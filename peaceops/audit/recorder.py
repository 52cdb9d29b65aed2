"""audit.record(): write one chained audit row inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from .chain import row_hash
from .models import AuditEvent, AuditHead


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def event_row(event: AuditEvent) -> dict:
    """The fields that the hash covers, in their stored form."""
    return {
        "seq": event.seq,
        "at": event.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "level": event.level,
        "compartment_mask": event.compartment_mask,
        "owning_agency": event.owning_agency,
        "changes": event.changes,
        "reason": event.reason,
        "prev_hash": event.prev_hash,
    }


def record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    changes: dict | None = None,
    reason: str = "",
    level: int | None = None,
) -> AuditEvent:
    """Append an audit event. Must run inside the transaction of the change it records."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record() must run inside the service's transaction")
    if level is None:
        level = target.effective_level() if target is not None and hasattr(target, "effective_level") else 0
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
    event = AuditEvent(
        seq=head.seq + 1,
        at=timezone.now(),
        actor_id=getattr(actor, "user_id", None),
        actor_label=getattr(actor, "label", str(actor))[:200],
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        level=level,
        compartment_mask=getattr(target, "compartment_mask", 0) or 0,
        owning_agency=str(getattr(target, "owning_agency_id", "") or ""),
        changes=_jsonable(changes or {}),
        reason=(reason or getattr(actor, "reason", "") or "")[:500],
        prev_hash=head.hash,
    )
    event.hash = row_hash(event.prev_hash, event_row(event))
    event.save()
    AuditHead.objects.filter(id=1).update(seq=event.seq, hash=event.hash)
    return event


def record_many(*, actor, action: str, targets: Sequence[tuple[models.Model, dict | None, int | None]],
                reason: str = "") -> list[AuditEvent]:
    """Append one event per (target, changes, level), in order, as `record()` would one by one (the
    same fields and chain, `level` None meaning the target's own), with one lock of the head, one
    INSERT … executemany and one update of the head, whatever the number of events. Must run inside
    the transaction of the changes it records (e.g. a batch import)."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record_many() must run inside the service's transaction")
    if not targets:
        return []
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
    seq, previous = head.seq, head.hash
    at = timezone.now()  # one statement, one moment
    actor_id = getattr(actor, "user_id", None)
    actor_label = getattr(actor, "label", str(actor))[:200]
    reason = (reason or getattr(actor, "reason", "") or "")[:500]
    events = []
    for target, changes, level in targets:
        if level is None:
            level = target.effective_level() if hasattr(target, "effective_level") else 0
        seq += 1
        event = AuditEvent(
            seq=seq, at=at, actor_id=actor_id, actor_label=actor_label, action=action,
            target_type=target._meta.label_lower, target_id=str(target.pk), level=level,
            compartment_mask=getattr(target, "compartment_mask", 0) or 0,
            owning_agency=str(getattr(target, "owning_agency_id", "") or ""),
            changes=_jsonable(changes or {}), reason=reason, prev_hash=previous,
        )
        event.hash = previous = row_hash(previous, event_row(event))
        events.append(event)
    _insert_events(events)
    AuditHead.objects.filter(id=1).update(seq=seq, hash=previous)
    return events


def _insert_events(events: list[AuditEvent]) -> None:
    """The events' rows in one executemany (the ORM would compile one parameter at a time)."""
    fields = AuditEvent._meta.local_concrete_fields
    prepare = {f.attname: (lambda value, f=f: f.get_db_prep_save(value, connection))
               for f in fields if f.get_internal_type() in ("DateTimeField", "JSONField")}
    rows = [[prepare[f.attname](getattr(e, f.attname)) if f.attname in prepare else getattr(e, f.attname)
             for f in fields] for e in events]
    quote = connection.ops.quote_name
    statement = (f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
                 f"VALUES ({', '.join(['%s'] * len(fields))})")
    with connection.cursor() as cursor:
        cursor.executemany(statement, rows)
    for event in events:
        event._state.adding = False
        event._state.db = connection.alias


def record_read(*, actor, target: models.Model, action: str | None = None) -> None:
    """Audit the reading of classified detail (anything above UNCLASSIFIED or compartmented)."""
    if not hasattr(target, "effective_level"):
        return  # reference data carries no marking: reading it is not a classified read
    if target.effective_level() == 0 and not getattr(target, "compartment_mask", 0):
        return
    with transaction.atomic():
        record(actor=actor, action=action or f"{target._meta.label_lower}.view", target=target)
