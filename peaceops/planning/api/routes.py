"""More of this app's API routes, registered by peaceops/api/urls.py: (prefix, viewset, basename), most specific first."""

from .views import PlanChoiceViewSet, PlanRunViewSet

ROUTES: list = [
    ("planning/choices", PlanChoiceViewSet, "plan-choice"),
    ("planning/runs", PlanRunViewSet, "plan-run"),
]
