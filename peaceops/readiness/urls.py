from django.urls import path

from . import training_views, units_views, views

app_name = "readiness"
urlpatterns = [
    path("", views.ReadinessIndexView.as_view(), name="index"),
    path("pool/", views.PoolView.as_view(), name="pool"),
    path("matrix/", units_views.MatrixView.as_view(), name="matrix"),
    path("units/", units_views.UnitListView.as_view(), name="units"),
    path("units/<str:code>/", units_views.UnitReadinessView.as_view(), name="unit"),
    path("units/<str:code>/evidence/", units_views.UnitEvidenceView.as_view(), name="unit-evidence"),
    path("pool.csv", views.PoolExportView.as_view(), name="pool-export"),
    path("people/<uuid:pk>/", views.PersonReadinessView.as_view(), name="person"),
    path("people/<uuid:pk>/card/", views.PersonCardView.as_view(), name="person-card"),
    # training (readiness/training_views.py)
    path("dashboard/", training_views.ReadinessDashboardView.as_view(), name="dashboard"),
    path("courses/", training_views.CourseListView.as_view(), name="courses"),
    path("courses/new/", training_views.CourseFormView.as_view(), name="course-create"),
    path("courses/<uuid:pk>/", training_views.CourseDetailView.as_view(), name="course"),
    path("courses/<uuid:pk>/edit/", training_views.CourseFormView.as_view(), name="course-edit"),
    path("sessions/", training_views.SessionListView.as_view(), name="sessions"),
    path("sessions/new/", training_views.SessionFormView.as_view(), name="session-create"),
    path("sessions/<uuid:pk>/", training_views.SessionDetailView.as_view(), name="session"),
    path("sessions/<uuid:pk>/edit/", training_views.SessionFormView.as_view(), name="session-edit"),
    path("sessions/<uuid:pk>/enrol/", training_views.SessionEnrolView.as_view(), name="session-enrol"),
    path("enrolments/<uuid:pk>/result/", training_views.EnrolmentResultView.as_view(), name="enrolment-result"),
    path("exercises/", training_views.ExerciseListView.as_view(), name="exercises"),
    path("exercises/new/", training_views.ExerciseFormView.as_view(), name="exercise-create"),
    path("exercises/<uuid:pk>/", training_views.ExerciseDetailView.as_view(), name="exercise"),
    path("exercises/<uuid:pk>/edit/", training_views.ExerciseFormView.as_view(), name="exercise-edit"),
    path("exercises/<uuid:pk>/findings/", training_views.ExerciseFindingView.as_view(), name="exercise-finding"),
    path("import/", training_views.TrainingImportView.as_view(), name="import"),
]
