from django.urls import path

from . import views

app_name = "logistics"
urlpatterns = [
    path("", views.EquipmentListView.as_view(), name="index"),
    path("units/<uuid:pk>/", views.UnitRegisterView.as_view(), name="unit"),
    path("units/<uuid:pk>/self-sustainment/", views.SelfSustainmentSetView.as_view(), name="self-sustainment"),
    path("units/<uuid:pk>/verify/", views.VerificationCreateView.as_view(), name="verification-add"),
    path("equipment/new/", views.EquipmentFormView.as_view(), name="item-add"),
    path("equipment/<uuid:pk>/", views.EquipmentDetailView.as_view(), name="item"),
    path("equipment/<uuid:pk>/edit/", views.EquipmentFormView.as_view(), name="item-edit"),
    path("verifications/", views.VerificationListView.as_view(), name="verifications"),
    path("verifications/<uuid:pk>/", views.VerificationDetailView.as_view(), name="verification"),
    path("rates/", views.RateListView.as_view(), name="rates"),
    path("rates/new/", views.RateCreateView.as_view(), name="rate-add"),
    path("rates/<uuid:pk>/", views.RateDetailView.as_view(), name="rate"),
    path("rates/<uuid:pk>/close/", views.RateCloseView.as_view(), name="rate-close"),
    path("mission-factors/new/", views.FactorCreateView.as_view(), name="factor-add"),
    path("estimates/", views.EstimateListView.as_view(), name="estimates"),
    path("estimates/new/", views.EstimateFormView.as_view(), name="estimate-add"),
    path("estimates/<uuid:pk>/", views.EstimateDetailView.as_view(), name="estimate"),
    path("estimates/<uuid:pk>/edit/", views.EstimateFormView.as_view(), name="estimate-edit"),
    path("estimates/<uuid:pk>/lines.csv", views.EstimateCsvView.as_view(), name="estimate-csv"),
    path("estimates/<uuid:pk>/recompute/", views.EstimateRecomputeView.as_view(), name="estimate-recompute"),
    path("claims/", views.ClaimListView.as_view(), name="claims"),
    path("claims/new/", views.ClaimCreateView.as_view(), name="claim-add"),
    path("claims/<uuid:pk>/", views.ClaimDetailView.as_view(), name="claim"),
    path("claims/<uuid:pk>/verify/", views.ClaimVerifyView.as_view(), name="claim-verify"),
    path("claims/<uuid:pk>/payments/", views.PaymentCreateView.as_view(), name="payment-add"),
    path("proposals/<uuid:pk>/panel/", views.ProposalPanelView.as_view(), name="proposal-panel"),
]
