"""Who may do what in logistics. Equipment, verifications, estimates and claims carry their own marking;
findings, claim lines and payments are visible exactly when their parent is; rates and mission factors
are unclassified reference data that logistics officers keep."""

from peaceops.access.policies import ClassifiedPolicy, Policy, ReferencePolicy, register

from .models import (
    Claim,
    ClaimLine,
    CostEstimate,
    EquipmentItem,
    Finding,
    MissionFactor,
    Payment,
    Rate,
    UnitSelfSustainment,
    Verification,
)

LOGISTICS = frozenset({"logistics", "admin"})
# Planners cost their proposals and rotations too.
ESTIMATORS = LOGISTICS | {"planner"}
READERS_WHO_EXPORT = LOGISTICS | {"planner", "auditor", "leader"}


@register(EquipmentItem)
class EquipmentItemPolicy(ClassifiedPolicy):
    roles = {"create": LOGISTICS, "change": LOGISTICS, "export": READERS_WHO_EXPORT,
             "downgrade": frozenset({"declassifier"})}


@register(Verification)
class VerificationPolicy(ClassifiedPolicy):
    roles = {"create": LOGISTICS, "change": LOGISTICS, "export": READERS_WHO_EXPORT,
             "downgrade": frozenset({"declassifier"})}


@register(CostEstimate)
class CostEstimatePolicy(ClassifiedPolicy):
    roles = {"create": ESTIMATORS, "change": ESTIMATORS, "export": READERS_WHO_EXPORT,
             "downgrade": frozenset({"declassifier"})}


@register(Claim)
class ClaimPolicy(ClassifiedPolicy):
    roles = {"create": LOGISTICS, "change": LOGISTICS, "export": READERS_WHO_EXPORT,
             "downgrade": frozenset({"declassifier"})}


@register(Finding)
class FindingPolicy(Policy):
    """Visible when both the verification and the item are."""

    roles = {"create": LOGISTICS}

    def base_queryset(self, actor):
        return Finding.objects.filter(verification__in=Verification.objects.visible_to(actor),
                                      item__in=EquipmentItem.objects.visible_to(actor))


class ThroughClaimPolicy(Policy):
    roles = {"create": LOGISTICS}

    def base_queryset(self, actor):
        return self.model._default_manager.filter(claim__in=Claim.objects.visible_to(actor))


for _model in (ClaimLine, Payment):
    register(_model)(type(f"{_model.__name__}Policy", (ThroughClaimPolicy,), {}))


class LogisticsReferencePolicy(ReferencePolicy):
    """Unclassified reference data: any signed-in actor reads; logistics officers and admins write."""

    roles = {"create": LOGISTICS, "change": LOGISTICS, "delete": LOGISTICS, "export": READERS_WHO_EXPORT}


for _model in (Rate, MissionFactor, UnitSelfSustainment):
    register(_model)(type(f"{_model.__name__}Policy", (LogisticsReferencePolicy,), {}))
