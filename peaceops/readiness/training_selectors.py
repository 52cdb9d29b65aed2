"""Reads for training: the catalogue, sessions with the enrolments the reader may see, exercises."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for

from .training_choices import EnrolmentStatus
from .training_models import Course, CourseSession, Enrolment, Exercise, ExerciseFinding, ExerciseParticipant


def course_list(*, actor: Actor) -> QuerySet[Course]:
    return (policy_for(Course).scope(actor, "view").select_related("grants")
            .annotate(session_count=Count("sessions", distinct=True)))


def session_list(*, actor: Actor) -> QuerySet[CourseSession]:
    """Sessions with their places taken (counting only enrolments whose person the reader may see
    would leak nothing, but the places a session has left are the same for everyone: count them all,
    they are numbers, not people)."""
    return (policy_for(CourseSession).scope(actor, "view").select_related("course", "funding_partner")
            .annotate(taken=Count("enrolments", filter=~Q(enrolments__status=EnrolmentStatus.WITHDRAWN))))


def session_get(*, actor: Actor, pk) -> CourseSession:
    return get_object_or_404(session_list(actor=actor), pk=pk)


def enrolment_list(*, actor: Actor) -> QuerySet[Enrolment]:
    return policy_for(Enrolment).scope(actor, "view").select_related("person", "person__unit", "session__course")


def session_enrolments(*, actor: Actor, session: CourseSession) -> QuerySet[Enrolment]:
    return enrolment_list(actor=actor).filter(session=session).order_by("person__search_name", "pk")


def exercise_list(*, actor: Actor) -> QuerySet[Exercise]:
    return (policy_for(Exercise).scope(actor, "view").select_related("owning_agency")
            .annotate(finding_count=Count("findings", distinct=True)))


def exercise_participants(*, actor: Actor, exercise: Exercise) -> QuerySet[ExerciseParticipant]:
    return policy_for(ExerciseParticipant).scope(actor, "view").filter(exercise=exercise).select_related("agency")


def exercise_findings(*, actor: Actor, exercise: Exercise) -> QuerySet[ExerciseFinding]:
    return (policy_for(ExerciseFinding).scope(actor, "view").filter(exercise=exercise)
            .select_related("action_item", "action_item__owner_agency").order_by("created_at", "pk"))
