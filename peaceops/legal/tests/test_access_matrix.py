"""Instruments and discipline cases in the shared access matrix (see peaceops.access.testing). Discipline
cases always carry DISCIPLINE, so every marking case is built with it added."""

import dataclasses
import datetime as dt

import pytest
from django.urls import reverse

from peaceops.access.testing import MARKING_CASES, AccessMatrixMixin, json_count
from peaceops.missions.tests.factories import mission
from peaceops.people.tests.factories import MarkedFactory

from ..models import DisciplineCase, Instrument


class InstrumentFactory(MarkedFactory):
    class Meta:
        model = Instrument

    kind = "national_decision"
    status = "draft"
    parties = "Government"


class CaseFactory(MarkedFactory):
    class Meta:
        model = DisciplineCase

    category = "minor"
    reported_on = dt.date(2026, 6, 1)


def marking_kwargs(case, today):
    return {"level_id": case.level, "owner": case.owner, "compartments": case.compartments,
            "released": case.released, "declassify_on": case.declassify_on(today),
            "downgrade_level_id": case.downgrade_level}


_counter = iter(range(10**6))


@pytest.mark.django_db
class TestInstrumentAccessMatrix(AccessMatrixMixin):
    model = Instrument
    marker_prefix = "Lq"

    def make(self, case, marker, today):
        return InstrumentFactory(reference=f"T-{next(_counter):05d}", title=marker, **marking_kwargs(case, today))

    def check_counts(self, persona, api, web, expected, today):
        assert json_count(api.get(reverse("api:legal-instrument-list"))) == expected, persona


@pytest.mark.django_db
class TestDisciplineCaseAccessMatrix(AccessMatrixMixin):
    model = DisciplineCase
    marker_prefix = "Dq"

    def build(self, today):
        records = []
        for index, case in enumerate(MARKING_CASES):
            case = dataclasses.replace(case, compartments=tuple(sorted({*case.compartments, "DISCIPLINE"})))
            marker = f"{self.marker_prefix}{index:02d}{case.name.replace('-', '')[:10]}"
            records.append((case, marker, self.make(case, marker, today)))
        return records

    def make(self, case, marker, today):
        return CaseFactory(reference=f"CD-T-{next(_counter):05d}", mission=mission(), allegation=marker,
                           **marking_kwargs(case, today))

    def check_counts(self, persona, api, web, expected, today):
        assert json_count(api.get(reverse("api:legal-case-list"))) == expected, persona
