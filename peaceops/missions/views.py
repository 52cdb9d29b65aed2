"""Missions pages: the catalogue (filters, sorting, pagination, search) and a mission's page."""

from django.utils import timezone

from peaceops.access.views import SecuredDetailView, SecuredListView

from . import selectors
from .choices import MissionStatusChoice
from .filters import MissionFilter
from .models import Mission
from .tables import MISSION_COLUMNS, MISSION_SORTS


class MissionListView(SecuredListView):
    model = Mission
    filterset_class = MissionFilter
    template_name = "missions/mission_list.html"
    sort_fields = MISSION_SORTS
    default_sort = "acronym"
    paginate_by = 25

    def base_queryset(self):
        return selectors.mission_list(actor=self.actor)

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return ["missions/_mission_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = MISSION_COLUMNS
        context["today"] = timezone.localdate()
        context["operating_now"] = selectors.mission_list(actor=self.actor).active_on(context["today"]).count()
        context["status_labels"] = dict(MissionStatusChoice.choices)
        return context


class MissionDetailView(SecuredDetailView):
    model = Mission
    template_name = "missions/mission_detail.html"
    audit_reads = False  # unclassified reference data: reading it is not audited

    def get_queryset(self):
        return selectors.mission_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        from peaceops.insights import selectors as insights

        context = super().get_context_data(**kwargs)
        mission = self.object
        context.update(
            statuses=list(selectors.mission_statuses(actor=self.actor, mission=mission)),
            status_labels=dict(MissionStatusChoice.choices),
            contribution=insights.mission_contribution(actor=self.actor, mission=mission.acronym),
            fatalities=insights.mission_fatalities(actor=self.actor, mission=mission.acronym),
            home_country=insights.country_label(insights.HOME_COUNTRY),
            today=timezone.localdate(),
        )
        return context
