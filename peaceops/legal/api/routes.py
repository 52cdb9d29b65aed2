"""This app's API routes, registered by peaceops/api/urls.py: (prefix, viewset, basename), most specific first."""

from .views import CaseViewSet, ComplianceViewSet, InstrumentViewSet

ROUTES: list = [
    ("legal/instruments", InstrumentViewSet, "legal-instrument"),
    ("legal/discipline-cases", CaseViewSet, "legal-case"),
    ("legal/compliance", ComplianceViewSet, "legal-compliance"),
]
