from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.ContributionsView.as_view(), name="contributions"),
    path("contributions.csv", views.ContributionsExportView.as_view(), name="contributions-export"),
    path("fatalities/", views.FatalitiesView.as_view(), name="fatalities"),
    path("sources/", views.DatasetsView.as_view(), name="datasets"),
]
