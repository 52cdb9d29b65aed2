from django.db.models import QuerySet

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for

from .models import AuditEvent


def audit_event_list(*, actor: Actor) -> QuerySet[AuditEvent]:
    return policy_for(AuditEvent).scope(actor, "view").order_by("-seq")
