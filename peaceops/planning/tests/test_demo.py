"""The demo step: two plans over the hospital's R3 (the second keeps two locked choices), once only."""

import pytest

from peaceops.access.context import system_scope
from peaceops.demo import planning as demo
from peaceops.planning.models import PlanChoice, PlanRun

pytestmark = pytest.mark.django_db


def test_the_demo_plans_the_hospital_rotation_once(nurses, requirement):
    with system_scope("test demo") as actor:
        assert demo.load(actor) == {"plans": 2}
        assert demo.load(actor) == {"plans": 0}
    first, second = PlanRun.objects.unrestricted().order_by("number")
    assert first.status == second.status == "done" and second.previous_id == first.pk
    assert second.created_by_label == "planner"
    locked = {(c.person_id, c.post_id) for c in PlanChoice.objects.filter(plan=first, locked=True)}
    assert len(locked) == 2
    assert locked == {(c.person_id, c.post_id) for c in PlanChoice.objects.filter(plan=second, locked=True)}
