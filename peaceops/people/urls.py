from django.urls import path, re_path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.PersonListView.as_view(), name="list"),
    path("new/", views.PersonCreateView.as_view(), name="create"),
    path("import/", views.PersonImportView.as_view(), name="import"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.PersonExportView.as_view(), name="export"),
    path("<uuid:pk>/", views.PersonDetailView.as_view(), name="detail"),
    path("<uuid:pk>/edit/", views.PersonUpdateView.as_view(), name="edit"),
    path("<uuid:pk>/passports/new/", views.PassportAddView.as_view(), name="passport-add"),
    path("<uuid:pk>/next-of-kin/new/", views.NextOfKinAddView.as_view(), name="kin-add"),
]
