"""Walk the chain and report the first row that does not fit."""

from dataclasses import dataclass

from .chain import GENESIS, row_hash
from .models import AuditEvent
from .recorder import event_row


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""


def verify_chain(*, batch: int = 5000) -> VerifyResult:
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    last = 0
    while True:
        rows = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not rows:
            break
        for event in rows:
            if event.seq != expected_seq:
                return VerifyResult(False, checked, expected_seq, f"row {expected_seq} is missing (next is {event.seq})")
            if event.prev_hash != prev_hash:
                return VerifyResult(False, checked, event.seq, "prev_hash does not match the previous row")
            if row_hash(prev_hash, event_row(event)) != event.hash:
                return VerifyResult(False, checked, event.seq, "content does not match its hash")
            prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
        last = rows[-1].seq
    from .models import AuditHead

    head = AuditHead.objects.filter(id=1).first()
    if head and (head.seq != checked or head.hash != prev_hash):
        return VerifyResult(False, checked, checked + 1 if head.seq > checked else checked,
                            f"chain ends at row {checked} but the head records row {head.seq}")
    return VerifyResult(True, checked)
