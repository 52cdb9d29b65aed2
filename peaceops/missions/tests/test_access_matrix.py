"""Deployments in the shared access matrix (see peaceops.access.testing): every persona, every marking."""

from django.urls import reverse

from peaceops.access.testing import AccessMatrixMixin, json_count
from peaceops.org.models import Unit
from peaceops.people.tests.factories import PersonFactory
from peaceops.people.tests.test_access_matrix import EVERY_AGENCY, marking_kwargs

from ..models import Deployment
from .factories import DeploymentFactory, RotationFactory


class TestDeploymentAccessMatrix(AccessMatrixMixin):
    model = Deployment
    listed_in_apps = ("people", "planning", "readiness", "legal")
    marker_prefix = "DZ"

    def build(self, today):
        self.rotation = RotationFactory(unit=Unit.objects.get(code="L2FH-7"), number=5)
        return super().build(today)

    def make(self, case, marker, today):
        host = PersonFactory(level_id=0, owner="VDPO", released=EVERY_AGENCY)
        return DeploymentFactory(person=host, rotation=self.rotation, notes=marker, **marking_kwargs(case, today))

    def pages_showing(self, obj):
        return [reverse("missions:rotation", args=[obj.rotation_id])]

    def check_counts(self, persona, api, web, expected, today):
        assert json_count(api.get(reverse("api:mission-deployment-list"))) == expected, persona
