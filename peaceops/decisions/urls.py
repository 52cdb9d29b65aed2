from django.urls import path

from . import views

app_name = "decisions"
urlpatterns = [
    path("", views.ProposalListView.as_view(), name="list"),
    path("new/", views.ProposalCreateView.as_view(), name="create"),
    path("roadmap/", views.RoadmapListView.as_view(), name="roadmap"),
    path("<uuid:pk>/", views.ProposalDetailView.as_view(), name="detail"),
    path("<uuid:pk>/brief/", views.ProposalBriefView.as_view(), name="brief"),
    path("briefs/<uuid:pk>/", views.BriefJobView.as_view(), name="brief-job"),
    path("briefs/<uuid:pk>/download/", views.BriefDownloadView.as_view(), name="brief-download"),
    path("<uuid:pk>/edit/", views.ProposalUpdateView.as_view(), name="edit"),
    path("<uuid:pk>/step/", views.ProposalTransitionView.as_view(), name="transition"),
    path("<uuid:pk>/positions/", views.PositionCreateView.as_view(), name="position-add"),
    path("<uuid:pk>/comments/", views.CommentCreateView.as_view(), name="comment-add"),
    path("<uuid:pk>/courses/new/", views.CourseCreateView.as_view(), name="course-add"),
    path("courses/<uuid:pk>/recommend/", views.CourseRecommendView.as_view(), name="course-recommend"),
    path("review/<uuid:pk>/", views.ReviewItemUpdateView.as_view(), name="review-item"),
    path("review/<uuid:pk>/evidence/", views.ReviewEvidenceAddView.as_view(), name="review-evidence"),
]
