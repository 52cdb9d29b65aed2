"""Planner pages: rotations to plan, a rotation's plans and the run form, a plan (filled and unfilled posts,
objective against its proven bound, women's share against each target, reasons), compare two plans,
and the actions (lock, swap, re-run after a drop-out, publish). Logic lives in selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from peaceops.access.banner import page_marking
from peaceops.access.policies import policy_for
from peaceops.access.views import SecuredListView, SecuredTemplateView, SecuredView
from peaceops.core.errors import ServiceError
from peaceops.core.ids import is_uuid
from peaceops.missions import selectors as missions
from peaceops.missions.models import Rotation
from peaceops.people.models import Person
from peaceops.readiness import selectors as readiness

from . import scoring, selectors, services, wording
from .choices import PlanStatus, ReasonKind
from .forms import DropForm, NominateForm, RunForm, SwapForm
from .instance import split_post_id
from .models import PlanRun

PASSED_OVER_SHOWN = 200


class RotationIndexView(SecuredListView):
    model = Rotation
    template_name = "planning/index.html"
    sort_fields = {"start": "start_date", "mission": "mission__acronym", "number": "number"}
    default_sort = "-start"

    def base_queryset(self):
        return missions.rotation_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["page_obj"].object_list)
        counts = {r["rotation_id"]: r for r in selectors.plan_list(actor=self.actor).filter(
            rotation__in=[r.pk for r in rows]).order_by().values("rotation_id").annotate(
            n=Count("pk"), last=Max("created_at"))}
        published = set(selectors.plan_list(actor=self.actor).filter(
            rotation__in=[r.pk for r in rows], status=PlanStatus.PUBLISHED).values_list("rotation_id", flat=True))
        slots = {r["rotation_id"]: r["n"] for r in missions.requirement_list(actor=self.actor).filter(
            rotation__in=[r.pk for r in rows]).order_by().values("rotation_id").annotate(n=Count("pk"))}
        for rotation in rows:
            info = counts.get(rotation.pk) or {}
            rotation.plan_count = info.get("n", 0)
            rotation.last_plan = info.get("last")
            rotation.published = rotation.pk in published
            rotation.requirement_count = slots.get(rotation.pk, 0)
        context["rows"] = rows
        return context


def _rotation(actor, pk):
    return missions.rotation_get(actor=actor, pk=pk)


class RotationPlansView(SecuredTemplateView):
    model = PlanRun
    template_name = "planning/rotation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rotation = _rotation(self.actor, kwargs["pk"])
        plans = list(selectors.plan_list(actor=self.actor, rotation=rotation).order_by("-number")[:100])
        last = plans[0].parameters if plans else {}
        context.update(rotation=rotation, plans=plans,
                       slots=missions.rotation_slot_rows(actor=self.actor, rotation=rotation),
                       form=kwargs.get("form") or RunForm(initial=RunForm.initial_from(last)),
                       may_run=policy_for(PlanRun).allows(self.actor, "create"),
                       page_marking=page_marking(plans))
        return context


class RunView(SecuredView):
    model = PlanRun

    def post(self, request, pk):
        rotation = _rotation(self.actor, pk)
        if not policy_for(PlanRun).allows(self.actor, "create"):
            raise Http404
        form = RunForm(request.POST)
        if form.is_valid():
            try:
                plan = services.plan_run_start(actor=self.actor, rotation=rotation, parameters=form.parameters())
            except ServiceError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error.message))
            else:
                return redirect("planning:detail", pk=plan.pk)
        view = RotationPlansView()
        view.setup(request, pk=pk)
        context = view.get_context_data(pk=pk, form=form)
        return render(request, view.template_name, context, status=400)


def _detail_context(actor, plan: PlanRun) -> dict:
    rows = selectors.slot_rows(actor=actor, plan=plan)
    passed = list(selectors.plan_reasons(actor=actor, plan=plan, kind=ReasonKind.PASSED_OVER)[:PASSED_OVER_SHOWN])
    excluded = list(selectors.plan_reasons(actor=actor, plan=plan, kind=ReasonKind.EXCLUDED))
    for reason in [*passed, *excluded, *[r["reason"] for r in rows if r["reason"]]]:
        reason.worded = wording.reason_text(reason.code, reason.params)
    targets = selectors.target_rows(plan)
    for row in targets:
        if row["infeasible"]:
            row["infeasible_text"] = wording.target_text(row["infeasible"])
    types = readiness.qualification_types()
    pools = []
    for pool in (plan.summary or {}).get("pools", []):
        pools.append({**pool, "failing": [(wording.check_label(c, types), n) for c, n in pool.get("failing", [])]})
    choices = [r["choice"] for r in rows if r["choice"]]
    editable = plan.status == PlanStatus.DONE and policy_for(PlanRun).allows(actor, "change", plan)
    others = list(selectors.plan_list(actor=actor, rotation=plan.rotation).exclude(pk=plan.pk).order_by("-number")[:50])
    return {
        "plan": plan, "rows": rows, "targets": targets, "passed": passed,
        "passed_total": (plan.summary or {}).get("reasons", {}).get("passed_over", len(passed)),
        "excluded": excluded, "pools": pools, "editable": editable, "choices": choices,
        "swap_people": [r.person for r in passed if r.person_id],
        "weights": scoring.WEIGHTS, "fill_weight": scoring.FILL_WEIGHT, "others": others,
        "errors": [wording.violation_text(v) for v in plan.violations or []],
        "locked_count": sum(1 for c in choices if c.locked),
    }


class PlanDetailView(SecuredTemplateView):
    model = PlanRun
    template_name = "planning/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = selectors.plan_get(actor=self.actor, pk=kwargs["pk"])
        context.update(_detail_context(self.actor, plan))
        context["page_marking"] = page_marking([plan, *[c.person for c in context["choices"]]])
        return context


class PlanProgressView(SecuredTemplateView):
    """The job's progress, polled by HTMX until the plan is finished (then the page reloads)."""

    model = PlanRun
    template_name = "planning/_progress.html"

    def get(self, request, *args, **kwargs):
        plan = selectors.plan_get(actor=self.actor, pk=kwargs["pk"])
        job = plan.job
        if job is not None and not job.is_finished:
            from peaceops.core.jobs import refresh_stale

            job = refresh_stale(job)
        response = render(request, self.template_name, {"plan": plan, "job": job,
                                                        "page_marking": page_marking([plan])})
        if plan.is_finished:
            response["HX-Refresh"] = "true"
        return response


class PlanActionView(SecuredView):
    """A POST on a visible plan; errors come back as messages on the plan page."""

    model = PlanRun

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.plan = selectors.plan_get(actor=request.actor, pk=kwargs["pk"], with_instance=True)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return redirect("planning:detail", pk=self.plan.pk)

    def post(self, request, *args, **kwargs):
        try:
            outcome = self.act(request.POST)
        except ServiceError as error:
            messages.error(request, str(error.message))
            return redirect("planning:detail", pk=self.plan.pk)
        if isinstance(outcome, PlanRun):
            return redirect("planning:detail", pk=outcome.pk)
        if outcome:
            messages.success(request, outcome)
        return redirect(reverse("planning:detail", args=[self.plan.pk]) + "#posts")


class LockView(PlanActionView):
    def act(self, data):
        choice = selectors.choice_get(actor=self.actor, pk=data.get("choice"), plan=self.plan) \
            if is_uuid(data.get("choice")) else None
        if choice is None:
            raise ServiceError(_("Choose a choice of this plan."))
        locked = data.get("locked") == "1"
        services.choice_lock(actor=self.actor, choice=choice, locked=locked)
        return _("Locked: a re-run keeps this choice.") if locked else _("Unlocked.")


class SwapView(PlanActionView):
    def act(self, data):
        form = SwapForm(data)
        if not form.is_valid():
            raise ServiceError(_("Choose two people to swap."))
        choice = selectors.choice_get(actor=self.actor, pk=form.cleaned_data["choice"], plan=self.plan)
        kind, _sep, value = form.cleaned_data["other"].partition(":")
        if not is_uuid(value):
            raise ServiceError(_("Choose two people to swap."))
        other = person = None
        if kind == "choice":
            other = selectors.choice_get(actor=self.actor, pk=value, plan=self.plan)
        elif kind == "person":
            person = Person.objects.visible_to(self.actor).filter(pk=value).first()
            if person is None:
                raise Http404
        else:
            raise ServiceError(_("Choose two people to swap."))
        services.plan_swap(actor=self.actor, plan=self.plan, choice=choice, other=other, person=person,
                           expected_version=form.cleaned_data.get("version"))
        return _("Swapped. The validator found no broken rule.")


class RerunView(PlanActionView):
    def act(self, data):
        return services.plan_rerun(actor=self.actor, plan=self.plan)


class DropView(PlanActionView):
    def act(self, data):
        form = DropForm(data)
        if not form.is_valid():
            raise ServiceError(_("Choose who drops out."))
        choice = selectors.choice_get(actor=self.actor, pk=form.cleaned_data["choice"], plan=self.plan)
        return services.plan_rerun(actor=self.actor, plan=self.plan, drop=choice,
                                   drop_reason=form.cleaned_data.get("reason") or "")


class PublishView(PlanActionView):
    def act(self, data):
        version = data.get("version")
        count = services.plan_publish(actor=self.actor, plan=self.plan,
                                      expected_version=int(version) if str(version or "").isdigit() else None)
        return _("Published: %(n)d deployments nominated.") % {"n": count}


class NominateView(SecuredTemplateView):
    """Nominate by hand: pick a post of the plan, see the plan's eligible candidates for it with their scores,
    the post each holds, why the run passed them over and whether nominating them keeps every hard rule;
    nominating makes a locked choice (audited) that the next re-run keeps."""

    model = PlanRun
    template_name = "planning/nominate.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = selectors.plan_get(actor=self.actor, pk=kwargs["pk"], with_instance=True)
        post = self.request.GET.get("post") or ""
        slot = selectors.slot_candidates(actor=self.actor, plan=plan, post=post) if post else None
        if post and slot is None:
            raise Http404
        if slot is not None:
            for row in slot["rows"]:
                if row["reason"] is not None:
                    row["reason"].worded = wording.reason_text(row["reason"].code, row["reason"].params)
        context.update({
            "plan": plan, "slots": selectors.slot_rows(actor=self.actor, plan=plan), "slot": slot, "post": post,
            "editable": plan.status == PlanStatus.DONE and policy_for(PlanRun).allows(self.actor, "change", plan),
            "weights": scoring.WEIGHTS,
            "page_marking": page_marking([plan, *([r["person"] for r in slot["rows"]] if slot else [])]),
        })
        return context

    def post(self, request, *args, **kwargs):
        plan = selectors.plan_get(actor=self.actor, pk=kwargs["pk"], with_instance=True)
        form = NominateForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a post and a person to nominate."))
            return redirect("planning:nominate", pk=plan.pk)
        post = form.cleaned_data["post"]
        back = reverse("planning:nominate", args=[plan.pk]) + "?post=" + post
        person = Person.objects.visible_to(self.actor).filter(pk=form.cleaned_data["person"]).first()
        if person is None:
            raise Http404
        try:
            requirement_id, index = split_post_id(post)
            services.plan_nominate(actor=self.actor, plan=plan, requirement_id=requirement_id, slot_index=index,
                                   person=person, expected_version=form.cleaned_data.get("version"))
        except ValueError:
            raise Http404 from None
        except ServiceError as error:
            messages.error(request, str(error.message))
            return redirect(back)
        messages.success(request, _("Nominated: %(name)s holds this post as a locked choice; a re-run keeps it.")
                         % {"name": person.full_name})
        return redirect(reverse("planning:detail", args=[plan.pk]) + "#posts")


class CompareView(SecuredTemplateView):
    model = PlanRun
    template_name = "planning/compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        a, b = self.request.GET.get("a"), self.request.GET.get("b")
        if not (is_uuid(a) and is_uuid(b)):
            raise Http404
        left = selectors.plan_get(actor=self.actor, pk=a)
        right = selectors.plan_get(actor=self.actor, pk=b)
        if left.rotation_id != right.rotation_id:
            raise Http404
        comparison = selectors.compare(actor=self.actor, left=left, right=right)
        people = []
        for row in comparison["rows"]:
            people += [c.person for c in (row["left"], row["right"]) if c]
        context.update(left=left, right=right, comparison=comparison,
                       left_targets=selectors.target_rows(left), right_targets=selectors.target_rows(right),
                       page_marking=page_marking([left, right, *people]))
        return context
