from django.urls import path

from . import views

app_name = "missions"
urlpatterns = [
    path("", views.MissionListView.as_view(), name="list"),
    path("<uuid:pk>/", views.MissionDetailView.as_view(), name="detail"),
    path("rotations/", views.RotationListView.as_view(), name="rotations"),
    path("rotations/new/", views.RotationCreateView.as_view(), name="rotation-create"),
    path("rotations/<uuid:pk>/", views.RotationDetailView.as_view(), name="rotation"),
    path("rotations/<uuid:pk>/edit/", views.RotationUpdateView.as_view(), name="rotation-edit"),
    path("requirements/new/", views.RequirementCreateView.as_view(), name="requirement-create"),
    path("requirements/<uuid:pk>/edit/", views.RequirementUpdateView.as_view(), name="requirement-edit"),
    path("deployments/<uuid:pk>/transition/", views.DeploymentTransitionView.as_view(), name="deployment-transition"),
    path("pledges/", views.PledgeListView.as_view(), name="pledges"),
    path("pledges/new/", views.PledgeCreateView.as_view(), name="pledge-create"),
    path("pledges/<uuid:pk>/level/", views.PledgeLevelSetView.as_view(), name="pledge-level"),
    path("strength/", views.StrengthView.as_view(), name="strength"),
]
