"""Decisions pages: proposals (list, detail, create, edit, steps, positions, comments, review) and the
roadmap. Logic lives in selectors and services; every page derives from the Secured* bases."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peaceops.access.banner import page_marking
from peaceops.access.policies import policy_for
from peaceops.access.views import SecuredDetailView, SecuredListView, SecuredView
from peaceops.core.errors import ServiceError
from peaceops.core.models import Job
from peaceops.core.pages import (
    CreateGateMixin,
    PartialListMixin,
    RecordActionView,
    RecordGateMixin,
    ServiceFormView,
)

from . import selectors, services
from .choices import ActionStatus, ProposalStatus, ReviewItemStatus
from .filters import ActionItemFilter, ProposalFilter
from .forms import (
    CommentForm,
    CourseForm,
    EvidenceForm,
    PositionForm,
    ProposalForm,
    RecommendForm,
    ReviewItemForm,
    TransitionForm,
)
from .models import ActionItem, CourseOfAction, Proposal, ReviewItem

PROPOSAL_SORTS = {"reference": "reference", "title": "title", "status": "status", "start": "planned_start",
                  "decision": "decision_due", "updated": "updated_at"}
ACTION_SORTS = {"due": "due_on", "title": "title", "status": "status", "owner": "owner_agency__code"}


def _detail(proposal_pk, anchor: str = "") -> str:
    return reverse("decisions:detail", args=[proposal_pk]) + (f"#{anchor}" if anchor else "")


class ProposalListView(PartialListMixin, SecuredListView):
    model = Proposal
    filterset_class = ProposalFilter
    template_name = "decisions/proposal_list.html"
    partial_template = "decisions/_proposal_table.html"
    sort_fields = PROPOSAL_SORTS
    default_sort = "-updated"

    def base_queryset(self):
        return selectors.proposal_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["page_obj"].object_list)
        selectors.annotate_flags(rows)
        today = timezone.localdate()
        for proposal in rows:
            proposal.due_for_review = bool(proposal.outcome == "deferred" and proposal.revisit_on
                                           and proposal.revisit_on <= today and proposal.status == "decided")
        context["rows"] = rows
        context["may_create"] = self.policy().allows(self.actor, "create")
        context["due_count"] = selectors.proposal_list(actor=self.actor).filter(selectors.due_for_review_q(today)).count()
        return context


class ProposalDetailView(SecuredDetailView):
    model = Proposal
    template_name = "decisions/proposal_detail.html"

    def get_queryset(self):
        return selectors.proposal_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal = self.object
        actor = self.actor
        items = selectors.review_items(proposal=proposal)
        evidence = selectors.review_evidence(actor=actor, items=items)
        for item in items:
            item.evidence = evidence.get(str(item.pk), [])
            item.may_answer = services._may_answer(actor, item.agency_id) and proposal.status in services.REVIEW_OPEN
        comments = selectors.comments(actor=actor, proposal=proposal)
        courses = selectors.courses(proposal=proposal)
        today = timezone.localdate()
        context.update(
            courses=courses,
            score_rows=[(name, CourseOfAction._meta.get_field(name).verbose_name) for name in CourseOfAction.SCORES],
            review_items=items,
            review_statuses=ReviewItemStatus.choices,
            review_done=sum(1 for i in items if i.status == "answered"),
            positions=selectors.positions(proposal=proposal),
            comments=comments,
            transitions=selectors.transitions(proposal=proposal),
            steps=selectors.available_steps(actor=actor, proposal=proposal),
            flags=selectors.proposal_flags(proposal),
            marked_objects=comments,
            may_change=self.policy().allows(actor, "change", proposal) and proposal.status not in (
                ProposalStatus.DECIDED, ProposalStatus.IMPLEMENTING, ProposalStatus.CLOSED),
            may_export=self.policy().allows(actor, "export", proposal),
            may_comment=policy_for(type(proposal)).allows(actor, "view", proposal)
            and services.policy_for(services.Comment).allows(actor, "create") and proposal.status != "closed",
            may_position=proposal.status in services.REVIEW_OPEN and actor.has_role(*services.REVIEWERS),
            position_form=PositionForm(actor=actor),
            comment_form=CommentForm(),
            transition_form=TransitionForm(initial={"version": proposal.version}),
            due_for_review=bool(proposal.outcome == "deferred" and proposal.revisit_on and proposal.revisit_on <= today
                                and proposal.status == "decided"),
            today=today,
        )
        # The comments shown raise the banner like the proposal itself (the base computed it before them).
        context["page_marking"] = context["page_marking"].merge(page_marking(comments))
        return context


class ProposalFormView(ServiceFormView):
    """Create or edit a proposal; after a stale save, the page shows what the other officer saved."""

    model = Proposal
    template_name = "decisions/proposal_form.html"
    record = None
    theirs = None

    def get_form(self):
        return ProposalForm(self.request.POST or None, actor=self.actor, instance=self.record)

    def render_form(self, form):
        return render(self.request, self.template_name, {
            "form": form, "object": self.record, "theirs": self.theirs,
            "page_marking": page_marking([self.record] if self.record else []),
        })

    def done_url(self, proposal):
        return _detail(proposal.pk)

    def stale(self, form):
        self.theirs = self.their_changes(form)

    def their_changes(self, form):
        """What the other officer saved, field by field, next to what this one typed (nothing is lost)."""
        # Through the access layer: the other officer may have raised the marking above this reader.
        current = selectors.proposal_get(actor=self.actor, pk=self.record.pk)
        rows = []
        for name in ProposalForm.proposal_fields:
            theirs, mine = getattr(current, name), form.cleaned_data.get(name)
            if (theirs or "") != (mine or ""):
                rows.append((form.fields[name].label, theirs, mine))
        # The next save is based on their version.
        form.data = form.data.copy()
        form.data["version"] = current.version
        return rows


class ProposalCreateView(CreateGateMixin, ProposalFormView):
    def save(self, form):
        return services.proposal_create(actor=self.actor, data=form.proposal_data(), marking=form.marking())


class ProposalUpdateView(RecordGateMixin, ProposalFormView):
    lookup = staticmethod(selectors.proposal_get)

    def save(self, form):
        version = form.cleaned_data.get("version") or self.record.version
        return services.proposal_update(actor=self.actor, proposal=self.record, data=form.proposal_data(),
                                        expected_version=version)


class ProposalActionView(RecordGateMixin, RecordActionView):
    """A POST on a visible proposal (GET shows the proposal); errors come back as messages."""

    model = Proposal
    gate_action = ""
    anchor = ""
    lookup = staticmethod(selectors.proposal_get)

    @property
    def proposal(self):
        return self.record

    def target(self):
        return _detail(self.proposal.pk, self.anchor)


class ChildActionView(ProposalActionView):
    """A POST on a child record (course of action, review item, its `model`) of a visible proposal."""

    def find(self, actor, pk):
        return get_object_or_404(policy_for(self.model).scope(actor, "view").select_related("proposal"), pk=pk)

    @property
    def proposal(self):
        return self.record.proposal


class ProposalTransitionView(ProposalActionView):
    anchor = "steps"

    def act(self):
        form = TransitionForm(self.request.POST)
        if not form.is_valid():
            raise ServiceError(_("Check the reason and the date."))
        transition = services.proposal_transition(
            actor=self.actor, proposal=self.proposal, step=form.cleaned_data["step"],
            reason=form.cleaned_data["reason"], revisit_on=form.cleaned_data.get("revisit_on"),
            expected_version=form.cleaned_data.get("version"))
        return _("The proposal is now %(status)s.") % {"status": ProposalStatus(transition.to_status).label}


class PositionCreateView(ProposalActionView):
    anchor = "positions"

    def act(self):
        form = PositionForm(self.request.POST, actor=self.actor)
        if not form.is_valid():
            raise ServiceError(_("Choose your ministry and its position."))
        services.position_record(actor=self.actor, proposal=self.proposal, agency=form.cleaned_data["agency"],
                                 stance=form.cleaned_data["stance"], reasons=form.cleaned_data["reasons"])
        return _("Position recorded.")


class CommentCreateView(ProposalActionView):
    anchor = "comments"

    def act(self):
        form = CommentForm(self.request.POST)
        if not form.is_valid():
            raise ServiceError(_("Write the comment."))
        services.comment_add(actor=self.actor, proposal=self.proposal, body=form.cleaned_data["body"],
                             non_attributable=form.cleaned_data["non_attributable"])
        return _("Comment added.")


class CourseCreateView(RecordGateMixin, ServiceFormView):
    model = Proposal
    template_name = "decisions/course_form.html"
    message = gettext_lazy("Course of action added.")
    lookup = staticmethod(selectors.proposal_get)

    def get_form(self):
        if self.request.method == "POST":
            return CourseForm(self.request.POST)
        return CourseForm(initial={"label": f"COA {len(selectors.courses(proposal=self.record)) + 1}"})

    def render_form(self, form):
        return render(self.request, self.template_name, {"form": form, "proposal": self.record,
                                                         "page_marking": page_marking([self.record])})

    def save(self, form):
        return services.course_add(actor=self.actor, proposal=self.record, data=form.course_data())

    def done_url(self, saved):
        return _detail(self.record.pk, "courses")


class CourseRecommendView(ChildActionView):
    model = CourseOfAction
    anchor = "courses"

    def act(self):
        form = RecommendForm(self.request.POST)
        if not form.is_valid():
            raise ServiceError(_("Give the reasons for recommending this course of action."))
        services.course_recommend(actor=self.actor, course=self.record, reasons=form.cleaned_data["reasons"])
        return _("Recommendation recorded.")


class ReviewItemUpdateView(ChildActionView):
    model = ReviewItem
    anchor = "review"

    def act(self):
        form = ReviewItemForm(self.request.POST)
        if not form.is_valid():
            raise ServiceError(_("Check the status and the date."))
        services.review_item_update(actor=self.actor, item=self.record, finding=form.cleaned_data["finding"],
                                    status=form.cleaned_data["status"], due_on=form.cleaned_data.get("due_on"),
                                    expected_version=form.cleaned_data.get("version") or self.record.version)
        return _("Review item saved.")


class ReviewEvidenceAddView(ChildActionView):
    model = ReviewItem
    anchor = "review"

    def act(self):
        from peaceops.documents.models import Document

        form = EvidenceForm(self.request.POST)
        if not form.is_valid():
            raise ServiceError(_("Give the document's reference."))
        document = (policy_for(Document).scope(self.actor, "view")
                    .filter(reference__iexact=form.cleaned_data["document"].strip()).first())
        if document is None:
            raise ServiceError(_("No document with this reference."))
        services.review_item_add_evidence(actor=self.actor, item=self.record, document=document,
                                          note=form.cleaned_data["note"])
        return _("Evidence linked.")


def month_start(day):
    return day.replace(day=1)


def next_month(day):
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


class ProposalBriefView(SecuredView):
    """POST: queue the one-page decision brief in Vietnamese or English (`lang`) as a background job,
    then show the job's page. Non-attributable comments are never in a brief (no comment is)."""

    model = Proposal

    def get(self, request, pk):
        """The buttons live on the proposal's page."""
        return redirect(_detail(selectors.proposal_get(actor=self.actor, pk=pk).pk))

    def post(self, request, pk):
        from peaceops.core.errors import NotPermitted

        from . import tasks

        proposal = selectors.proposal_get(actor=self.actor, pk=pk)
        try:
            job = tasks.brief_job_start(actor=self.actor, proposal=proposal, language=request.POST.get("lang", ""))
        except NotPermitted:
            raise Http404 from None
        return redirect("decisions:brief-job", pk=job.pk)


class BriefJobView(SecuredDetailView):
    """One brief job: a progress bar that polls (HTMX, every second) until it ends, then the download."""

    model = Job
    audit_reads = False  # a job is not classified; the download is audited as the export it is
    template_name = "decisions/brief_job.html"
    context_object_name = "job"

    def get_object(self, queryset=None):
        from . import tasks

        try:
            return tasks.brief_job_get(actor=self.actor, pk=self.kwargs["pk"])
        except Job.DoesNotExist:
            raise Http404 from None

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["decisions/_brief_job.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        from . import tasks

        proposal = tasks.brief_job_proposal(actor=self.actor, job=self.object)
        return super().get_context_data(proposal=proposal, marked_objects=[proposal] if proposal else [],
                                        language=tasks.brief_language(self.object.params.get("language")),
                                        oob=bool(getattr(self.request, "htmx", False)), **kwargs)


class BriefDownloadView(SecuredView):
    """The finished brief as a PDF, for the officer who asked for it; audited as an export."""

    model = Proposal

    def get(self, request, pk):
        from django.http import HttpResponse

        from peaceops.core.errors import NotPermitted

        from . import tasks

        try:
            job = tasks.brief_job_get(actor=self.actor, pk=pk)
            brief = tasks.brief_download(actor=self.actor, job=job)
        except (Job.DoesNotExist, NotPermitted):
            raise Http404 from None
        response = HttpResponse(brief.content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{brief.filename}"'
        response["X-PeaceOps-Marking"] = brief.marking
        return response


class RoadmapListView(SecuredListView):
    model = ActionItem
    filterset_class = ActionItemFilter
    template_name = "decisions/roadmap.html"
    sort_fields = ACTION_SORTS
    default_sort = "due"

    def base_queryset(self):
        return selectors.action_item_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        rows = list(context["page_obj"].object_list)
        periods = selectors.calendar_periods()
        from .calendar import periods_covering

        # An item may come from a proposal the reader may not see: name it only when visible.
        visible = set(selectors.proposal_list(actor=self.actor).filter(
            pk__in={i.proposal_id for i in rows if i.proposal_id}).values_list("pk", flat=True))
        for item in rows:
            item.shown_proposal = item.proposal if item.proposal_id in visible else None
            item.is_overdue = bool(item.due_on and item.due_on < today
                                   and item.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS))
            item.calendar_flags = periods_covering(item.due_on, periods)
        context["rows"] = rows
        context["timeline"] = self.timeline(periods, today)
        # The timeline may show items beyond this page: the banner covers them too.
        context["marked_objects"] = [item for entry in context["timeline"] for item in entry["items"]]
        context["page_marking"] = context["page_marking"].merge(page_marking(context["marked_objects"]))
        context["overdue_count"] = selectors.action_item_list(actor=self.actor).filter(
            selectors.overdue_q(today)).count()
        return context

    TIMELINE_LIMIT = 200
    TIMELINE_MONTHS = 18

    def timeline(self, periods, today):
        """The filtered items with a due date, by month (at most 18 months from the first), with the
        sensitive periods that touch each month."""
        items = list(self.object_list.exclude(due_on=None).order_by("due_on", "pk")[:self.TIMELINE_LIMIT])
        if not items:
            return []
        months, month = [], month_start(items[0].due_on)
        last = month_start(items[-1].due_on)
        while month <= last and len(months) < self.TIMELINE_MONTHS:
            end = next_month(month) - dt.timedelta(days=1)
            months.append({
                "month": month,
                "items": [i for i in items if month <= i.due_on <= end],
                "periods": [p for p in periods if p.start <= end and p.end >= month],
                "is_current": month == month_start(today),
            })
            month = next_month(month)
        for entry in months:
            for item in entry["items"]:
                item.is_overdue = bool(item.due_on < today and item.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS))
        return months
