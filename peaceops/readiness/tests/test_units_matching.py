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


def test_a_person_tries_the_posts_in_the_order_given_so_specialists_stay_on_their_posts():
    # "an" may be a nurse or an administrator: listed first, the nurse's post is the one filled.
    assert fill_posts([("NURSE", 1), ("ADMIN-COMMS", 1)], {"an": {"NURSE", "ADMIN-COMMS"}}) == {
        "NURSE": ["an"], "ADMIN-COMMS": []}
    assert fill_posts([("ADMIN-COMMS", 1), ("NURSE", 1)], {"an": {"NURSE", "ADMIN-COMMS"}}) == {
        "ADMIN-COMMS": ["an"], "NURSE": []}
