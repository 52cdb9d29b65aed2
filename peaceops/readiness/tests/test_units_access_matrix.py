"""PCRS evidence in the shared access matrix (see peaceops.access.testing): its API route answers 404
when the evidence is invisible, and no list, count or unit page shows its text or reference."""

import datetime as dt

import factory
from django.urls import reverse

from peaceops.access.testing import AccessMatrixMixin, json_count
from peaceops.org.models import Unit
from peaceops.people.tests.factories import MarkedFactory
from peaceops.people.tests.test_access_matrix import marking_kwargs

from ..unit_models import UnitReadinessEvidence


class UnitEvidenceFactory(MarkedFactory):
    class Meta:
        model = UnitReadinessEvidence

    unit = factory.LazyFunction(lambda: Unit.objects.get(code="L2FH-7"))
    criterion = "aav_passed"
    outcome = "met"
    on = dt.date(2026, 6, 1)
    evidence = "AAV report"


class TestUnitEvidenceAccessMatrix(AccessMatrixMixin):
    model = UnitReadinessEvidence
    marker_prefix = "UZ"

    def make(self, case, marker, today):
        return UnitEvidenceFactory(evidence=f"AAV report {marker}", reference=marker, **marking_kwargs(case, today))

    def pages_showing(self, obj):
        return [reverse("readiness:unit", args=["L2FH-7"])]

    def check_counts(self, persona, api, web, expected, today):
        assert json_count(api.get("/api/v1/readiness/unit-evidence/")) == expected, persona
