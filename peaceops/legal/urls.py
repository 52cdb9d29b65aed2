from django.urls import path

from . import views

app_name = "legal"
urlpatterns = [
    path("", views.InstrumentListView.as_view(), name="index"),
    path("instruments/new/", views.InstrumentCreateView.as_view(), name="instrument-create"),
    path("instruments.csv", views.InstrumentExportView.as_view(), name="instrument-export"),
    path("instruments/<uuid:pk>/", views.InstrumentDetailView.as_view(), name="instrument"),
    path("instruments/<uuid:pk>/edit/", views.InstrumentUpdateView.as_view(), name="instrument-edit"),
    path("compliance/", views.ComplianceView.as_view(), name="compliance"),
    path("cases/", views.CaseListView.as_view(), name="cases"),
    path("cases/new/", views.CaseCreateView.as_view(), name="case-create"),
    path("cases.csv", views.CaseExportView.as_view(), name="case-export"),
    path("cases/<uuid:pk>/", views.CaseDetailView.as_view(), name="case"),
    path("cases/<uuid:pk>/step/", views.CaseStepView.as_view(), name="case-step"),
]
