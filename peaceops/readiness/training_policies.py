"""Who may read and write courses, sessions, enrolments and exercises (imported by readiness.policies)."""

from peaceops.access.policies import ClassifiedPolicy, Policy, register
from peaceops.people.models import Person

from .training_models import Course, CourseSession, Enrolment, Exercise, ExerciseFinding, ExerciseParticipant

# Training officers run the catalogue and record results; personnel officers and administrators too.
TRAINING_WRITERS = frozenset({"admin", "training", "personnel"})
# Exercises are planned and reviewed by training officers and planners.
EXERCISE_WRITERS = frozenset({"admin", "training", "planner"})


@register(Course)
class CoursePolicy(Policy):
    """The catalogue is unclassified: every signed-in user reads it."""

    roles = {"create": TRAINING_WRITERS, "change": TRAINING_WRITERS, "export": TRAINING_WRITERS | {"auditor"}}


@register(CourseSession)
class CourseSessionPolicy(Policy):
    roles = {"create": TRAINING_WRITERS, "change": TRAINING_WRITERS, "export": TRAINING_WRITERS | {"auditor"}}


@register(Enrolment)
class EnrolmentPolicy(Policy):
    """An enrolment is seen with its person and only then; results are recorded by training writers.
    "import" is the bulk import of results and test records."""

    roles = {"create": TRAINING_WRITERS, "change": TRAINING_WRITERS, "import": TRAINING_WRITERS | {"medical"},
             "export": TRAINING_WRITERS | {"auditor"}}

    def base_queryset(self, actor):
        return Enrolment.objects.filter(person__in=Person.objects.visible_to(actor).values("pk"))


@register(Exercise)
class ExercisePolicy(ClassifiedPolicy):
    roles = {"create": EXERCISE_WRITERS, "change": EXERCISE_WRITERS, "export": EXERCISE_WRITERS | {"auditor"},
             "downgrade": frozenset({"declassifier"})}


@register(ExerciseParticipant)
class ExerciseParticipantPolicy(Policy):
    roles = {"create": EXERCISE_WRITERS, "change": EXERCISE_WRITERS}

    def base_queryset(self, actor):
        return ExerciseParticipant.objects.filter(exercise__in=Exercise.objects.visible_to(actor).values("pk"))


@register(ExerciseFinding)
class ExerciseFindingPolicy(Policy):
    roles = {"create": EXERCISE_WRITERS, "change": EXERCISE_WRITERS}

    def base_queryset(self, actor):
        return ExerciseFinding.objects.filter(exercise__in=Exercise.objects.visible_to(actor).values("pk"))
