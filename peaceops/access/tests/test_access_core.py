"""The access layer itself: fail closed, no write up, downgrading, declassify-on dates."""

import datetime as dt

import pytest

from peaceops.access.context import NoActorError
from peaceops.access.marking import Marking
from peaceops.access.services import marking_downgrade
from peaceops.audit.models import AuditEvent
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.people.models import Person
from peaceops.people.services import PersonData, person_create, person_update
from peaceops.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def a_person_data(number="QN-9000001"):
    return PersonData(service="army", rank="OF-2", service_number=number, family_name="Hoàng",
                      middle_name="Văn", given_name="Nam", gender="M", date_of_birth=dt.date(1990, 3, 4))


def test_reading_classified_records_without_an_actor_raises(structure):
    PersonFactory()
    with pytest.raises(NoActorError):
        list(Person.objects.all())
    with pytest.raises(NoActorError):
        Person.objects.count()


def test_an_actor_sees_only_what_their_marking_allows(structure, as_persona):
    visible = PersonFactory(level_id=1, owner="MOD")
    PersonFactory(level_id=3, owner="MOD")  # above SECRET
    PersonFactory(level_id=1, owner="MOH")  # not the planner's agency
    with as_persona("planner"):
        assert list(Person.objects.all()) == [visible]


def test_a_record_past_its_declassify_on_date_counts_at_its_downgraded_level(structure, as_persona, today):
    past = PersonFactory(level_id=2, owner="VDPO", declassify_on=today - dt.timedelta(days=1), downgrade_level_id=0)
    PersonFactory(level_id=2, owner="VDPO", declassify_on=today + dt.timedelta(days=1), downgrade_level_id=0)
    with as_persona("public"):
        assert list(Person.objects.all()) == [past]
    assert past.effective_level() == 0


def test_nobody_creates_a_record_above_their_clearance(structure, actors, agencies):
    with pytest.raises(NotPermitted):
        person_create(actor=actors["planner"], data=a_person_data(),
                      marking=Marking(level=3, owning_agency_id=agencies["MOD"].pk))
    assert not Person.objects.unrestricted().exists()


def test_nobody_uses_a_compartment_they_do_not_hold(structure, actors, agencies):
    with pytest.raises(NotPermitted):
        person_create(actor=actors["planner"], data=a_person_data(),
                      marking=Marking(level=1, owning_agency_id=agencies["MOD"].pk, compartments=("MEDICAL",)))


def test_nobody_creates_records_for_another_agency(structure, actors, agencies):
    with pytest.raises(NotPermitted):
        person_create(actor=actors["planner"], data=a_person_data(),
                      marking=Marking(level=1, owning_agency_id=agencies["MOH"].pk))


def test_a_role_without_create_rights_cannot_create(structure, actors, agencies):
    with pytest.raises(NotPermitted):
        person_create(actor=actors["mfa"], data=a_person_data(),
                      marking=Marking(level=1, owning_agency_id=agencies["MFA"].pk))


def test_an_edit_cannot_lower_a_marking(structure, actors, agencies):
    person = person_create(actor=actors["planner"], data=a_person_data(),
                           marking=Marking(level=2, owning_agency_id=agencies["MOD"].pk))
    with pytest.raises(NotPermitted):
        person_update(actor=actors["planner"], person=person, data=a_person_data(), expected_version=1,
                      marking=Marking(level=1, owning_agency_id=agencies["MOD"].pk))


def test_downgrading_is_its_own_audited_action_for_the_declassification_role(structure, actors, agencies):
    person = person_create(actor=actors["admin"], data=a_person_data(),
                           marking=Marking(level=2, owning_agency_id=agencies["MOD"].pk))
    lower = Marking(level=0, owning_agency_id=agencies["MOD"].pk)
    with pytest.raises(NotPermitted):
        marking_downgrade(actor=actors["planner"], obj=person, marking=lower, reason="public list")
    with pytest.raises(ServiceError):
        marking_downgrade(actor=actors["admin"], obj=person, marking=lower, reason="  ")
    marking_downgrade(actor=actors["admin"], obj=person, marking=lower, reason="published in the press")
    person.refresh_from_db()
    assert person.level_id == 0
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "people.person.downgrade" and event.reason == "published in the press"
    assert event.changes["level_id"] == [2, 0]


def test_opening_a_system_scope_is_audited(db):
    from peaceops.access.context import system_scope

    with system_scope("nightly maintenance"):
        pass
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "access.system_scope.open" and event.reason == "nightly maintenance"


def test_unknown_actions_are_denied(structure, actors):
    from peaceops.access.policies import policy_for

    policy = policy_for(Person)
    assert not policy.allows(actors["admin"], "obliterate")
    assert not policy.scope(actors["admin"], "obliterate").exists()


def test_an_expired_clearance_gives_no_access(structure, users, today):
    from peaceops.access.actor import actor_for_user
    from peaceops.access.models import Clearance

    Clearance.objects.filter(user=users["planner"]).update(valid_to=today - dt.timedelta(days=1),
                                                           valid_from=today - dt.timedelta(days=10))
    PersonFactory(level_id=0, owner="MOD")
    actor = actor_for_user(users["planner"])
    assert not Person.objects.visible_to(actor).exists()


def test_the_subsets_of_a_compartment_mask_are_exactly_the_masks_it_covers():
    from peaceops.access.classified import mask_subsets

    mask = 0b101101
    expected = sorted(m for m in range(1 << 7) if m & ~mask == 0)
    assert sorted(mask_subsets(mask)) == expected and len(expected) == 2 ** mask.bit_count()
    assert mask_subsets(0) == [0]


def test_reading_one_classified_record_through_the_api_is_audited(structure, api_for):
    from peaceops.audit.models import AuditEvent
    from peaceops.people.tests.factories import PersonFactory

    person = PersonFactory(level_id=1, owner="MOD")
    response = api_for("planner").get(f"/api/v1/people/{person.pk}/")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="people.person.view", target_id=str(person.pk)).count() == 1


def test_list_only_viewsets_publish_no_detail_route():
    """A viewset without a retrieve gets no `…/{id}/` route (one used to answer every id with a 500)."""
    from peaceops.api.urls import router
    from peaceops.documents.api.search import DocumentSearchViewSet

    assert not hasattr(DocumentSearchViewSet, "retrieve")
    for prefix, viewset, _basename in router.registry:
        if hasattr(viewset, "retrieve"):
            continue
        lookup = f"(?P<{getattr(viewset, 'lookup_url_kwarg', None) or getattr(viewset, 'lookup_field', 'pk')}>"
        detail = [str(u.pattern) for u in router.get_urls()
                  if getattr(u.callback, "cls", None) is viewset and "get" in u.callback.actions
                  and u.callback.actions["get"] == "retrieve"]
        assert not detail, (prefix, detail, lookup)


def test_the_related_form_of_the_visibility_rule_selects_the_same_rows(structure, agencies, today):
    """related_visibility_q (plain lookups, for a joined record) against visibility_q (one CASE), over
    every combination of level, declassification, compartments and release that matters, for actors
    with no compartment, a few (an IN list) and many (the bit test), with and without releases."""
    import itertools

    from peaceops.access.actor import ALL_BITS, Actor
    from peaceops.access.classified import related_visibility_q
    from peaceops.people.models import LanguageSkill

    mod, moh = agencies["MOD"], agencies["MOH"]
    yesterday, tomorrow = today - dt.timedelta(days=1), today + dt.timedelta(days=1)
    declassifications = [(None, None), (yesterday, 0), (tomorrow, 0), (yesterday, None), (yesterday, 3)]
    for level, (declassify_on, downgrade), compartments, owner, released in itertools.product(
            [0, 1, 2, 3], declassifications, [0, 0b1, 0b101, 1 << 9], [mod, moh], [0, 1 << moh.bit]):
        person = PersonFactory(level_id=level, declassify_on=declassify_on, downgrade_level_id=downgrade,
                               compartment_mask=compartments, owning_agency=owner, releasable_mask=released)
        LanguageSkill.objects.create(person=person, language="en", level="B1")
    readers = [Actor(user_id=1, username=f"reader{n}", level=level, compartment_mask=mask,
                     agency_ids=frozenset({mod.pk}), agency_mask=agency_mask)
               for n, (level, mask, agency_mask) in enumerate(itertools.product(
                   [0, 1, 2], [0, 0b1, (1 << 10) - 1, ALL_BITS], [0, 1 << moh.bit]))]
    people = Person.objects.unrestricted()

    def may_see(reader, p):  # the rule, in Python
        return (p.effective_level(today) <= reader.level and p.compartment_mask & ~reader.compartment_mask == 0
                and (p.owning_agency_id in reader.agency_ids or p.releasable_mask & reader.agency_mask > 0))

    for reader in readers:
        expected = set(people.visible_to(reader).values_list("pk", flat=True))
        assert expected == {p.pk for p in people if may_see(reader, p)}
        assert set(people.filter(related_visibility_q(reader, "")).values_list("pk", flat=True)) == expected
        skills = LanguageSkill.objects.filter(related_visibility_q(reader, "person__"))
        assert set(skills.values_list("person_id", flat=True)) == expected, reader
