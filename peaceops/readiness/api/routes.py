"""More of this app's API routes, registered by peaceops/api/urls.py: (prefix, viewset, basename), most specific first."""

from ..training_api import TRAINING_ROUTES
from ..units_api import UNIT_ROUTES, MatrixViewSet

ROUTES: list = [
    ("readiness/matrix", MatrixViewSet, "readiness-matrix"),
    *UNIT_ROUTES,
    *TRAINING_ROUTES,
]
