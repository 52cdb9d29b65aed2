from django.urls import path

from . import views

app_name = "welfare"
urlpatterns = [
    path("", views.IncidentListView.as_view(), name="index"),
    path("incidents/new/", views.IncidentCreateView.as_view(), name="incident-create"),
    path("incidents.csv", views.IncidentExportView.as_view(), name="incident-export"),
    path("incidents/<uuid:pk>/", views.IncidentDetailView.as_view(), name="incident"),
    path("incidents/<uuid:pk>/edit/", views.IncidentUpdateView.as_view(), name="incident-edit"),
    path("incidents/<uuid:pk>/casualties/new/", views.CasualtyCreateView.as_view(), name="casualty-create"),
    path("casualties/<uuid:pk>/", views.CasualtyDetailView.as_view(), name="casualty"),
    path("casualties/<uuid:pk>/edit/", views.CasualtyUpdateView.as_view(), name="casualty-edit"),
    path("casualties/<uuid:pk>/repatriation/", views.RepatriationAddView.as_view(), name="repatriation-add"),
    path("casualties/<uuid:pk>/care/", views.CareAddView.as_view(), name="care-add"),
    path("casualties/<uuid:pk>/claims/new/", views.ClaimCreateView.as_view(), name="claim-create"),
    path("casualties/<uuid:pk>/memorial/new/", views.MemorialCreateView.as_view(), name="memorial-create"),
    path("steps/<uuid:pk>/complete/", views.StepCompleteView.as_view(), name="step-complete"),
    path("claims/", views.ClaimListView.as_view(), name="claims"),
    path("claims.csv", views.ClaimExportView.as_view(), name="claim-export"),
    path("claims/<uuid:pk>/", views.ClaimDetailView.as_view(), name="claim"),
    path("claims/<uuid:pk>/edit/", views.ClaimUpdateView.as_view(), name="claim-edit"),
    path("memorials/", views.MemorialListView.as_view(), name="memorials"),
    path("memorials/<uuid:pk>/", views.MemorialDetailView.as_view(), name="memorial"),
    path("deadlines/", views.DeadlineParametersView.as_view(), name="deadlines"),
]
