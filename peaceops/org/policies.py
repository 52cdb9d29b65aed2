from peaceops.access.policies import ReferencePolicy, register

from .models import Agency, TablePost, Unit


@register(Agency)
class AgencyPolicy(ReferencePolicy):
    pass


@register(Unit)
class UnitPolicy(ReferencePolicy):
    pass


@register(TablePost)
class TablePostPolicy(ReferencePolicy):
    pass
