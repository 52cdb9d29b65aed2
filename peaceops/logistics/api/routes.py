"""This app's API routes, registered by peaceops/api/urls.py: (prefix, viewset, basename), most specific first."""

from .views import (
    ClaimViewSet,
    EquipmentViewSet,
    EstimateViewSet,
    RateViewSet,
    RiskViewSet,
    VerificationViewSet,
)

ROUTES: list = [
    ("logistics/rates", RateViewSet, "logistics-rate"),
    ("logistics/equipment", EquipmentViewSet, "logistics-equipment"),
    ("logistics/verifications", VerificationViewSet, "logistics-verification"),
    ("logistics/estimates", EstimateViewSet, "logistics-estimate"),
    ("logistics/claims", ClaimViewSet, "logistics-claim"),
    ("logistics/risk", RiskViewSet, "logistics-risk"),
]
