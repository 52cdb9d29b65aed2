"""Unit readiness: posts filled by eligible members (one post each), gaps by skill, PCRS evidence."""

import datetime as dt

import pytest
from django.urls import reverse

from peaceops.access.marking import Marking
from peaceops.audit.models import AuditEvent
from peaceops.core.errors import NotPermitted
from peaceops.org.models import Unit
from peaceops.readiness import eligibility as engine
from peaceops.readiness.unit_models import TablePostType, UnitReadinessEvidence
from peaceops.readiness.units import evidence_record, unit_readiness

from .conftest import TOUR_FROM, TOUR_TO, nurse

pytestmark = pytest.mark.django_db
TOUR = engine.Tour(TOUR_FROM, TOUR_TO)


@pytest.fixture
def hospital(reference):
    return Unit.objects.get(code="L2FH-7")


def test_the_hospital_has_63_posts_and_the_nurses_line_is_mapped_to_the_nurse_rules(hospital, actors):
    readiness = unit_readiness(actor=actors["admin"], unit=hospital, tour=TOUR)
    assert readiness.posts == 63
    nurses = next(line for line in readiness.lines if line.post_code == "NURSE")
    assert nurses.post_type.code == "NURSE" and nurses.count == 20
    assert TablePostType.objects.filter(post_code="STAFF", post_type_code="SO").exists()


def test_eligible_members_fill_posts_and_the_rest_is_the_gap(hospital, actors):
    for index in range(3):
        nurse(marker=f"U{index}", unit=hospital)
    nurse(marker="Ux", unit=hospital, english="A1")
    readiness = unit_readiness(actor=actors["admin"], unit=hospital, tour=TOUR)
    nurses = next(line for line in readiness.lines if line.post_code == "NURSE")
    medics = next(line for line in readiness.lines if line.post_code == "MEDIC")
    # a nurse eligible for NURSE and MEDIC fills one post only
    assert nurses.filled + medics.filled == 3
    assert nurses.gap + medics.gap == 26 - 3
    assert dict(nurses.reasons).get("english") == 1
    assert readiness.filled == 3 and readiness.members == 4


def test_the_pcrs_level_needs_every_lower_criterion(hospital, actors):
    marking = Marking(level=0, owning_agency_id=actors["planner"].agency_ids and sorted(actors["planner"].agency_ids)[0])
    evidence_record(actor=actors["planner"], unit=hospital, criterion="aav_passed", outcome="met",
                    on=dt.date(2026, 6, 1), evidence="AAV report", marking=marking)
    readiness = unit_readiness(actor=actors["planner"], unit=hospital, tour=TOUR)
    assert readiness.level is None  # no pledge registered: level 1 is not reached, so neither is level 2
    evidence_record(actor=actors["planner"], unit=hospital, criterion="pledge_registered", outcome="met",
                    on=dt.date(2026, 5, 1), evidence="Registered in UN Force Link", marking=marking)
    readiness = unit_readiness(actor=actors["planner"], unit=hospital, tour=TOUR)
    assert readiness.level == "level_2"
    assert AuditEvent.objects.filter(action="readiness.unit_evidence.create").count() == 2


def test_evidence_above_the_reader_counts_but_shows_as_hidden(hospital, actors):
    admin = actors["admin"]
    marking = Marking(level=3, owning_agency_id=sorted(admin.agency_ids)[0])
    evidence_record(actor=admin, unit=hospital, criterion="pledge_registered", outcome="met",
                    on=dt.date(2026, 5, 1), evidence="Secret annex", marking=marking)
    readiness = unit_readiness(actor=actors["public"], unit=hospital, tour=TOUR)
    criterion = readiness.criteria[0]
    assert criterion.met and criterion.evidence[0]["hidden"] and criterion.evidence[0]["text"] == ""


def test_a_reader_without_the_role_may_not_record_evidence(hospital, actors):
    with pytest.raises(NotPermitted):
        evidence_record(actor=actors["health"], unit=hospital, criterion="aav_passed", outcome="met",
                        on=dt.date(2026, 6, 1), evidence="x",
                        marking=Marking(level=0, owning_agency_id=sorted(actors["health"].agency_ids)[0]))
    assert not UnitReadinessEvidence.objects.unrestricted().exists()


def test_the_unit_page_shows_posts_gaps_and_criteria(hospital, client_for):
    nurse(marker="Pg1", unit=hospital)
    web = client_for("planner")
    response = web.get(reverse("readiness:unit", args=["L2FH-7"]) + f"?from={TOUR_FROM}&to={TOUR_TO}")
    text = response.content.decode()
    assert response.status_code == 200
    assert 'data-post="NURSE"' in text and 'data-criterion="aav_passed"' in text
    assert web.get(reverse("readiness:units")).status_code == 200
    assert web.get(reverse("readiness:unit", args=["NOPE"])).status_code == 404


def test_the_unit_page_costs_the_same_queries_for_1_and_5_members(hospital, client_for, django_assert_max_num_queries):
    web = client_for("planner")
    url = reverse("readiness:unit", args=["L2FH-7"]) + f"?from={TOUR_FROM}&to={TOUR_TO}"
    nurse(marker="Q1", unit=hospital)
    web.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        web.get(url)
    for index in range(4):
        nurse(marker=f"Q{index + 2}", unit=hospital)
    with CaptureQueriesContext(connection) as five:
        web.get(url)
    assert len(five) == len(one)
