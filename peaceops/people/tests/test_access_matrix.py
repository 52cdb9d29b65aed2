"""People, passports and next of kin in the shared access matrix (see peaceops.access.testing)."""

from django.urls import reverse

from peaceops.access.testing import AccessMatrixMixin, json_count, stat_value

from ..models import NextOfKin, Passport, Person
from .factories import NextOfKinFactory, PassportFactory, PersonFactory

EVERY_AGENCY = ("VDPO", "MOD", "MFA", "MPS", "MOH")


def marking_kwargs(case, today):
    return {
        "level_id": case.level, "owner": case.owner, "compartments": case.compartments,
        "released": case.released, "declassify_on": case.declassify_on(today),
        "downgrade_level_id": case.downgrade_level,
    }


class TestPersonAccessMatrix(AccessMatrixMixin):
    model = Person
    listed_in_apps = ("org", "readiness", "missions", "planning", "documents")

    def make(self, case, marker, today):
        return PersonFactory(given_name=marker, **marking_kwargs(case, today))

    def check_counts(self, persona, api, web, expected, today):
        assert json_count(api.get(reverse("api:person-list"))) == expected, persona
        assert stat_value(web.get(reverse("core:dashboard")).content.decode(), "people") == expected, persona


class TestPassportAccessMatrix(AccessMatrixMixin):
    model = Passport
    listed_in_apps = ("readiness",)
    expects_routes = False
    marker_prefix = "PZ"

    def make(self, case, marker, today):
        host = PersonFactory(level_id=0, owner="VDPO", released=EVERY_AGENCY)
        return PassportFactory(person=host, number=marker, **marking_kwargs(case, today))

    def pages_showing(self, obj):
        return [reverse("people:detail", args=[obj.person_id])]


class TestNextOfKinAccessMatrix(AccessMatrixMixin):
    model = NextOfKin
    expects_routes = False
    marker_prefix = "KZ"

    def make(self, case, marker, today):
        host = PersonFactory(level_id=0, owner="VDPO", released=EVERY_AGENCY)
        return NextOfKinFactory(person=host, name=marker, **marking_kwargs(case, today))

    def pages_showing(self, obj):
        return [reverse("people:detail", args=[obj.person_id])]
