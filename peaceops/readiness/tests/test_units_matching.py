"""The posts-to-people assignment (pure)."""

from peaceops.readiness.units_matching import fill_posts


def test_a_person_eligible_for_two_posts_fills_only_one():
    filled = fill_posts([("NURSE", 1), ("MEDIC", 1)], {"an": {"NURSE", "MEDIC"}})
    assert sum(len(people) for people in filled.values()) == 1


def test_the_assignment_moves_someone_to_make_room_for_a_specialist():
    # "an" may be nurse or medic, "bo" only nurse: both posts are filled only if "an" takes the medic's.
    filled = fill_posts([("NURSE", 1), ("MEDIC", 1)], {"an": {"NURSE", "MEDIC"}, "bo": {"NURSE"}})
    assert filled == {"NURSE": ["bo"], "MEDIC": ["an"]}


def test_more_eligible_people_than_posts_fill_every_post_and_no_more():
    filled = fill_posts([("SURGEON", 2)], {n: {"SURGEON"} for n in "abcde"})
    assert len(filled["SURGEON"]) == 2


def test_posts_nobody_may_fill_stay_empty():
    assert fill_posts([("DEMINER", 3)], {"a": {"NURSE"}}) == {"DEMINER": []}
