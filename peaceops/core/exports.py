"""The audited CSV export of a list page: the rows the actor sees with the page's filters, capped, with
the export audited before the file leaves and the highest marking of the rows in a header."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import Http404, HttpResponse
from django.utils import timezone

from peaceops.access.banner import page_marking
from peaceops.access.views import SecuredView

EXPORT_LIMIT = 10_000


def csv_response(header: list[str], rows: Iterable[list], stem: str, marking) -> HttpResponse:
    """A UTF-8 CSV (with the byte-order mark spreadsheets want) named `stem-YYYYmmdd-HHMM.csv`; the
    marking of its contents travels in the X-PeaceOps-Marking header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{timezone.localtime():%Y%m%d-%H%M}.csv"'
    response["X-PeaceOps-Marking"] = marking.code
    return response


class AuditedCsvExportView(SecuredView):
    """GET: 404 unless the actor may export `model`; else the `filterset_class` over `base_queryset()`
    with the request's filters, in `ordering`, at most `limit` rows, audited through the app's
    `export_audit` service, as a CSV of `header` and `row(obj)`. Apps declare what differs."""

    filterset_class = None
    ordering: tuple[str, ...] = ()
    header: list[str] = []
    filename_stem = ""
    limit = EXPORT_LIMIT

    def base_queryset(self):
        raise NotImplementedError

    def export_audit(self, **kwargs) -> None:
        """The app's `services.export_audit` (policy, audit row, same transaction)."""
        raise NotImplementedError

    def prepare(self, rows: list) -> None:
        """Fetch what the rows need beside their fields (one query for all of them)."""

    def row(self, obj) -> list:
        raise NotImplementedError

    def marking(self, rows: list):
        return page_marking(rows)

    def get(self, request):
        if not self.policy().allows(self.actor, "export"):
            raise Http404
        filters = self.filterset_class(request.GET, queryset=self.base_queryset())
        rows = list(filters.qs.order_by(*self.ordering)[: self.limit])
        self.prepare(rows)
        self.export_audit(actor=self.actor, model=self.model, count=len(rows), filters=request.GET.dict())
        return csv_response(self.header, [self.row(obj) for obj in rows], self.filename_stem, self.marking(rows))
