"""Readiness pages of the matrix and of units: every post type × everyone the reader may see for a
tour, and a unit against its table of organisation."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.policies import policy_for
from peaceops.access.views import SecuredTemplateView, SecuredView
from peaceops.core.errors import ServiceError

from . import eligibility as engine
from . import selectors
from .forms import EvidenceForm, tour_from
from .matrix import eligibility_matrix, matrix_dict
from .models import PostType
from .unit_models import PCRSCriterion, UnitReadinessEvidence

# The reasons table's columns: the engine's checks, the qualifications of each post type in one column.
MATRIX_COLUMNS = (engine.RANK, engine.SERVICE, engine.AGE, engine.ENGLISH, engine.QUALIFICATION, engine.MEDICAL,
                  engine.VETTING, engine.PASSPORT, engine.REST)


def matrix_table(body: dict) -> list[dict]:
    """Each post type's row with its checks placed under MATRIX_COLUMNS (several qualifications share a cell)."""
    rows = []
    for row in body["post_types"]:
        cells: dict[str, list] = {column: [] for column in MATRIX_COLUMNS}
        for check in row["checks"]:
            cells[check["check"].split(":", 1)[0]].append(check)
        rows.append({**row, "cells": [cells[column] for column in MATRIX_COLUMNS]})
    return rows


class MatrixView(SecuredTemplateView):
    """How many people may be sent to each post type for one tour, and how many fail each rule."""

    model = PostType
    template_name = "readiness/matrix.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = tour_from(self.request.GET, defaults=selectors.default_tour(timezone.localdate()))
        context.update(form=form, columns=[_column_label(c) for c in MATRIX_COLUMNS])
        if form.is_valid():
            matrix = eligibility_matrix(actor=self.actor, tour=form.tour)
            body = matrix_dict(matrix)
            context.update(matrix=matrix, body=body, rows=matrix_table(body), tour=form.tour,
                           any_hidden=any(row.hidden for row in matrix.rows))
        return context


def _column_label(check: str) -> str:
    from . import wording

    if check == engine.QUALIFICATION:
        return _("Courses and qualifications")
    if check == engine.MEDICAL:
        return _("Medical fitness")
    if check == engine.VETTING:
        return _("Vetting")
    return wording.check_label(check, {})


class UnitListView(SecuredTemplateView):
    """Units with a table of organisation, each with its readiness for the default tour."""

    model = PostType
    template_name = "readiness/units/list.html"

    def get_context_data(self, **kwargs):
        from .units import readiness_summary, unit_list, unit_readiness

        context = super().get_context_data(**kwargs)
        form = tour_from(self.request.GET, defaults=selectors.default_tour(timezone.localdate()))
        context.update(form=form, rows=[])
        if form.is_valid():
            rows = []
            for unit in unit_list(actor=self.actor):
                summary = readiness_summary(unit_readiness(actor=self.actor, unit=unit, tour=form.tour))
                rows.append({"unit": unit, "summary": summary, "level_label": level_label(summary["level"]),
                             "percent": round(100 * summary["share"]) if summary["share"] is not None else None})
            context.update(rows=rows, tour=form.tour, query=urlencode({"from": form.tour.start.isoformat(),
                                                                        "to": form.tour.end.isoformat()}))
        return context


def _label_reasons(readiness) -> None:
    """Each line's first failing checks by name ("English", "Nursing diploma") for the page."""
    from . import wording
    from .models import QualificationType

    types = {t.code: t for t in QualificationType.objects.all()}
    for line in readiness.lines:
        line.reason_labels = [(wording.check_label(check, types), n) for check, n in line.reasons]


def level_label(code: str | None) -> str:
    """A PCRS level's name (missions' choices), or "" for none."""
    if not code:
        return ""
    from peaceops.missions.choices import PCRSLevel

    return str(dict(PCRSLevel.choices).get(code, code))


class UnitReadinessView(SecuredTemplateView):
    """One unit against its table of organisation for a tour: posts filled, gaps by skill, PCRS level."""

    model = PostType
    template_name = "readiness/units/detail.html"

    def get_context_data(self, **kwargs):
        from .units import unit_get, unit_readiness

        context = super().get_context_data(**kwargs)
        unit = unit_get(actor=self.actor, code=self.kwargs["code"])
        context["may_record"] = policy_for(UnitReadinessEvidence).allows(self.actor, "create")
        form = tour_from(self.request.GET, defaults=selectors.default_tour(timezone.localdate()))
        context.update(unit=unit, form=form)
        if form.is_valid():
            readiness = unit_readiness(actor=self.actor, unit=unit, tour=form.tour)
            _label_reasons(readiness)
            context.update(readiness=readiness, tour=form.tour, level_label=level_label(readiness.level),
                           pledge_level_label=level_label(readiness.pledge_level),
                           share_percent=round(100 * readiness.share) if readiness.share is not None else None)
        return context


class UnitEvidenceView(SecuredView):
    """Record evidence for one PCRS criterion of a unit (GET the form, POST it). Who may not record
    evidence, or asks for a unit without a table of organisation, gets a 404. With HTMX the form
    answers with itself (errors) or sends the browser to the unit's criteria."""

    model = UnitReadinessEvidence
    template_name = "readiness/units/evidence_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            from .units import unit_get

            if not policy_for(UnitReadinessEvidence).allows(request.actor, "create"):
                raise Http404
            self.unit = unit_get(actor=request.actor, code=kwargs["code"])
        return super().dispatch(request, *args, **kwargs)

    def form(self):
        initial = {"on": timezone.localdate()}
        if self.request.GET.get("criterion") in PCRSCriterion.values:
            initial["criterion"] = self.request.GET["criterion"]
        return EvidenceForm(self.request.POST or None, actor=self.actor, initial=initial)

    def render_form(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "unit": self.unit}, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_form(self.form())

    def post(self, request, *args, **kwargs):
        from .units import evidence_record

        form = self.form()
        if form.is_valid():
            data = form.cleaned_data
            try:
                evidence_record(actor=self.actor, unit=self.unit, criterion=data["criterion"],
                                outcome=data["outcome"], on=data["on"], evidence=data["evidence"],
                                reference=data["reference"], assessed_by=data["assessed_by"],
                                marking=form.marking())
            except ServiceError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error.message))
            else:
                messages.success(request, _("Evidence recorded."))
                target = reverse("readiness:unit", args=[self.unit.code]) + f"#criterion-{data['criterion']}"
                if request.htmx:
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = target
                    return response
                return redirect(target)
        return self.render_form(form, status=400)
