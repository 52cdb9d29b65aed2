from django.urls import include, path

urlpatterns = [
    path("", include("peaceops.core.urls")),
    path("accounts/", include("peaceops.accounts.urls")),
    path("people/", include("peaceops.people.urls")),
    path("readiness/", include("peaceops.readiness.urls")),
    path("org/", include("peaceops.org.urls")),
    path("audit/", include("peaceops.audit.urls")),
    path("documents/", include("peaceops.documents.urls")),
    path("missions/", include("peaceops.missions.urls")),
    path("insights/", include("peaceops.insights.urls")),
    path("decisions/", include("peaceops.decisions.urls")),
    path("planning/", include("peaceops.planning.urls")),
    path("logistics/", include("peaceops.logistics.urls")),
    path("welfare/", include("peaceops.welfare.urls")),
    path("legal/", include("peaceops.legal.urls")),
    path("partners/", include("peaceops.partners.urls")),
    path("api/", include("peaceops.api.urls")),
]

handler404 = "peaceops.core.errors_views.not_found"
handler500 = "peaceops.core.errors_views.server_error"
