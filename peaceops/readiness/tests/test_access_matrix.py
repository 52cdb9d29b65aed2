"""Qualification records in the shared access matrix (see peaceops.access.testing)."""

from django.urls import reverse

from peaceops.access.testing import AccessMatrixMixin, json_count
from peaceops.people.tests.factories import PersonFactory
from peaceops.people.tests.test_access_matrix import EVERY_AGENCY, marking_kwargs

from ..models import Qualification
from .factories import QualificationFactory


class TestQualificationAccessMatrix(AccessMatrixMixin):
    model = Qualification
    listed_in_apps = ("people",)
    marker_prefix = "QZ"

    def build(self, today):
        from peaceops.access.context import system_scope

        from ..services import reference_load

        with system_scope("test: readiness reference") as actor:
            reference_load(actor=actor)
        return super().build(today)

    def make(self, case, marker, today):
        host = PersonFactory(level_id=0, owner="VDPO", released=EVERY_AGENCY)
        return QualificationFactory(person=host, type_code="ENGLISH", result="B2", reference=marker,
                                    **marking_kwargs(case, today))

    def pages_showing(self, obj):
        return [reverse("readiness:person", args=[obj.person_id])]

    def check_counts(self, persona, api, web, expected, today):
        assert json_count(api.get(reverse("api:qualification-list"))) == expected, persona
