"""Training pages: the course catalogue, sessions with their enrolments and results (HTMX), exercises
with their findings (HTMX), create / edit forms for courses, sessions and exercises (a stale version is
refused with a message, never saved over), and the bulk import of results. Reads through training_selectors,
writes through training_services; every view derives from the Secured* bases."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.banner import page_marking
from peaceops.access.policies import policy_for
from peaceops.access.views import SecuredDetailView, SecuredListView, SecuredTemplateView, SecuredView
from peaceops.core.errors import ServiceError
from peaceops.core.ids import is_uuid
from peaceops.core.pages import (
    EditOrCreateMixin,
    PartialListMixin,
    RecordGateMixin,
    ServiceFormView,
    apply_service_error,
    submit_form,
)
from peaceops.people.models import Person

from . import training_imports, training_selectors, training_services
from .training_filters import CourseFilter, ExerciseFilter, SessionFilter
from .training_forms import (
    CourseForm,
    EnrolForm,
    ExerciseForm,
    FindingForm,
    ImportForm,
    ResultForm,
    SessionForm,
    formset_participants,
    participant_formset,
)
from .training_models import Course, CourseSession, Enrolment, Exercise, ExerciseFinding

MAX_UPLOAD = 20 * 1024 * 1024


class TrainingListMixin(PartialListMixin):
    """A training list (HTMX gets the table alone) that tells the page whether the reader may add a record."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_create"] = _may(self.actor, "create", self.model)
        return context


def _may(actor, action, model, obj=None) -> bool:
    return policy_for(model).allows(actor, action, obj)


def _version(form, instance) -> int:
    """The version the editor read (the form's hidden field; the record's own only if the field is missing)."""
    version = form.cleaned_data.get("version")
    return instance.version if version is None else version


class TrainingFormView(EditOrCreateMixin, ServiceFormView):
    """A training form page for two URLs (EditOrCreateMixin: with a `pk` it edits that record, without one
    it creates a `model`; `self.record` is None then). A refused POST shows the form again with status 400."""

    def render_form(self, form, **extra):
        context = {"form": form, "object": self.record, **extra}
        if self.record is not None and hasattr(self.record, "level_id"):
            context["page_marking"] = page_marking([self.record])
        return render(self.request, self.template_name, context, status=400 if self.request.method == "POST" else 200)

    def success_message(self, saved):
        return _("Created.") if self.record is None else self.message


# -- catalogue ------------------------------------------------------------------------------------

class CourseListView(TrainingListMixin, SecuredListView):
    model = Course
    filterset_class = CourseFilter
    template_name = "readiness/courses.html"
    partial_template = "readiness/_course_table.html"
    sort_fields = {"code": "code", "title": "title_en", "category": "category", "hours": "hours"}
    default_sort = "code"

    def base_queryset(self):
        return training_selectors.course_list(actor=self.actor)


class CourseDetailView(SecuredDetailView):
    model = Course
    template_name = "readiness/course_detail.html"
    audit_reads = False  # the catalogue is unclassified

    def get_queryset(self):
        return training_selectors.course_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sessions"] = training_selectors.session_list(actor=self.actor).filter(course=self.object)
        context.update(may_change=_may(self.actor, "change", Course, self.object),
                       may_schedule=_may(self.actor, "create", CourseSession))
        return context


class CourseFormView(TrainingFormView):
    """Add a course to the catalogue, or edit one (its code stays)."""

    model = Course
    template_name = "readiness/course_form.html"
    done_route = "readiness:course"

    def find(self, actor, pk):
        return get_object_or_404(training_selectors.course_list(actor=actor), pk=pk)

    def get_form(self):
        return CourseForm(self.request.POST or None, instance=self.record)

    def save(self, form):
        if self.record is None:
            return training_services.course_create(actor=self.actor, data=form.course_data())
        return training_services.course_update(actor=self.actor, course=self.record, data=form.course_data(),
                                               expected_version=_version(form, self.record))


class SessionFormView(TrainingFormView):
    """Schedule a session of a course (?course=<pk> picks it), or edit one (course and code stay)."""

    model = CourseSession
    template_name = "readiness/session_form.html"
    done_route = "readiness:session"
    lookup = staticmethod(training_selectors.session_get)

    def get_form(self):
        courses = training_selectors.course_list(actor=self.actor).order_by("code")
        initial = {}
        wanted = self.request.GET.get("course")
        if self.record is None and wanted:
            course = courses.filter(pk=wanted).first() if is_uuid(wanted) else None
            if course is not None:
                initial.update(course=course.pk, provider=course.provider)
        return SessionForm(self.request.POST or None, courses=courses if self.record else courses.filter(active=True),
                           instance=self.record, initial=initial)

    def save(self, form):
        if self.record is None:
            return training_services.session_create(actor=self.actor, course=form.cleaned_data["course"],
                                                    data=form.session_data())
        return training_services.session_update(actor=self.actor, session=self.record, data=form.session_data(),
                                                expected_version=_version(form, self.record))


class SessionListView(TrainingListMixin, SecuredListView):
    model = CourseSession
    filterset_class = SessionFilter
    template_name = "readiness/sessions.html"
    partial_template = "readiness/_session_table.html"
    sort_fields = {"code": "code", "start": "starts_on", "course": "course__code", "place": "place"}
    default_sort = "-start"

    def base_queryset(self):
        return training_selectors.session_list(actor=self.actor)


def _result_form(enrolment: Enrolment, data=None) -> ResultForm:
    session = enrolment.session
    today = timezone.localdate()
    return ResultForm(data, choices=training_services.result_choices(session.course), initial={
        "completed_on": min(session.ends_on, today), "version": enrolment.version,
        "result": training_services.result_choices(session.course)[0]}, prefix=f"e{enrolment.pk.hex[:12]}")


class SessionDetailView(SecuredDetailView):
    """A session, the enrolments the reader may see, and (for those who record results) a form per row."""

    model = CourseSession
    template_name = "readiness/session_detail.html"
    audit_reads = False

    def get_queryset(self):
        return training_selectors.session_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enrolments = list(training_selectors.session_enrolments(actor=self.actor, session=self.object))
        may_record = policy_for(Enrolment).allows(self.actor, "change")
        for enrolment in enrolments:
            enrolment.session = self.object
            enrolment.form = _result_form(enrolment) if may_record and enrolment.status == "enrolled" else None
        context.update(enrolments=enrolments, may_record=may_record,
                       may_change=_may(self.actor, "change", CourseSession, self.object),
                       may_enrol=policy_for(Enrolment).allows(self.actor, "create"),
                       enrol_form=kwargs.get("enrol_form") or EnrolForm())
        # The people listed raise the banner (the base computed it before they were read).
        context["page_marking"] = context["page_marking"].merge(page_marking([e.person for e in enrolments]))
        return context


class SessionEnrolView(SecuredView):
    """POST a service number: the person (if the writer may see them) joins the session."""

    model = Enrolment

    def post(self, request, pk):
        session = training_selectors.session_get(actor=self.actor, pk=pk)
        form = EnrolForm(request.POST)
        if form.is_valid():
            number = form.cleaned_data["service_number"].strip().upper()
            person = Person.objects.visible_to(self.actor).filter(service_number=number).first()
            if person is None:
                form.add_error("service_number", _("No one you may see has this service number."))
            else:
                try:
                    training_services.enrol(actor=self.actor, session=session, person=person)
                    return redirect(reverse("readiness:session", args=[session.pk]) + "#enrolments")
                except ServiceError as error:
                    form.add_error("service_number", str(error.message))
        view = SessionDetailView(request=request, kwargs={"pk": pk}, args=())
        view.object = session
        return render(request, view.template_name, view.get_context_data(object=session, enrol_form=form),
                      status=400)


class EnrolmentResultView(RecordGateMixin, SecuredView):
    """POST a result for one enrolment (HTMX: answers with the row, with its errors if any)."""

    model = Enrolment

    def find(self, actor, pk):
        return get_object_or_404(training_selectors.enrolment_list(actor=actor), pk=pk)

    def post(self, request, pk):
        enrolment = self.record
        form = _result_form(enrolment, request.POST)
        error = ""
        status = 200
        if form.is_valid():
            data = form.cleaned_data
            try:
                training_services.enrolment_record_result(
                    actor=self.actor, enrolment=enrolment, result=data["result"], completed_on=data["completed_on"],
                    score=data["score"], expected_version=data["version"])
                enrolment.refresh_from_db()
                form = None
            except ServiceError as refused:
                error, status = str(refused.message), 400
        else:
            status = 400
        if not request.htmx:
            return redirect(reverse("readiness:session", args=[enrolment.session_id]) + "#enrolments")
        enrolment.form = form
        return render(request, "readiness/_enrolment_row.html", {
            "e": enrolment, "may_record": True, "error": error,
            "page_marking": page_marking([enrolment.person]), "oob": True}, status=status)


# -- exercises ------------------------------------------------------------------------------------

class ExerciseListView(TrainingListMixin, SecuredListView):
    model = Exercise
    filterset_class = ExerciseFilter
    template_name = "readiness/exercises.html"
    partial_template = "readiness/_exercise_table.html"
    sort_fields = {"code": "code", "title": "title", "start": "starts_on", "kind": "kind"}
    default_sort = "-start"

    def base_queryset(self):
        return training_selectors.exercise_list(actor=self.actor)


class ExerciseDetailView(SecuredDetailView):
    model = Exercise
    template_name = "readiness/exercise_detail.html"

    def get_queryset(self):
        return training_selectors.exercise_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        exercise = self.object
        participants = list(training_selectors.exercise_participants(actor=self.actor, exercise=exercise))
        context.update(
            participants=participants, participant_total=sum(p.count for p in participants),
            findings=training_selectors.exercise_findings(actor=self.actor, exercise=exercise),
            may_add=policy_for(ExerciseFinding).allows(self.actor, "create"),
            may_change=_may(self.actor, "change", Exercise, exercise),
            finding_form=kwargs.get("finding_form") or FindingForm(),
        )
        return context


class _ParticipantsRefused(Exception):
    """The service refused the participants: the refusal goes on the participants' rows, not on the form."""


class ExerciseFormView(TrainingFormView):
    """Plan an exercise (with its marking and the agencies taking part), or edit one (code and marking stay)."""

    model = Exercise
    template_name = "readiness/exercise_form.html"
    done_route = "readiness:exercise"

    def find(self, actor, pk):
        return get_object_or_404(training_selectors.exercise_list(actor=actor), pk=pk)

    def get_form(self):
        participants = ()
        if self.record is not None:
            participants = training_selectors.exercise_participants(actor=self.actor, exercise=self.record)
        self.formset = participant_formset(self.request.POST or None, participants=participants)
        return ExerciseForm(self.request.POST or None, actor=self.actor, instance=self.record)

    def render_form(self, form):
        return super().render_form(form, formset=self.formset)

    def save(self, form):
        data = form.exercise_data(formset_participants(self.formset))
        try:
            if self.record is None:
                return training_services.exercise_create(actor=self.actor, data=data, marking=form.marking())
            return training_services.exercise_update(actor=self.actor, exercise=self.record, data=data,
                                                     expected_version=_version(form, self.record))
        except ServiceError as error:
            if error.field == "participants":
                raise _ParticipantsRefused(str(error.message)) from error
            raise

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        try:
            if form.is_valid() and self.formset.is_valid():
                saved = submit_form(request, form, lambda: self.save(form), done=self.done_url,
                                    message=self.success_message)
                if saved is not None:
                    return saved
        except _ParticipantsRefused as refused:
            self.formset._non_form_errors = self.formset.error_class([str(refused)])
        return self.render_form(form)


class ExerciseFindingView(SecuredView):
    """POST a finding: it becomes a lesson (and an action item). HTMX answers with the findings panel."""

    model = ExerciseFinding

    def post(self, request, pk):
        exercise = get_object_or_404(training_selectors.exercise_list(actor=self.actor), pk=pk)
        form = FindingForm(request.POST)
        status = 200
        if form.is_valid():
            data = form.cleaned_data
            try:
                training_services.finding_add(
                    actor=self.actor, exercise=exercise, category=data["category"], text=data["text"],
                    action_title=data["action_title"], owner_agency=data["owner_agency"], due_on=data["due_on"])
                form = FindingForm()
            except ServiceError as error:
                apply_service_error(form, error)
                status = 400
        else:
            status = 400
        if not request.htmx:
            if status == 200:
                return redirect(reverse("readiness:exercise", args=[exercise.pk]) + "#findings")
            view = ExerciseDetailView(request=request, kwargs={"pk": pk}, args=())
            view.object = exercise
            return render(request, view.template_name, view.get_context_data(object=exercise, finding_form=form),
                          status=status)
        return render(request, "readiness/_findings.html", {
            "object": exercise, "findings": training_selectors.exercise_findings(actor=self.actor, exercise=exercise),
            "may_add": True, "finding_form": form}, status=status)


# -- import ---------------------------------------------------------------------------------------

class TrainingImportView(SecuredTemplateView):
    """Upload a CSV / XLSX of course results and test records: all or nothing, each bad row named."""

    model = Enrolment
    template_name = "readiness/import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policy_for(Enrolment).allows(request.actor, "import"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        context["columns"] = training_imports.COLUMNS
        return context

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        context = {"form": form}
        status = 200
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_UPLOAD:
                form.add_error("file", _("The file is larger than 20 MB."))
                status = 400
            else:
                try:
                    result = training_imports.import_file(actor=self.actor, name=upload.name, content=upload.read())
                    context["result"] = result
                    status = 200 if result.ok else 400
                except training_imports.ImportFileError as error:
                    form.add_error("file", str(error))
                    status = 400
                except ServiceError as error:
                    form.add_error("file", str(error.message))
                    status = 400
        else:
            status = 400
        return self.render_to_response(self.get_context_data(**context), status=status)


# -- dashboard ------------------------------------------------------------------------------------

class ReadinessDashboardView(SecuredTemplateView):
    """Eligible people per post type, records expiring in the next 90 days (those the reader may see),
    and women's share of the eligible against the UN gender-parity targets."""

    model = Course  # unclassified: every signed-in user may open the page; its figures are their own
    template_name = "readiness/dashboard.html"

    def get_context_data(self, **kwargs):
        from .dashboard import EXPIRY_DAYS, dashboard

        context = super().get_context_data(**kwargs)
        board = dashboard(actor=self.actor, today=timezone.localdate())
        context.update(board=board, chart=board.chart(), expiry_days=EXPIRY_DAYS)
        context["page_marking"] = context["page_marking"].merge(
            page_marking([*board.expiring, *{q.person_id: q.person for q in board.expiring}.values()]))
        return context
