"""Incidents, casualties and claims in the shared access matrix (see peaceops.access.testing).

Casualty records and claims always carry the CASUALTY compartment, so every marking case is built
with it added: the matrix then checks that each persona without the compartment (all but the
administrator) gets 404 on every route naming such a record, and finds its marker on no list, count,
export or search of any route, page or API.
"""

import dataclasses
import datetime as dt

import pytest
from django.urls import reverse

from peaceops.access.testing import MARKING_CASES, AccessMatrixMixin, json_count
from peaceops.people.tests.factories import MarkedFactory, PersonFactory

from ..models import Casualty, CompensationClaim, Incident

EVERY_AGENCY = ("VDPO", "MOD", "MFA", "MPS", "MOH")


class IncidentFactory(MarkedFactory):
    class Meta:
        model = Incident

    occurred_on = dt.date(2026, 1, 5)
    incident_type = "accident"


class CasualtyFactory(MarkedFactory):
    class Meta:
        model = Casualty

    status = "injured"


class ClaimFactory(MarkedFactory):
    class Meta:
        model = CompensationClaim

    kind = "disability"
    disability_percent = 20
    claimed_amount = 100


def marking_kwargs(case, today):
    return {"level_id": case.level, "owner": case.owner, "compartments": case.compartments,
            "released": case.released, "declassify_on": case.declassify_on(today),
            "downgrade_level_id": case.downgrade_level}


_counter = iter(range(10**6))


def mission():
    from peaceops.missions.models import Mission

    return Mission.objects.get_or_create(acronym="UNMISS", defaults={"name": "UNMISS"})[0]


def host_incident(**marking):
    number = next(_counter)
    marking = marking or {"level_id": 0, "owner": "VDPO", "released": EVERY_AGENCY}
    return IncidentFactory(reference=f"INC-T-{number:05d}", place=f"Place {number}", mission=mission(), **marking)


def open_person():
    return PersonFactory(level_id=0, owner="VDPO", released=EVERY_AGENCY)


class CasualtyCases:
    """Every marking case with the CASUALTY compartment added (the services never allow less)."""

    def build(self, today):
        records = []
        for index, case in enumerate(MARKING_CASES):
            case = dataclasses.replace(case, compartments=tuple(sorted({*case.compartments, "CASUALTY"})))
            marker = f"{self.marker_prefix}{index:02d}{case.name.replace('-', '')[:10]}"
            records.append((case, marker, self.make(case, marker, today)))
        return records


@pytest.mark.django_db
class TestIncidentAccessMatrix(AccessMatrixMixin):
    model = Incident
    marker_prefix = "Iq"

    def make(self, case, marker, today):
        return IncidentFactory(reference=f"INC-M-{next(_counter):05d}", place=marker, mission=mission(),
                               **marking_kwargs(case, today))

    def check_counts(self, persona, api, web, expected, today):
        assert json_count(api.get(reverse("api:welfare-incident-list"))) == expected, persona


@pytest.mark.django_db
class TestCasualtyAccessMatrix(CasualtyCases, AccessMatrixMixin):
    model = Casualty
    marker_prefix = "Kq"

    def make(self, case, marker, today):
        return CasualtyFactory(incident=host_incident(), person=open_person(), next_steps=marker,
                               **marking_kwargs(case, today))

    def pages_showing(self, obj):
        return [reverse("welfare:incident", args=[obj.incident_id])]

    def check_counts(self, persona, api, web, expected, today):
        assert json_count(api.get(reverse("api:welfare-casualty-list"))) == expected, persona
        html = web.get(reverse("welfare:index")).content.decode()
        assert f'data-stat="casualties">{expected}<' in html, persona


@pytest.mark.django_db
class TestClaimAccessMatrix(CasualtyCases, AccessMatrixMixin):
    model = CompensationClaim
    marker_prefix = "Wq"

    def make(self, case, marker, today):
        casualty = CasualtyFactory(incident=host_incident(), person=open_person(), level_id=0, owner="VDPO",
                                   compartments=("CASUALTY",), released=EVERY_AGENCY)
        return ClaimFactory(casualty=casualty, reference=f"CLM-T-{next(_counter):05d}", un_reference=marker[:60],
                            **marking_kwargs(case, today))

    def pages_showing(self, obj):
        return [reverse("welfare:incident", args=[obj.casualty.incident_id])]

    def check_counts(self, persona, api, web, expected, today):
        assert json_count(api.get(reverse("api:welfare-claim-list"))) == expected, persona
        html = web.get(reverse("welfare:index")).content.decode()
        assert f'data-stat="claims">{expected}<' in html, persona
