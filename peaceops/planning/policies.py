"""Access policies of the planning app's models (registered on import by the app config).

Planners run, lock, swap and publish plans; everyone else reads what their clearance shows. A plan is
marked like a deployment (at least CONFIDENTIAL, never below the people it considered); its choices and
reasons show only where the plan AND the person are visible to the reader — a person the reader may
not see leaves no row.
"""

from peaceops.access.policies import ClassifiedPolicy, Policy, register
from peaceops.people.models import Person

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
        from django.db.models import Exists, OuterRef, Q

        # A correlated EXISTS looks up each row's person by key: "person IN (everyone visible)" made SQLite
        # list the whole visible registry (0.9 s at 200,000 people) for a plan of a few thousand rows.
        person_visible = Exists(Person.objects.visible_to(actor).filter(pk=OuterRef("person_id")))
        return self.model._default_manager.filter(plan__in=PlanRun.objects.visible_to(actor)).filter(
            Q(person__isnull=True) | person_visible if self.model is PlanReason else person_visible)


for _model in (PlanChoice, PlanReason):
    register(_model)(type(f"{_model.__name__}Policy", (ThroughPlanPolicy,), {}))
