"""Readiness pages: post types, a post type's eligible pool (and its CSV), a person's eligibility."""

from __future__ import annotations

import csv
import io

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.banner import PageMarking, page_marking
from peaceops.access.models import compartment_bits, level_labels
from peaceops.access.policies import policy_for
from peaceops.access.views import SecuredDetailView, SecuredTemplateView, SecuredView
from peaceops.people import selectors as people_selectors
from peaceops.people.models import Person

from . import selectors, services, wording
from .forms import tour_from
from .models import PostType
from .pool import eligible_pool

POOL_PAGE_SIZES = (25, 50, 100, 200)


def host_marking(params) -> PageMarking:
    """The marking the host page already shows (sent by the page itself); only ever raises the banner."""
    try:
        level = min(max(0, int(params.get("level", 0))), max(level_labels()))
    except (TypeError, ValueError):
        level = 0
    known = compartment_bits()
    return PageMarking(level, tuple(sorted({c for c in params.getlist("compartment") if c in known})))


def verdict_rows(readiness, tour) -> list[dict]:
    """What a template shows of each verdict: the post type, the outcome, every check and reason."""
    rows = []
    for rules, verdict in readiness.verdicts:
        shown = wording.verdict_dict(verdict, rules.types, rules.rules, tour)
        rows.append({"post_type": rules.post_type, "rule_set": rules.rule_set, **shown,
                     "messages": [r["message"] for r in shown["reasons"]]})
    return rows


class ReadinessIndexView(SecuredTemplateView):
    """The post types, the rule set in force for the default tour, and a link to each pool."""

    model = PostType
    template_name = "readiness/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tour = selectors.default_tour(timezone.localdate())
        post_types = list(selectors.post_type_list(actor=self.actor))
        in_force = selectors.rules_in_force(post_types=post_types, on=tour.start)
        context.update(tour=tour, rows=[
            {"post_type": p, "rules": in_force.get(p.code),
             "requirements": [(wording.check_label(c, r.types, r.rules),
                               wording.requirement_text(c, r.rules, tour, r.types)) for c in r.rules.checks()]
             if (r := in_force.get(p.code)) else []}
            for p in post_types])
        return context


class PoolMixin:
    """Reads the post type and the tour from the query; `self.pool` or `self.form` with its errors."""

    def load_pool(self, request):
        post_types = list(selectors.post_type_list(actor=self.actor))
        defaults = selectors.default_tour(timezone.localdate())
        params = request.GET.copy()
        if not params.get("post_type") and post_types:
            params["post_type"] = post_types[0].code
        self.form = tour_from(params, post_types=post_types, defaults=defaults)
        self.pool = None
        if self.form.is_valid():
            post_type = next(p for p in post_types if p.code == self.form.cleaned_data["post_type"])
            tour = self.form.tour
            rules = selectors.rules_in_force(post_types=[post_type], on=tour.start).get(post_type.code)
            self.post_type, self.tour, self.rules = post_type, tour, rules
            if rules is not None:
                self.pool = eligible_pool(actor=self.actor, rules=rules, tour=tour)
        return self.pool


class PoolView(PoolMixin, SecuredTemplateView):
    """Who may be sent to a post type for a tour; those who may not, grouped by their first failing check."""

    model = PostType
    template_name = "readiness/pool.html"

    def get(self, request, *args, **kwargs):
        self.load_pool(request)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        pool = self.pool
        context = {"form": self.form, "pool": pool}
        if pool is not None:
            try:
                per_page = int(self.request.GET.get("per_page", 50))
            except ValueError:
                per_page = 50
            per_page = per_page if per_page in POOL_PAGE_SIZES else 50
            page = Paginator(pool.eligible, per_page).get_page(self.request.GET.get("page"))
            rules, tour = pool.rules, pool.tour
            context.update(
                page_obj=page, post_type=self.post_type, tour=tour, rule_set=rules.rule_set,
                failing=[{"check": check, "count": count, "label": wording.check_label(check, rules.types, rules.rules),
                          "requirement": wording.requirement_text(check, rules.rules, tour, rules.types),
                          "hidden": check in pool.hidden} for check, count in pool.failing],
                requirements=[{"label": wording.check_label(c, rules.types, rules.rules),
                               "requirement": wording.requirement_text(c, rules.rules, tour, rules.types),
                               "hidden": c in pool.hidden} for c in rules.rules.checks()],
                may_export=policy_for(PostType).allows(self.actor, "export"),
                export_query=self.request.GET.urlencode(),
                marked_objects=list(page.object_list),
            )
        elif self.form.is_valid():
            context.update(post_type=self.post_type, tour=self.tour, no_rules=True)
        context = super().get_context_data(**kwargs) | context
        context["page_marking"] = page_marking(context.get("marked_objects", []))
        return context


class PoolExportView(PoolMixin, SecuredView):
    """The eligible pool as CSV; audited; for those who may export pools."""

    model = PostType

    def get(self, request):
        if not policy_for(PostType).allows(self.actor, "export"):
            raise Http404
        pool = self.load_pool(request)
        if pool is None:
            raise Http404
        services.pool_export_audit(actor=self.actor, post_type=self.post_type.code, tour=pool.tour,
                                   count=pool.eligible_count, fmt="csv")
        marking = page_marking(pool.eligible)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([marking.label])
        writer.writerow([_("Post type"), _("Tour starts"), _("Tour ends"), _("Rule set version")])
        writer.writerow([self.post_type.code, pool.tour.start.isoformat(), pool.tour.end.isoformat(),
                         pool.rules.rule_set.version])
        writer.writerow([_("Service number"), _("Name"), _("Rank"), _("Service"), _("Unit"), _("Classification")])
        for person in pool.eligible:
            writer.writerow([person.service_number, person.full_name, person.rank, person.get_service_display(),
                             person.unit.code if person.unit_id else "", person.marking])
        response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (f'attachment; filename="pool-{self.post_type.code}-'
                                           f'{pool.tour.start.isoformat()}.csv"')
        response["X-PeaceOps-Marking"] = marking.code
        return response


class PersonReadinessView(SecuredDetailView):
    """A person's eligibility for every post type on one tour, with the records the reader may see."""

    model = Person
    template_name = "readiness/person_readiness.html"

    def get_queryset(self):
        return people_selectors.person_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        defaults = selectors.default_tour(timezone.localdate())
        form = tour_from(self.request.GET, defaults=defaults)
        tour = form.tour if form.is_valid() else defaults
        readiness = selectors.person_readiness(actor=self.actor, person=self.object, tour=tour)
        rows = verdict_rows(readiness, tour)
        context.update(
            person=self.object, form=form, tour=tour, rows=rows, readiness=readiness,
            eligible_count=sum(1 for r in rows if r["eligible"]),
            may_record=policy_for(Person).allows(self.actor, "change", self.object),
        )
        context["page_marking"] = page_marking([self.object, *readiness.shown_records])
        return context


class PersonCardView(SecuredView):
    """The eligibility card on the person's page, loaded by HTMX (the banners are raised out of band)."""

    model = Person

    def get(self, request, pk):
        person = people_selectors.person_get(actor=self.actor, pk=pk)
        tour = selectors.default_tour(timezone.localdate())
        readiness = selectors.person_readiness(actor=self.actor, person=person, tour=tour)
        rows = verdict_rows(readiness, tour)
        # The card's sentences come from the records the reader may see: their markings raise the banners.
        marking = host_marking(request.GET).merge(page_marking([person, *readiness.shown_records]))
        return render(request, "readiness/_person_card.html", {
            "person": person, "tour": tour, "rows": rows, "eligible_count": sum(1 for r in rows if r["eligible"]),
            "page_marking": marking, "oob": bool(getattr(request, "htmx", False)),
        })
