from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("healthz", views.HealthView.as_view(), name="health"),
    path("language/", views.language_switch, name="set_language"),
]
