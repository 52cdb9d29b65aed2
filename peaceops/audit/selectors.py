from django.db.models import Case, F, QuerySet, Value, When

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for

from .models import AuditEvent

# Rows whose author is withheld from every reader but auditors (e.g. a non-attributable comment):
# the row keeps its actor for the hash chain and for auditors; others see, filter and sort on "".
WITHHELD = "non_attributable"


def audit_event_list(*, actor: Actor) -> QuerySet[AuditEvent]:
    queryset = policy_for(AuditEvent).scope(actor, "view").order_by("-seq")
    if actor.is_system or actor.has_role("auditor"):
        return queryset.annotate(shown_actor=F("actor_label"))
    return queryset.annotate(shown_actor=Case(When(**{f"changes__{WITHHELD}": True}, then=Value("")),
                                              default=F("actor_label")))
