"""Who may do what in welfare.

Casualty records (and the claims, checklist, repatriation and care that hang on them) are in the
CASUALTY compartment: an actor without it sees none of them, anywhere. Children without a marking
of their own are visible exactly when their casualty is; a casualty or claim only when its incident
is visible too.
"""

from peaceops.access.policies import ClassifiedPolicy, Policy, register

from .models import (
    CareEntry,
    Casualty,
    CompensationClaim,
    DeadlineParameter,
    Incident,
    Memorial,
    NotificationStep,
    Repatriation,
)

# Personnel officers run casualty affairs; medical officers the care; administrators everything.
WELFARE_WRITERS = frozenset({"admin", "personnel", "medical"})
CLAIM_WRITERS = WELFARE_WRITERS | {"logistics"}
WELFARE_EXPORTERS = WELFARE_WRITERS | {"auditor", "leader"}


@register(Incident)
class IncidentPolicy(ClassifiedPolicy):
    roles = {"create": WELFARE_WRITERS, "change": WELFARE_WRITERS, "export": WELFARE_EXPORTERS,
             "downgrade": frozenset({"declassifier"})}


@register(Casualty)
class CasualtyPolicy(ClassifiedPolicy):
    roles = {"create": WELFARE_WRITERS, "change": WELFARE_WRITERS, "export": WELFARE_EXPORTERS,
             "downgrade": frozenset({"declassifier"})}

    def base_queryset(self, actor):
        return Casualty.objects.visible_to(actor).filter(incident__in=Incident.objects.visible_to(actor))


@register(CompensationClaim)
class CompensationClaimPolicy(ClassifiedPolicy):
    roles = {"create": CLAIM_WRITERS, "change": CLAIM_WRITERS, "export": WELFARE_EXPORTERS | {"logistics"},
             "downgrade": frozenset({"declassifier"})}

    def base_queryset(self, actor):
        return CompensationClaim.objects.visible_to(actor).filter(
            casualty__in=policy_casualties(actor))


def policy_casualties(actor):
    return CasualtyPolicy(Casualty).base_queryset(actor)


class ThroughCasualtyPolicy(Policy):
    """Visible when the casualty is; written only by the welfare services (which check the casualty)."""

    roles = {"create": WELFARE_WRITERS, "change": WELFARE_WRITERS}

    def base_queryset(self, actor):
        return self.model._default_manager.filter(casualty__in=policy_casualties(actor))


for _model in (NotificationStep, Repatriation, CareEntry):
    register(_model)(type(f"{_model.__name__}Policy", (ThroughCasualtyPolicy,), {}))


@register(Memorial)
class MemorialPolicy(ClassifiedPolicy):
    roles = {"create": WELFARE_WRITERS, "change": WELFARE_WRITERS, "export": WELFARE_EXPORTERS | {"public_affairs"},
             "downgrade": frozenset({"declassifier"})}


@register(DeadlineParameter)
class DeadlineParameterPolicy(Policy):
    """Entered reference figures: any signed-in actor reads them; claim officers enter them."""

    roles = {"create": CLAIM_WRITERS, "change": CLAIM_WRITERS}
