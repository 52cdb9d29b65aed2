from django.http import JsonResponse
from django.views import View
from django.views.i18n import set_language

from peaceops.access.views import PublicViewMixin, SecuredTemplateView, public_view
from peaceops.people.choices import Service

from .selectors import dashboard_figures


class DashboardView(SecuredTemplateView):
    template_name = "core/dashboard.html"

    def get_context_data(self, **kwargs):
        figures = dashboard_figures(actor=self.actor)
        figures["by_service_labelled"] = [
            (Service(code).label, count) for code, count in sorted(figures["by_service"].items(), key=lambda i: -i[1])
        ]
        from peaceops.decisions.selectors import dashboard_figures as decisions_figures

        decisions = decisions_figures(actor=self.actor)
        # The figures are drawn from marked records: the banner carries their highest marking.
        return super().get_context_data(figures=figures, decisions=decisions,
                                        aggregate_markings=[figures["marking"], decisions["marking"]], **kwargs)


class HealthView(PublicViewMixin, View):
    """Liveness for load balancers: says nothing about the data."""

    def get(self, request):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})


language_switch = public_view(set_language)
