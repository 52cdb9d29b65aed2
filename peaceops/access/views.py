"""Secured base views: every page that shows data derives from these, so access is never optional.

A page's queryset comes from the model's policy for the current actor; anything outside it is a
404, exactly like a record that does not exist.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from peaceops.audit.recorder import record_read
from peaceops.core.pagination import CappedPaginator

from .banner import page_marking
from .policies import policy_for


class PublicViewMixin:
    """Marks a view as deliberately open (sign-in page, language switch); the system check allows it."""

    peaceops_public = True


def public_view(func):
    func.peaceops_public = True
    return func


class SecuredViewMixin(LoginRequiredMixin):
    """Signed-in users only; exposes `actor` and the page marking banner."""

    peaceops_secured = True
    model = None
    action = "view"

    @property
    def actor(self):
        return self.request.actor

    def policy(self):
        return policy_for(self.model)

    def marked_objects(self, context) -> list:
        items = []
        if context.get("object") is not None:
            items.append(context["object"])
        page = context.get("page_obj")
        if page is not None:
            items.extend(page.object_list)
        items.extend(context.get("marked_objects", []))
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        marking = page_marking(self.marked_objects(context))
        for extra in context.get("aggregate_markings", []):
            marking = marking.merge(extra)
        context["page_marking"] = marking
        return context

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            raise Http404
        return super().handle_no_permission()


class SecuredTemplateView(SecuredViewMixin, TemplateView):
    pass


class SecuredView(SecuredViewMixin, View):
    """For actions (POST endpoints, downloads) that are not a list or a detail page."""


class SecuredListView(SecuredViewMixin, ListView):
    """List = selector queryset + one FilterSet (shared with the API) + sorting + pagination."""

    filterset_class = None
    paginate_by = 50
    page_sizes = (25, 50, 100, 200)
    sort_fields: dict[str, str] = {}
    default_sort = ""

    def base_queryset(self):
        return self.policy().scope(self.actor, self.action)

    def get_queryset(self):
        queryset = self.base_queryset()
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)
            queryset = self.filterset.qs if self.filterset.is_bound else queryset
        else:
            self.filterset = None
        return queryset.order_by(*self.ordering_for(self.request.GET.get("sort", self.default_sort)))

    def ordering_for(self, sort: str) -> list[str]:
        descending = sort.startswith("-")
        field = self.sort_fields.get(sort.lstrip("-"))
        if field is None:
            return list(self.model._meta.ordering) + ["pk"]
        return [("-" if descending else "") + field, "pk"]

    def get_paginate_by(self, queryset):
        try:
            size = int(self.request.GET.get("per_page", self.paginate_by))
        except ValueError:
            size = self.paginate_by
        return size if size in self.page_sizes else self.paginate_by

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["sort"] = self.request.GET.get("sort", self.default_sort)
        context["page_sizes"] = self.page_sizes
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context

    def paginate_queryset(self, queryset, page_size):
        # An out-of-range page shows the last page instead of an error.
        paginator = CappedPaginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()


class SecuredDetailView(SecuredViewMixin, DetailView):
    """Detail of one visible record; reading classified detail is audited."""

    audit_reads = True

    def get_queryset(self):
        return self.policy().scope(self.actor, self.action)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if self.audit_reads:
            record_read(actor=self.actor, target=obj)
        return obj
