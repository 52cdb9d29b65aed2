"""The training demo: courses, sessions with results, one tabletop exercise; a second run adds nothing."""

import pytest

from peaceops.access.context import system_scope
from peaceops.decisions.models import ActionItem
from peaceops.demo import readiness as demo_readiness
from peaceops.demo import scenario
from peaceops.demo import training as demo_training
from peaceops.documents.models import Lesson
from peaceops.readiness.models import Qualification
from peaceops.readiness.training_models import Course, Enrolment, Exercise

pytestmark = pytest.mark.django_db


def test_the_training_demo_loads_once_and_completed_sessions_file_records(structure):
    with system_scope("test: demo") as actor:
        scenario.load_people(actor, structure, 300)
        demo_readiness.load_readiness(actor)
        before = Qualification.objects.unrestricted().filter(reference="UN-CPTM-2026-1").count()
        first = demo_training.load(actor)
        again = demo_training.load(actor)
    assert before == 0
    assert first["courses"] == len(demo_training.COURSES) and first["exercises"] == 1 and first["findings"] == 3
    assert first["results"] > 0 and set(again.values()) == {0}
    assert Course.objects.filter(category="un_core").exists()
    completed = Enrolment.objects.filter(session__code="UN-CPTM-2026-1", status="completed")
    assert completed.exists() and Enrolment.objects.filter(session__code="UN-CPTM-2026-1", status="failed").exists()
    assert Qualification.objects.unrestricted().filter(reference="UN-CPTM-2026-1").count() == completed.count()
    exercise = Exercise.objects.unrestricted().get()
    assert exercise.participants.count() == 4 and exercise.level_id == 1
    assert Lesson.objects.unrestricted().count() == 3 and ActionItem.objects.unrestricted().filter(source="exercise").count() == 2
