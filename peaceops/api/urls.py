from django.urls import include, path
from rest_framework.routers import SimpleRouter

from peaceops.decisions.api.views import ActionItemViewSet, ProposalViewSet
from peaceops.documents.api.imports import DocumentImportViewSet
from peaceops.documents.api.reading import DocumentLinkViewSet
from peaceops.documents.api.search import DocumentSearchViewSet
from peaceops.documents.api.views import DocumentViewSet
from peaceops.insights.api.views import ContributionSeriesViewSet, DatasetViewSet, FatalityRatesViewSet
from peaceops.legal.api.routes import ROUTES as LEGAL_ROUTES
from peaceops.logistics.api.routes import ROUTES as LOGISTICS_ROUTES
from peaceops.missions.api.routes import ROUTES as MISSIONS_ROUTES
from peaceops.missions.api.views import MissionViewSet
from peaceops.org.api.views import AgencyViewSet, UnitViewSet
from peaceops.partners.api.routes import ROUTES as PARTNERS_ROUTES
from peaceops.people.api.views import PersonViewSet
from peaceops.planning.api.routes import ROUTES as PLANNING_ROUTES
from peaceops.readiness.api.routes import ROUTES as READINESS_ROUTES
from peaceops.readiness.api.views import EligibilityViewSet, PoolViewSet, QualificationViewSet
from peaceops.welfare.api.routes import ROUTES as WELFARE_ROUTES

from . import views

router = SimpleRouter()
# Each app lists its newer routes in api/routes.py (most specific first); they go before the catalogue
# routes below, so that e.g. missions/requirements is not read as a mission's primary key.
for routes in (MISSIONS_ROUTES, PLANNING_ROUTES, READINESS_ROUTES, LOGISTICS_ROUTES, WELFARE_ROUTES, LEGAL_ROUTES,
               PARTNERS_ROUTES):
    for prefix, viewset, basename in routes:
        router.register(prefix, viewset, basename=basename)
router.register("agencies", AgencyViewSet, basename="agency")
router.register("units", UnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")
router.register("missions", MissionViewSet, basename="mission")
router.register("insights/datasets", DatasetViewSet, basename="insights-dataset")
router.register("insights/contributions", ContributionSeriesViewSet, basename="insights-contributions")
router.register("insights/fatality-rates", FatalityRatesViewSet, basename="insights-fatality-rates")
router.register("readiness/qualifications", QualificationViewSet, basename="qualification")
router.register("readiness/eligibility", EligibilityViewSet, basename="readiness-eligibility")
router.register("readiness/pool", PoolViewSet, basename="readiness-pool")
# Before "documents": otherwise documents/{pk}/ would take "imports" for a document id.
router.register("documents/imports", DocumentImportViewSet, basename="document-import")
# Before "documents": its detail route would otherwise take "search" for a primary key.
router.register("documents/search", DocumentSearchViewSet, basename="document-search")
router.register(r"documents/(?P<document_pk>[0-9a-fA-F-]{32,36})/links", DocumentLinkViewSet, basename="document-link")
router.register("documents", DocumentViewSet, basename="document")
router.register("decisions/proposals", ProposalViewSet, basename="proposal")
router.register("decisions/action-items", ActionItemViewSet, basename="action-item")

app_name = "api"
urlpatterns = [
    path("v1/", views.ApiRootView.as_view(), name="root"),
    path("v1/", include(router.urls)),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.SwaggerView.as_view(url_name="api:schema"), name="docs"),
]
