from django.db.models import Count, Sum

from peaceops.access.views import SecuredDetailView, SecuredListView
from peaceops.core.selectors import aggregate_marking

from . import selectors
from .filters import UnitFilter
from .models import Agency, Unit


class AgencyListView(SecuredListView):
    model = Agency
    template_name = "org/agency_list.html"

    def base_queryset(self):
        return selectors.agency_list(actor=self.actor).annotate(unit_count=Count("units"))


class UnitListView(SecuredListView):
    model = Unit
    filterset_class = UnitFilter
    template_name = "org/unit_list.html"
    sort_fields = {"code": "code", "kind": "kind", "agency": "agency__code"}
    default_sort = "code"

    def base_queryset(self):
        return selectors.unit_list(actor=self.actor).annotate(posts=Sum("table_posts__count"))


class UnitDetailView(SecuredDetailView):
    model = Unit
    template_name = "org/unit_detail.html"
    audit_reads = False  # unclassified reference data

    def get_queryset(self):
        return selectors.unit_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_marking"] = context["page_marking"].merge(
            aggregate_marking(selectors.unit_people(actor=self.actor, unit=self.object)))
        table = list(selectors.unit_table(actor=self.actor, unit=self.object))
        strength = selectors.unit_visible_strength(actor=self.actor, unit=self.object)
        context.update(
            table=table,
            total_posts=sum(p.count for p in table),
            strength=strength,
            strength_total=sum(strength.values()),
            children=selectors.unit_list(actor=self.actor).filter(parent=self.object),
        )
        return context
