from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("", views.RotationIndexView.as_view(), name="index"),
    path("rotations/<uuid:pk>/", views.RotationPlansView.as_view(), name="rotation"),
    path("rotations/<uuid:pk>/run/", views.RunView.as_view(), name="run"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("<uuid:pk>/", views.PlanDetailView.as_view(), name="detail"),
    path("<uuid:pk>/progress/", views.PlanProgressView.as_view(), name="progress"),
    path("<uuid:pk>/lock/", views.LockView.as_view(), name="lock"),
    path("<uuid:pk>/swap/", views.SwapView.as_view(), name="swap"),
    path("<uuid:pk>/nominate/", views.NominateView.as_view(), name="nominate"),
    path("<uuid:pk>/rerun/", views.RerunView.as_view(), name="rerun"),
    path("<uuid:pk>/drop/", views.DropView.as_view(), name="drop"),
    path("<uuid:pk>/publish/", views.PublishView.as_view(), name="publish"),
]
