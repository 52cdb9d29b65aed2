"""Training: the course catalogue, sessions and enrolments; tabletop and field exercises with their findings.

Imported at the bottom of readiness/models.py (so Django sees these models as the readiness app's).
A completed enrolment files a Qualification of the type its course grants (through
readiness.services.qualification_record): that is how eligibility rules that require a course see it.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from peaceops.access.classified import ClassifiedModel
from peaceops.core.models import BaseModel

from .training_choices import CourseCategory, EnrolmentStatus, ExerciseKind


class Course(BaseModel):
    """A course of the catalogue: UN core or specialised pre-deployment training, a national course,
    a partner-provided course or an English course. `grants` is the qualification record that
    completing it files (a course type such as UN_CPTM), or none."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=CourseCategory.choices)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)
    grants = models.ForeignKey("readiness.QualificationType", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="courses", verbose_name=_("record it grants"))
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["category", "code"]
        verbose_name = _("course")

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return self.title_vi if (get_language() or "vi")[:2] == "vi" and self.title_vi else self.title_en


class CourseSession(BaseModel):
    """One running of a course: dates, place, who gives it, who pays, how many places."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("course"))
    code = models.CharField(_("code"), max_length=40, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    funding_partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="course_sessions", verbose_name=_("funding partner"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("course session")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.code


class Enrolment(BaseModel):
    """A person on a session, and how it went. Seen only with its person. `qualification` is the
    record filed when the session was completed (None before, or when the course grants none)."""

    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="enrolments",
                                verbose_name=_("session"))
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="enrolments",
                               verbose_name=_("person"))
    status = models.CharField(_("status"), max_length=12, choices=EnrolmentStatus.choices,
                              default=EnrolmentStatus.ENROLLED)
    result = models.CharField(_("result"), max_length=16, blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    qualification = models.ForeignKey("readiness.Qualification", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("record filed"))

    class Meta:
        ordering = ["session", "person__search_name", "id"]
        verbose_name = _("enrolment")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="unique_enrolment"),
        ]
        indexes = [models.Index(fields=["person", "status"], name="enrolment_person_idx")]

    def __str__(self) -> str:
        return f"{self.session_id} {self.person_id}"


class Exercise(ClassifiedModel, BaseModel):
    """A tabletop or field exercise: its scenario, dates, objectives and the agencies taking part.
    Its findings become lessons (documents) and action items (decisions) with its marking."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=ExerciseKind.choices)
    scenario = models.TextField(_("scenario"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("exercise")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="exercise_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def objective_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.objectives.splitlines() if line.strip(" -•\t")]


class ExerciseParticipant(BaseModel):
    """How many people an agency sent to an exercise, and in what role."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="participants",
                                 verbose_name=_("exercise"))
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    count = models.PositiveIntegerField(_("participants"))
    role = models.CharField(_("role"), max_length=200, blank=True)

    class Meta:
        ordering = ["exercise", "agency__code"]
        verbose_name = _("exercise participant")
        constraints = [models.UniqueConstraint(fields=["exercise", "agency"], name="unique_exercise_agency")]

    def __str__(self) -> str:
        return f"{self.exercise_id} {self.agency_id} {self.count}"


class ExerciseFinding(BaseModel):
    """What an exercise showed. Filed as a documents.Lesson (and, when something must be done, a
    decisions.ActionItem); seen with its exercise."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="findings",
                                 verbose_name=_("exercise"))
    category = models.CharField(_("category"), max_length=16)  # documents.choices.LessonCategory
    text = models.TextField(_("finding"))
    lesson = models.ForeignKey("documents.Lesson", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("lesson"))
    action_item = models.ForeignKey("decisions.ActionItem", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("action item"))

    class Meta:
        ordering = ["exercise", "created_at", "id"]
        verbose_name = _("exercise finding")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def category_label(self) -> str:
        from peaceops.documents.choices import LessonCategory

        return str(dict(LessonCategory.choices).get(self.category, self.category))
