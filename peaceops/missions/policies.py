"""Who may do what in missions.

The catalogue is reference data. UN requirements, pledges, rotations and strength returns are
unclassified records that planners (and administrators) write and every signed-in actor reads.
A deployment says where a named person is: it carries its own marking, and it shows only where its
person shows too (a hidden person leaves no trace through their deployments). Status changes show
exactly when their deployment does.
"""

from peaceops.access.policies import ClassifiedPolicy, Policy, ReferencePolicy, register
from peaceops.people.models import Person

from .models import (
    Deployment,
    DeploymentStatusChange,
    Mission,
    MissionStatus,
    Pledge,
    PledgeLevel,
    Requirement,
    Rotation,
    StrengthReturn,
)

FORCE_GENERATORS = frozenset({"admin", "planner"})
READERS_WHO_EXPORT = FORCE_GENERATORS | {"auditor", "leader", "personnel", "logistics"}


@register(Mission)
class MissionPolicy(ReferencePolicy):
    """Unclassified reference data: any signed-in actor reads; the loader (services) writes."""


@register(MissionStatus)
class MissionStatusPolicy(ReferencePolicy):
    pass


class ForceGenerationPolicy(Policy):
    """Unclassified force-generation records: everyone signed in reads, planners write."""

    roles = {
        "create": FORCE_GENERATORS,
        "change": FORCE_GENERATORS,
        "delete": FORCE_GENERATORS,
        "import": FORCE_GENERATORS,
        "export": READERS_WHO_EXPORT,
    }


for _model in (Requirement, Pledge, PledgeLevel, Rotation, StrengthReturn):
    register(_model)(type(f"{_model.__name__}Policy", (ForceGenerationPolicy,), {}))


@register(Deployment)
class DeploymentPolicy(ClassifiedPolicy):
    roles = {
        "create": FORCE_GENERATORS | {"personnel"},
        "change": FORCE_GENERATORS | {"personnel"},
        "export": READERS_WHO_EXPORT,
        "downgrade": frozenset({"declassifier"}),
    }

    def base_queryset(self, actor):
        return Deployment.objects.visible_to(actor).filter(person__in=Person.objects.visible_to(actor))


@register(DeploymentStatusChange)
class DeploymentStatusChangePolicy(Policy):
    roles = {"create": FORCE_GENERATORS | {"personnel"}}

    def base_queryset(self, actor):
        return DeploymentStatusChange.objects.filter(
            deployment__in=policy_deployments(actor))


def policy_deployments(actor):
    from peaceops.access.policies import policy_for

    return policy_for(Deployment).scope(actor, "view")
