from django.urls import path

from . import views

app_name = "readiness"
urlpatterns = [
    path("", views.ReadinessIndexView.as_view(), name="index"),
    path("pool/", views.PoolView.as_view(), name="pool"),
    path("pool.csv", views.PoolExportView.as_view(), name="pool-export"),
    path("people/<uuid:pk>/", views.PersonReadinessView.as_view(), name="person"),
    path("people/<uuid:pk>/card/", views.PersonCardView.as_view(), name="person-card"),
]
