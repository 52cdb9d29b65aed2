"""This app's API routes, registered by peaceops/api/urls.py: (prefix, viewset, basename), most specific first."""

from .views import DeliveryViewSet, GapViewSet, OfferViewSet, PartnerViewSet, RequestViewSet

ROUTES: list = [
    ("partners/gaps", GapViewSet, "partners-gap"),
    ("partners/offers", OfferViewSet, "partners-offer"),
    ("partners/requests", RequestViewSet, "partners-request"),
    ("partners/deliveries", DeliveryViewSet, "partners-delivery"),
    ("partners/partners", PartnerViewSet, "partners-partner"),
]
