"""The matrix by gender and the dashboard built on it: eligible women per post type and the people
eligible for at least one post type of a UN category agree with the engine person by person (rest
between tours included); the dashboard costs the same queries whatever the number of people."""

import datetime as dt

import pytest

from peaceops.people.choices import Gender
from peaceops.readiness import selectors
from peaceops.readiness.dashboard import dashboard, parity_reference
from peaceops.readiness.matrix import eligibility_matrix

from .conftest import TOUR_FROM, nurse
from .test_matrix import TOUR, engine_verdicts, last_tours  # noqa: F401 (a fixture)
from .test_pool import random_people, reads

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 15)  # selectors.default_tour(TODAY) is the test tour


def test_the_test_tour_is_the_dashboards_default_tour():
    assert selectors.default_tour(TODAY) == TOUR


def expected_by_gender(actor, post_types):
    verdicts, _facts, _in_force = engine_verdicts(actor, post_types, TOUR)
    women = {p.pk for p in selectors.policy_for(selectors.Person).scope(actor, "view") if p.gender == Gender.FEMALE}
    return verdicts, women


@pytest.mark.parametrize("persona", ["planner", "health", "admin"])
def test_eligible_women_and_category_unions_agree_with_the_engine(reference, actors, last_tours, persona):  # noqa: F811
    people = random_people(70, seed=11)
    people += [nurse(marker=f"Gn{index}", gender="M") for index in range(6)]  # eligible for NURSE at least
    for index, person in enumerate(people):
        if index % 2:
            person.gender = Gender.FEMALE
            person.save(update_fields=["gender"])
    for index, person in enumerate(people[::3]):  # short of rest for some post types, not for others
        last_tours[person.pk] = TOUR_FROM - dt.timedelta(days=(20, 250, 420, 1000)[index % 4])
    actor = actors[persona]
    post_types = list(selectors.post_type_list(actor=actor))
    verdicts, women = expected_by_gender(actor, post_types)
    matrix = eligibility_matrix(actor=actor, tour=TOUR, post_types=post_types, by_gender=True)
    plain = {r.post_type.code: r for r in eligibility_matrix(actor=actor, tour=TOUR, post_types=post_types).rows}
    assert sum(r.eligible for r in matrix.rows) > 0
    for row in matrix.rows:
        code = row.post_type.code
        eligible = {pid for pid, v in verdicts.items() if v[code] == ""}
        assert (row.eligible, row.women) == (len(eligible), len(eligible & women)), code
        assert (row.eligible, row.first_failing, row.fails) == (plain[code].eligible, plain[code].first_failing,
                                                               plain[code].fails), code
        assert plain[code].women is None
    categories = {}
    for post_type in post_types:
        categories.setdefault(post_type.category, []).append(post_type.code)
    groups = [*categories.values(), [p.code for p in post_types], ["NURSE", "IPO"], []]
    for codes in groups:
        anyone = {pid for pid, v in verdicts.items() if any(v.get(code) == "" for code in codes)}
        assert matrix.eligible_in_any(codes) == (len(anyone), len(anyone & women)), codes


def test_eligible_in_any_needs_a_matrix_by_gender(reference, actors):
    with pytest.raises(ValueError):
        eligibility_matrix(actor=actors["admin"], tour=TOUR).eligible_in_any(["NURSE"])


def test_someone_short_of_rest_for_every_post_type_leaves_the_category(reference, actors, last_tours):  # noqa: F811
    rested, tired = nurse(marker="G1", gender="F"), nurse(marker="G2", gender="F")
    last_tours[tired.pk] = TOUR_FROM - dt.timedelta(days=5)
    matrix = eligibility_matrix(actor=actors["admin"], tour=TOUR, by_gender=True)
    row = next(r for r in matrix.rows if r.post_type.code == "NURSE")
    assert (row.eligible, row.women) == (1, 1)
    assert matrix.eligible_in_any(["NURSE"]) == (1, 1)
    assert rested.pk != tired.pk


def test_the_dashboard_takes_its_counts_from_the_matrix(reference, actors):
    random_people(40, seed=9)
    for index in range(3):
        nurse(marker=f"Dash{index}", gender="F" if index else "M")
    actor = actors["planner"]
    board = dashboard(actor=actor, today=TODAY)
    matrix = eligibility_matrix(actor=actor, tour=TOUR, by_gender=True)
    rows = {r.post_type.code: r for r in matrix.rows}
    for post in board.posts:
        assert (post.eligible, post.women, post.has_rules) == (rows[post.code].eligible, rows[post.code].women, True)
    categories = {e["code"]: e["post_categories"] for e in parity_reference()["categories"]}
    for share in board.categories:
        codes = [r.post_type.code for r in matrix.rows if r.post_type.category in categories[share.code]]
        assert (share.eligible, share.women) == matrix.eligible_in_any(codes)
    assert next(p for p in board.posts if p.code == "NURSE").eligible >= 3


# The post types, then the matrix (qualification types, rule sets, the statement, the last tours), then the
# records expiring soon: their count per type and the first page of them.
DASHBOARD_READS = 1 + 4 + 2


@pytest.mark.parametrize("size", [10, 60])
def test_the_dashboard_costs_the_same_queries_for_10_and_60_people(reference, actors, last_tours, size):  # noqa: F811
    random_people(size, seed=3)
    with reads(DASHBOARD_READS):
        dashboard(actor=actors["planner"], today=TODAY)
