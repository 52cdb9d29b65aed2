"""Readiness pages of the matrix and of units: every post type × everyone the reader may see for a
tour, and a unit against its table of organisation."""

from __future__ import annotations

from django.utils import timezone

from peaceops.access.views import SecuredTemplateView

from . import eligibility as engine
from . import selectors
from .forms import tour_from
from .matrix import eligibility_matrix, matrix_dict
from .models import PostType

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
    from django.utils.translation import gettext as _

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
        from .units import unit_list

        context = super().get_context_data(**kwargs)
        context["units"] = list(unit_list(actor=self.actor))
        return context


class UnitReadinessView(SecuredTemplateView):
    """One unit against its table of organisation for a tour: posts filled, gaps by skill, PCRS level."""

    model = PostType
    template_name = "readiness/units/detail.html"

    def get_context_data(self, **kwargs):
        from django.http import Http404

        from .units import unit_list, unit_readiness

        context = super().get_context_data(**kwargs)
        unit = unit_list(actor=self.actor).filter(code=self.kwargs["code"]).first()
        if unit is None:
            raise Http404
        form = tour_from(self.request.GET, defaults=selectors.default_tour(timezone.localdate()))
        context.update(unit=unit, form=form)
        if form.is_valid():
            readiness = unit_readiness(actor=self.actor, unit=unit, tour=form.tour)
            context.update(readiness=readiness, tour=form.tour,
                           share_percent=round(100 * readiness.share) if readiness.share is not None else None)
        return context
