"""Exercises in the shared access matrix (see peaceops.access.testing): every route naming an exercise
answers 404 when it is invisible, and no list, count or dashboard shows it."""

from peaceops.access.testing import AccessMatrixMixin, json_count
from peaceops.people.tests.test_access_matrix import marking_kwargs

from ..training_models import Exercise
from .training_factories import ExerciseFactory


class TestExerciseAccessMatrix(AccessMatrixMixin):
    model = Exercise
    marker_prefix = "XZ"

    def make(self, case, marker, today):
        return ExerciseFactory(title=marker, code=marker.upper(), **marking_kwargs(case, today))

    def check_counts(self, persona, api, web, expected, today):
        assert json_count(api.get("/api/v1/readiness/exercises/")) == expected, persona
