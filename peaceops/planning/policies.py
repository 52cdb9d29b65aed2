"""Access policies of the planning app's models (registered on import by the app config).

Planners run, lock, swap and publish plans; everyone else reads what their clearance shows. A plan is
marked like a deployment (at least CONFIDENTIAL, never below the people it considered); its choices and
reasons show only where the plan AND the person are visible to the reader — a person the reader may
not see leaves no row.
"""

from peaceops.access.classified import related_visibility_q
from peaceops.access.policies import ClassifiedPolicy, Policy, register

from .models import PlanChoice, PlanReason, PlanRun

PLANNERS = frozenset({"planner"})


@register(PlanRun)
class PlanRunPolicy(ClassifiedPolicy):
    roles = {
        "create": PLANNERS,
        "change": PLANNERS,
        "export": PLANNERS | {"auditor", "leader"},
        "downgrade": frozenset({"declassifier"}),
    }


class ThroughPlanPolicy(Policy):
    """Visible when the plan is and the person (if any) is; written only by the planning services."""

    roles = {"create": PLANNERS, "change": PLANNERS}

    def base_queryset(self, actor):
        from django.db.models import Q

        # The person's marking read on the joined row (the pages join it anyway, for the name): an
        # EXISTS under the OR below made PostgreSQL hash every visible person (200,000) for a plan's
        # few thousand reasons, and "person IN (everyone visible)" made SQLite list them all.
        person_visible = related_visibility_q(actor, "person__")
        return self.model._default_manager.filter(plan__in=PlanRun.objects.visible_to(actor)).filter(
            Q(person__isnull=True) | person_visible if self.model is PlanReason else person_visible)


for _model in (PlanChoice, PlanReason):
    register(_model)(type(f"{_model.__name__}Policy", (ThroughPlanPolicy,), {}))
