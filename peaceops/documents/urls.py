from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("search/", views.DocumentSearchView.as_view(), name="search"),
    path("import/", views.DocumentImportView.as_view(), name="import"),
    path("import/<uuid:pk>/", views.DocumentImportJobView.as_view(), name="import-job"),
    path("<uuid:pk>/", views.DocumentReadView.as_view(), name="detail"),
    path("<uuid:pk>/print/", views.DocumentPrintView.as_view(), name="print"),
    path("<uuid:pk>/pdf/", views.DocumentPdfView.as_view(), name="pdf"),
    path("<uuid:pk>/files/<uuid:attachment_pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("<uuid:pk>/links/", views.DocumentLinkCreateView.as_view(), name="link-add"),
    path("<uuid:pk>/links/<uuid:link_pk>/delete/", views.DocumentLinkDeleteView.as_view(), name="link-delete"),
    path("<uuid:pk>/downgrade/", views.DocumentDowngradeView.as_view(), name="downgrade"),
    path("citing/<slug:kind>/<uuid:pk>/", views.DocumentsCitingView.as_view(), name="citing"),
]
