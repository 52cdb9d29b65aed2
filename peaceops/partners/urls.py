from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("", views.OfferListView.as_view(), name="index"),
    path("gaps/", views.GapView.as_view(), name="gaps"),
    path("offers.csv", views.OfferExportView.as_view(), name="offer-export"),
    path("offers/new/", views.OfferCreateView.as_view(), name="offer-create"),
    path("offers/<uuid:pk>/", views.OfferDetailView.as_view(), name="offer"),
    path("offers/<uuid:pk>/edit/", views.OfferUpdateView.as_view(), name="offer-edit"),
    path("offers/<uuid:pk>/status/", views.OfferStatusView.as_view(), name="offer-status"),
    path("offers/<uuid:pk>/request/", views.RequestCreateView.as_view(), name="request-create"),
    path("partners/", views.PartnerListView.as_view(), name="partners"),
    path("partners/new/", views.PartnerCreateView.as_view(), name="partner-create"),
    path("partners/<uuid:pk>/", views.PartnerDetailView.as_view(), name="partner"),
    path("partners/<uuid:pk>/edit/", views.PartnerUpdateView.as_view(), name="partner-edit"),
    path("requests/", views.RequestListView.as_view(), name="requests"),
    path("requests/<uuid:pk>/", views.RequestDetailView.as_view(), name="request"),
    path("requests/<uuid:pk>/edit/", views.RequestUpdateView.as_view(), name="request-edit"),
    path("requests/<uuid:pk>/status/", views.RequestTransitionView.as_view(), name="request-status"),
    path("requests/<uuid:pk>/deliveries/", views.DeliveryCreateView.as_view(), name="delivery-create"),
    path("deliveries/<uuid:pk>/decide/", views.DeliveryDecideView.as_view(), name="delivery-decide"),
]
