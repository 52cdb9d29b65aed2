from django.db.models import Case, F, QuerySet, Value, When

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for

from .models import AuditEvent

# Rows whose author is withheld from every reader but auditors (e.g. a non-attributable comment).
# The row keeps its actor for the hash chain and for auditors. Others do not get the row at all: with
# its actor blanked, its time and sequence number still sat between its author's own reads of the
# same record (before posting, and after the redirect), which named the author. For the same reason
# they are not shown sequence numbers (`shows_sequence`): a gap would mark where the row sits.
WITHHELD = "non_attributable"


def shows_sequence(actor: Actor) -> bool:
    return actor.is_system or actor.has_role("auditor")


def audit_event_list(*, actor: Actor) -> QuerySet[AuditEvent]:
    queryset = policy_for(AuditEvent).scope(actor, "view").order_by("-seq")
    if actor.is_system or actor.has_role("auditor"):
        return queryset.annotate(shown_actor=F("actor_label"))
    # has_key, not `= true`: a JSON key compared inside NOT() is NULL for rows without it, which
    # would drop every row.
    return (queryset.exclude(changes__has_key=WITHHELD)
            .annotate(shown_actor=Case(When(**{f"changes__{WITHHELD}": True}, then=Value("")),
                                       default=F("actor_label"))))
