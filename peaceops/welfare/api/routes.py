"""This app's API routes, registered by peaceops/api/urls.py: (prefix, viewset, basename), most specific first."""

from .views import CasualtyViewSet, ClaimViewSet, DeadlineParameterViewSet, IncidentViewSet, MemorialViewSet

ROUTES: list = [
    ("welfare/incidents", IncidentViewSet, "welfare-incident"),
    ("welfare/casualties", CasualtyViewSet, "welfare-casualty"),
    ("welfare/claims", ClaimViewSet, "welfare-claim"),
    ("welfare/memorials", MemorialViewSet, "welfare-memorial"),
    ("welfare/deadline-periods", DeadlineParameterViewSet, "welfare-deadline-period"),
]
