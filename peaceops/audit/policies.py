"""Who reads the audit trail: auditors and administrators, and only rows about what they may see."""

from django.db.models import F, Q

from peaceops.access.actor import ALL_BITS
from peaceops.access.policies import Policy, register

from .models import AuditEvent


@register(AuditEvent)
class AuditEventPolicy(Policy):
    roles = {"export": frozenset({"auditor", "admin"})}
    readers = frozenset({"auditor", "admin"})

    def allows_action(self, actor, action):
        if action == "view":
            return actor is not None and actor.has_role(*self.readers)
        if action in ("create", "change", "delete", "downgrade", "import"):
            return False  # only audit.record() writes, and nothing ever changes a row
        return super().allows_action(actor, action)

    def base_queryset(self, actor):
        """Rows about records the auditor could see themselves (level, compartments, agency)."""
        queryset = AuditEvent.objects.all()
        if actor.is_system:
            return queryset
        agencies = [str(pk) for pk in actor.agency_ids]
        return (
            queryset.alias(_foreign=F("compartment_mask").bitand(~actor.compartment_mask & ALL_BITS))
            .filter(level__lte=actor.level, _foreign=0)
            .filter(Q(owning_agency="") | Q(owning_agency__in=agencies))
        )
