from django.urls import path

from . import views

app_name = "missions"
urlpatterns = [
    path("", views.MissionListView.as_view(), name="list"),
    path("<uuid:pk>/", views.MissionDetailView.as_view(), name="detail"),
]
