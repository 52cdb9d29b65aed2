from peaceops.access.policies import ReferencePolicy, register

from .models import Mission, MissionStatus


@register(Mission)
class MissionPolicy(ReferencePolicy):
    """Unclassified reference data: any signed-in actor reads; the loader (services) writes."""


@register(MissionStatus)
class MissionStatusPolicy(ReferencePolicy):
    pass
