"""More of this app's API routes, registered by peaceops/api/urls.py: (prefix, viewset, basename), most specific first."""

from ..training_api import TRAINING_ROUTES

ROUTES: list = [
    *TRAINING_ROUTES,
]
