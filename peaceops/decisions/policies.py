from peaceops.access.policies import ClassifiedPolicy, register

from .models import ActionItem

ROADMAP_WRITERS = frozenset({"admin", "planner", "liaison", "legal", "training", "logistics", "medical"})


@register(ActionItem)
class ActionItemPolicy(ClassifiedPolicy):
    roles = {
        "create": ROADMAP_WRITERS,
        "import": ROADMAP_WRITERS | {"personnel"},
        "change": ROADMAP_WRITERS,
        "export": ROADMAP_WRITERS | {"auditor", "leader"},
        "downgrade": frozenset({"declassifier"}),
    }
