"""The matching rules of the gap view, without a database: both sides of every boundary."""

from peaceops.partners.matching import OfferFacts, PeopleNeed, Requirement, UnitNeed, covered, matching

B2 = Requirement("ENGLISH", min_rank=4, min_level="B2")
NURSING = Requirement("NURSING")


def offer(**fields):
    return OfferFacts(**({"id": 1, "quantity": 10} | fields))


def test_an_english_offer_to_the_required_level_or_above_answers_the_shortfall():
    need = PeopleNeed("MEM", B2, short=50)
    assert matching(need, [offer(qualification_type="ENGLISH", level_rank=4)])
    assert matching(need, [offer(qualification_type="ENGLISH", level_rank=5)])


def test_an_english_offer_below_the_required_level_or_with_no_level_does_not():
    need = PeopleNeed("MEM", B2, short=50)
    assert not matching(need, [offer(qualification_type="ENGLISH", level_rank=3)])
    assert not matching(need, [offer(qualification_type="ENGLISH", level_rank=None)])


def test_a_requirement_without_a_level_takes_any_offer_of_its_type_but_not_another_type():
    need = PeopleNeed("NURSE", NURSING, short=3)
    assert matching(need, [offer(qualification_type="NURSING")])
    assert not matching(need, [offer(qualification_type="SURGERY")])


def test_an_offer_naming_a_post_type_answers_only_that_post_types_people():
    assert matching(PeopleNeed("NURSE", NURSING, 3), [offer(qualification_type="NURSING", post_type="NURSE")])
    assert not matching(PeopleNeed("MEDIC", NURSING, 3), [offer(qualification_type="NURSING", post_type="NURSE")])


def test_a_unit_line_takes_offers_for_its_skill_or_for_what_its_members_lack():
    need = UnitNeed("NURSE", short=19, lacking=(Requirement("ENGLISH", 2, "A2"),))
    assert matching(need, [offer(post_type="NURSE")])
    assert not matching(need, [offer(post_type="MEDIC")])
    assert matching(need, [offer(qualification_type="ENGLISH", level_rank=2)])
    assert not matching(need, [offer(qualification_type="ENGLISH", level_rank=1)])
    assert not matching(UnitNeed("NURSE", 19), [offer(qualification_type="ENGLISH", level_rank=6)])


def test_what_offers_cover_never_exceeds_the_shortfall():
    assert covered(5, [offer(quantity=3), offer(quantity=1)]) == 4
    assert covered(5, [offer(quantity=3), offer(quantity=4)]) == 5
    assert covered(5, []) == 0
