"""The audited CSV export every list page shares: 404 for who may not export, the rows capped and in
order, one audit call with their count and the filters, and the marking in a header."""

import csv
import io

import pytest
from django.http import Http404
from django.test import RequestFactory

from peaceops.core import exports


class _Marking:
    code = "SECRET"


class _Rows(list):
    def order_by(self, *fields):
        self.ordered_by = fields
        return self


class _Filter:
    def __init__(self, data, queryset):
        self.qs = _Rows(row for row in queryset if row["kind"] == data.get("kind", row["kind"]))


class _Policy:
    def __init__(self, may_export):
        self.may_export = may_export

    def allows(self, actor, action, obj=None):
        return action == "export" and self.may_export


def _export_view(*, may_export, audited, limit=10):
    class NoteExport(exports.AuditedCsvExportView):
        filterset_class = _Filter
        ordering = ("title",)
        header = ["title", "kind"]
        filename_stem = "notes"

        def policy(self):
            return _Policy(may_export)

        def base_queryset(self):
            return [{"title": f"n{i}", "kind": "a" if i % 2 else "b"} for i in range(30)]

        def export_audit(self, **kwargs):
            audited.append(kwargs)

        def row(self, note):
            return [note["title"], note["kind"]]

        def marking(self, rows):
            return _Marking()

    view = NoteExport()
    view.limit = limit
    view.request = RequestFactory().get("/notes.csv", {"kind": "a"})
    view.request.actor = "reader"
    return view


def test_who_may_not_export_gets_404_and_nothing_is_audited():
    audited = []
    with pytest.raises(Http404):
        _export_view(may_export=False, audited=audited).get(RequestFactory().get("/notes.csv"))
    assert audited == []


def test_the_export_is_capped_audited_once_and_carries_its_marking():
    audited = []
    view = _export_view(may_export=True, audited=audited, limit=4)
    response = view.get(view.request)
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows == [["title", "kind"], ["n1", "a"], ["n3", "a"], ["n5", "a"], ["n7", "a"]]
    assert audited == [{"actor": "reader", "model": None, "count": 4, "filters": {"kind": "a"}}]
    assert response["X-PeaceOps-Marking"] == "SECRET"
    assert response["Content-Disposition"].startswith('attachment; filename="notes-')
    assert response["Content-Type"] == "text/csv; charset=utf-8"
