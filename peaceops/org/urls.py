from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("agencies/", views.AgencyListView.as_view(), name="agencies"),
    path("units/", views.UnitListView.as_view(), name="units"),
    path("units/<uuid:pk>/", views.UnitDetailView.as_view(), name="unit"),
]
