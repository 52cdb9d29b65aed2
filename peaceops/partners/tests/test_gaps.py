"""The gap view against a small hand-computed fixture: four nurses of the field hospital the planner may
see and one she may not, and offers on both sides of every matching rule.

For the NURSE post type (English A2 or better, a nursing licence, … — the shipped rules):
  N1 eligible · N2 English A1 · N3 no nursing licence · N4 English A1 and no licence · N5 (hidden) English A1
  → the planner counts 2 short of English (both first blockers) and 2 short of the licence (1 first blocker);
    the administrator, who also sees N5, counts 3 short of English.
The hospital's 20 nurse posts: at most one is filled (by N1, unless unit readiness puts her on a more
demanding post); the members lack English and the licence.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peaceops.org.models import Unit
from peaceops.partners.shortfalls import gap_report
from peaceops.people.tests.factories import PassportFactory, PersonFactory
from peaceops.readiness import eligibility as engine
from peaceops.readiness.tests.factories import QualificationFactory, service_start

from .conftest import make_offer, make_partner, make_request

pytestmark = pytest.mark.django_db
TOUR = engine.Tour(dt.date(2027, 3, 1), dt.date(2028, 2, 29))
SEEN = dict(level_id=1, owner="VDPO", released=("MOD", "MOH"))
HIDDEN = dict(level_id=2, owner="MFA", released=())


def nurse(marker, *, english="B1", licence=True, unit=None, marking=SEEN):
    person = PersonFactory(rank="OF-2", service="medical", date_of_birth=dt.date(1990, 5, 1), given_name=marker,
                           unit=unit, **marking)
    service_start(person)
    records = {k: v for k, v in marking.items() if k != "level_id"}
    if english:
        QualificationFactory(person=person, type_code="ENGLISH", result=english, valid_until=dt.date(2028, 1, 1),
                             **records)
    if licence:
        QualificationFactory(person=person, type_code="NURSING", result="completed", **records)
    QualificationFactory(person=person, type_code="CONTINGENT_PDT", result="completed", **records)
    QualificationFactory(person=person, type_code="MEDICAL", result="fit", valid_until=dt.date(2028, 6, 30),
                         level_id=1, compartments=("MEDICAL",), **records)
    QualificationFactory(person=person, type_code="VETTING", result="cleared", valid_until=dt.date(2028, 1, 1),
                         level_id=1, compartments=("PERSONAL-DATA",), **records)
    PassportFactory(person=person, expires_on=dt.date(2030, 1, 1), level_id=1, compartments=("PERSONAL-DATA",),
                    **records)
    return person


@pytest.fixture
def nurses(reference):
    hospital = Unit.objects.get(code="L2FH-7")
    nurse("N1", unit=hospital)
    nurse("N2", english="A1", unit=hospital)
    nurse("N3", licence=False, unit=hospital)
    nurse("N4", english="A1", licence=False, unit=hospital)
    nurse("N5", english="A1", unit=hospital, marking=HIDDEN)
    return hospital


@pytest.fixture
def offers(admin, nurses):
    partner = make_partner(admin, code="LANG")
    return {
        "english_b1": make_offer(admin, partner, title="English B1", quantity=10, qualification="ENGLISH", level="B1"),
        "english_a1": make_offer(admin, partner, title="English A1", quantity=5, qualification="ENGLISH", level="A1"),
        "english_any": make_offer(admin, partner, title="English, no level", qualification="ENGLISH"),
        "nursing": make_offer(admin, partner, title="Nursing licence", quantity=3, qualification="NURSING",
                              post_type="NURSE"),
        "lapsed": make_offer(admin, partner, title="Lapsed nursing", qualification="NURSING", starts=-10, lasts=9),
        "closed": make_offer(admin, partner, title="Closed nursing", qualification="NURSING", status="closed"),
        "surgeons": make_offer(admin, partner, title="Nursing for surgeons", qualification="NURSING",
                               post_type="SURGEON"),
    }


def gaps_by_key(report):
    return {gap.key: gap for gap in report.people + report.units}


def titles(gap):
    return sorted(offer.title for offer in gap.offers)


def test_the_planner_counts_only_the_nurses_she_may_see(planner, offers):
    gaps = gaps_by_key(gap_report(actor=planner, tour=TOUR))
    english = gaps["people:NURSE:english"]
    assert (english.short, english.first) == (2, 2)
    licence = gaps["people:NURSE:qualification:NURSING"]
    assert (licence.short, licence.first) == (2, 1)


def test_the_administrator_also_counts_the_nurse_hidden_from_the_planner(admin, offers):
    gaps = gaps_by_key(gap_report(actor=admin, tour=TOUR))
    assert gaps["people:NURSE:english"].short == 3


def test_only_open_offers_to_the_required_level_and_post_type_match(planner, offers):
    gaps = gaps_by_key(gap_report(actor=planner, tour=TOUR))
    assert titles(gaps["people:NURSE:english"]) == ["English B1"]  # A1 is below A2; no level says nothing
    assert titles(gaps["people:NURSE:qualification:NURSING"]) == ["Nursing licence"]  # not lapsed, closed, surgeons'


def test_offered_and_covered_compare_the_offers_with_the_shortfall(admin, planner, offers):
    make_request(admin, offers["english_b1"], quantity=9)  # 9 of the 10 places held by a request she may see
    english = gaps_by_key(gap_report(actor=planner, tour=TOUR))["people:NURSE:english"]
    assert (english.offered, english.covered, english.remaining) == (1, 1, 1)
    licence = gaps_by_key(gap_report(actor=planner, tour=TOUR))["people:NURSE:qualification:NURSING"]
    assert (licence.offered, licence.covered, licence.remaining) == (3, 2, 0)


def test_a_request_the_planner_may_not_see_does_not_reduce_what_she_sees_offered(admin, planner, offers):
    from .conftest import marking

    make_request(admin, offers["english_b1"], quantity=9, mark=marking(level=1, owner="MOH", released=()))
    english = gaps_by_key(gap_report(actor=planner, tour=TOUR))["people:NURSE:english"]
    assert english.offered == 10


def test_the_hospitals_nurse_line_is_short_as_unit_readiness_says_and_matched_by_skill_and_by_what_members_lack(
        planner, offers, nurses):
    from peaceops.readiness.units import unit_readiness

    line = gaps_by_key(gap_report(actor=planner, tour=TOUR))["unit:L2FH-7:NURSE"]
    readiness = next(r for r in unit_readiness(actor=planner, unit=nurses, tour=TOUR).lines if r.post_code == "NURSE")
    # N1, the one eligible nurse, fills one post of the hospital: a nurse's post or a more demanding one
    assert line.posts == 20 and line.short == readiness.gap and line.short in (19, 20)
    assert titles(line) == ["English B1", "Nursing licence"]


def test_one_post_type_only(planner, offers):
    report = gap_report(actor=planner, tour=TOUR, post_type="NURSE")
    assert {gap.post_type.code for gap in report.people + report.units} == {"NURSE"}


def test_the_gap_page_shows_the_counts_and_drafts_a_request_from_a_match(client_for, offers):
    web = client_for("planner")
    response = web.get(reverse("partners:gaps") + "?from=2027-03-01&to=2028-02-29&post_type=NURSE")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="gap-people:NURSE:english"' in html
    row = html.split('data-testid="gap-people:NURSE:english"')[1].split("</tr>")[0]
    assert 'data-testid="short">2<' in row and 'data-testid="first">2<' in row and "English B1" in row
    draft = reverse("partners:request-create", args=[offers["english_b1"].pk])
    assert draft in row
    form = web.get(draft + "?quantity=2&title=English+for+nurses").content.decode()
    assert 'value="English for nurses"' in form and 'value="2"' in form


def test_the_gap_page_answers_bad_dates_with_the_reason(client_for, reference):
    html = client_for("planner").get(reverse("partners:gaps") + "?from=2027-03-01&to=2026-01-01").content.decode()
    assert "The tour cannot end before it starts." in html


def test_the_gap_page_costs_the_same_queries_for_one_and_three_more_nurses(client_for, offers, nurses):
    web = client_for("planner")
    url = reverse("partners:gaps") + "?from=2027-03-01&to=2028-02-29"
    web.get(url)
    with CaptureQueriesContext(connection) as before:
        web.get(url)
    for index in range(3):
        nurse(f"M{index}", english="A2", unit=nurses)
    with CaptureQueriesContext(connection) as after:
        web.get(url)
    assert len(after) == len(before)
