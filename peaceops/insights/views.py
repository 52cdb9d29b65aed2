"""Insights pages: contributions against peers (chart, table, CSV) and fatality rates per mission."""

import csv
import json

from django.http import HttpResponse
from django.utils.translation import gettext as _

from peaceops.access.views import SecuredTemplateView, SecuredView

from . import selectors
from .choices import FatalityScope, Measure
from .forms import ContributionQueryForm, FatalityQueryForm
from .models import Dataset


def contribution_form(data, actor):
    return ContributionQueryForm(
        data, countries=selectors.country_names(actor=actor), groups=selectors.peer_groups(),
        default_country=selectors.HOME_COUNTRY, default_peers=selectors.DEFAULT_PEERS)


def contribution_table(actor, form):
    data = form.cleaned_data
    return selectors.contribution_series(actor=actor, country=data["country"], peers=form.peer_codes(),
                                         series=data["series"], measure=data["measure"], start=data.get("start"),
                                         end=data.get("end"))


class ContributionsView(SecuredTemplateView):
    template_name = "insights/contributions.html"
    model = Dataset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = contribution_form(self.request.GET, self.actor)
        table = contribution_table(self.actor, form) if form.is_valid() else None
        chart = None
        if table is not None:
            chart = {"labels": table.periods,
                     "datasets": [{"label": table.names[c], "code": c, "data": table.values[c]} for c in table.columns],
                     "percent": table.measure == Measure.WOMEN_SHARE,
                     "log": form.cleaned_data["scale"] == "log" and table.measure != Measure.WOMEN_SHARE}
        measure = form.cleaned_data.get("measure") if form.is_valid() else None
        context.update(form=form, table=table, chart=chart, measure_label=dict(Measure.choices).get(measure, ""),
                       ranking=selectors.latest_ranking(actor=self.actor),
                       groups=selectors.peer_groups(),
                       query=self.request.GET.urlencode())
        return context


class ContributionsExportView(SecuredView):
    model = Dataset

    def get(self, request):
        form = contribution_form(request.GET, self.actor)
        if not form.is_valid():
            return HttpResponse(json.dumps({"detail": _("Bad query."), "errors": form.errors}), status=400,
                                content_type="application/json")
        table = contribution_table(self.actor, form)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="contributions-{table.series}-{table.measure}.csv"'
        response.write("\ufeff")  # so that spreadsheet programs read UTF-8
        writer = csv.writer(response)
        writer.writerow([_("Period"), *[f"{table.names[c]} ({c})" for c in table.columns]])
        for period, values in table.rows():
            writer.writerow([period, *["" if v is None else v for v in values]])
        return response


# The page hides missions under this many personnel-years by default: one death moves their rate a lot.
PAGE_MIN_PERSON_YEARS = 1000


class FatalitiesView(SecuredTemplateView):
    template_name = "insights/fatalities.html"
    model = Dataset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = FatalityQueryForm(self.request.GET)
        rows, pooled, types, minimum = [], None, [], PAGE_MIN_PERSON_YEARS
        if form.is_valid():
            rows, pooled, types = selectors.fatality_rates(actor=self.actor, scope=form.cleaned_data["scope"])
            if "min_years" in self.request.GET:
                minimum = form.cleaned_data["min_years"]
            # Missions without a strength stay listed apart; the others need enough personnel-years.
            rows = [r for r in rows if r.result.rate() is None or r.result.person_years >= minimum]
        from peaceops.missions.selectors import mission_acronyms

        context.update(form=form, rows=rows, pooled=pooled, incident_types=types, min_years=minimum,
                       with_rate=[r for r in rows if r.result.rate() is not None],
                       without_rate=[r for r in rows if r.result.rate() is None],
                       coverage=selectors.coverage(actor=self.actor),
                       uniformed=sorted(selectors.UNIFORMED_TYPES),
                       scope_all=form.is_valid() and form.cleaned_data["scope"] == FatalityScope.ALL,
                       missions=mission_acronyms(actor=self.actor))
        return context


class DatasetsView(SecuredTemplateView):
    template_name = "insights/datasets.html"
    model = Dataset

    def get_context_data(self, **kwargs):
        from peaceops.missions import reference as missions_reference

        context = super().get_context_data(**kwargs)
        fixes = json.loads((missions_reference.HERE / "fixes.json").read_text(encoding="utf-8"))
        # The substantive corrections first, then the decimal commas.
        ordered = sorted(fixes["fixes"], key=lambda f: (f["reason"].startswith("decimal comma"), f["row_id"]))
        context.update(datasets=selectors.dataset_list(actor=self.actor), mission_fixes=ordered,
                       mission_notes=fixes["notes"], mission_checked=fixes["checked_not_changed"])
        return context
