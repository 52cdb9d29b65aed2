"""More of this app's API routes, registered by peaceops/api/urls.py: (prefix, viewset, basename), most specific first."""

from .views import (
    DeploymentViewSet,
    PledgeViewSet,
    RequirementViewSet,
    RotationViewSet,
    StrengthReturnViewSet,
)

ROUTES: list = [
    ("missions/requirements", RequirementViewSet, "mission-requirement"),
    ("missions/pledges", PledgeViewSet, "mission-pledge"),
    ("missions/rotations", RotationViewSet, "mission-rotation"),
    ("missions/deployments", DeploymentViewSet, "mission-deployment"),
    ("missions/strength-returns", StrengthReturnViewSet, "mission-strength-return"),
]
