"""The search page: a GET form (q + facet filters), facets with counts, ranked results with snippets."""

from urllib.parse import urlencode

from peaceops.access.views import SecuredTemplateView

from ..models import Document
from ..search.service import (
    FACETS,
    PER_PAGE_DEFAULT,
    SearchQueryError,
    agency_table,
    parse_filters,
    search_documents,
)

FILTER_PARAMS = ("kind", "tag", "level", "agency", "year")


def _query_string(params, **changes) -> str:
    values = {k: v for k, v in params.items() if k in ("q", *FILTER_PARAMS) and v}
    for key, value in changes.items():
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
    return "?" + urlencode(values)


class DocumentSearchView(SecuredTemplateView):
    """Full-text search of the library; what the reader may not see is neither listed nor counted."""

    model = Document
    template_name = "documents/search.html"

    def get_context_data(self, **kwargs):
        params = self.request.GET
        query = params.get("q", "").strip()
        context = {"query": query, "results": None, "error": None, "facet_groups": [], "pages": {}}
        if query:
            try:
                filters = parse_filters(params, agency_table())
                try:
                    page = max(1, int(params.get("page", 1)))
                except ValueError:
                    page = 1
                results = search_documents(actor=self.actor, query=query, filters=filters, page=page,
                                           per_page=PER_PAGE_DEFAULT)
            except SearchQueryError as error:
                context["error"] = error.message
            else:
                context["results"] = results
                context["marked_objects"] = results.marked_objects
                context["facet_groups"] = self.facet_groups(results, params)
                context["pages"] = {
                    "previous": _query_string(params, page=str(results.page - 1)) if results.has_previous else None,
                    "next": _query_string(params, page=str(results.page + 1)) if results.has_next else None,
                }
        return super().get_context_data(**context, **kwargs)

    @staticmethod
    def facet_groups(results, params) -> list[dict]:
        from django.utils.translation import gettext_lazy as _

        titles = {"kind": _("Kind"), "tag": _("Tag"), "level": _("Classification"), "agency": _("Agency"),
                  "year": _("Year")}
        groups = []
        for name in FACETS:
            buckets = results.facets.get(name, [])
            links = [{"bucket": b, "url": _query_string(params, **{name: None if b.selected else b.value, "page": None})}
                     for b in buckets]
            groups.append({"name": name, "title": titles[name], "links": links,
                           "clear": _query_string(params, **{name: None, "page": None}) if params.get(name) else None})
        return groups
