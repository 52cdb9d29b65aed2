"""Name search through the word index (FTS5 on SQLite, tsvector on PostgreSQL): each typed word begins a
word of the name or service number, diacritics optional, and the index follows edits and deletions."""

import datetime as dt

import pytest

from peaceops.access.marking import Marking

from ..selectors import person_list
from ..services import PersonData, person_create, person_update

pytestmark = pytest.mark.django_db


def register(actor, agency, number, family, middle, given):
    data = PersonData(service="army", rank="OF-2", service_number=number, family_name=family, middle_name=middle,
                      given_name=given, gender="M", date_of_birth=dt.date(1990, 1, 1))
    return person_create(actor=actor, data=data, marking=Marking(level=0, owning_agency_id=agency.pk))


def found(actor, text):
    return sorted(p.service_number for p in person_list(actor=actor, filters={"q": text}))


def test_each_word_is_a_prefix_of_a_word_of_the_name_or_the_service_number(structure, actors, agencies):
    planner = actors["planner"]
    register(planner, agencies["MOD"], "QĐ-482913", "Đỗ", "Văn", "Đức")
    register(planner, agencies["MOD"], "QĐ-482999", "Đoàn", "Thị", "Vân")
    assert found(planner, "do van duc") == ["QĐ-482913"]
    assert found(planner, "Đ") == ["QĐ-482913", "QĐ-482999"]
    assert found(planner, "van") == ["QĐ-482913", "QĐ-482999"]  # Văn the middle name, Vân the given name
    assert found(planner, "qd-4829") == ["QĐ-482913", "QĐ-482999"]
    assert found(planner, "482913") == ["QĐ-482913"]
    assert found(planner, "uc") == []  # a word's middle is not a match
    assert found(planner, '"* OR NEAR(') == []  # FTS / tsquery syntax is never interpreted
    assert found(planner, "—") == found(planner, "")  # nothing to look for: no filter


def test_the_index_follows_a_rename(structure, actors, agencies):
    planner = actors["planner"]
    person = register(planner, agencies["MOD"], "QN-100", "Lê", "Văn", "Tám")
    changed = PersonData(service="army", rank="OF-2", service_number="QN-100", family_name="Lý", middle_name="Văn",
                         given_name="Tám", gender="M", date_of_birth=dt.date(1990, 1, 1))
    person_update(actor=planner, person=person, data=changed, expected_version=1)
    assert found(planner, "ly tam") == ["QN-100"]
    assert found(planner, "le tam") == []


def test_search_stays_inside_what_the_actor_may_see(structure, actors, agencies):
    register(actors["planner"], agencies["MOD"], "QN-200", "Phạm", "Minh", "Khôi")
    assert found(actors["planner"], "pham khoi") == ["QN-200"]
    assert found(actors["health"], "pham khoi") == []  # a MOD record, invisible to the MOH officer
