"""The search index: one row per (document, marking) group of text, itself marked like a classified record.

A row holds the text of the portions of one document that share one marking (and the document's
title, reference and tags in the row of the document's own marking), with those marking columns.
The columns carry the same names as ClassifiedModel's, so `visibility_q(actor)` filters index rows
exactly as it filters records: the clearance test runs inside the search query.

The full-text structure lives beside the table and is vendor-specific (migration 0003_search):
- SQLite: the FTS5 table `documents_searchentry_fts` (external content = this table, rowid = id),
  fed with `fold(body)` so that đ/Đ fold like the other diacritics;
- PostgreSQL: the column `vector tsvector` (to_tsvector('simple', unaccent(body))) with a GIN index.
Neither is a model field (Django has no portable type for them); search/backends.py writes them.
"""

import datetime as dt

from django.db import models
from django.utils import timezone

from peaceops.access.models import level_code, level_label, mask_to_compartments


class SearchEntry(models.Model):
    """Text of one document under one marking: the unit the full-text index matches and ranks."""

    id = models.BigAutoField(primary_key=True)  # the FTS5 rowid
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="+",
                                 db_constraint=False, db_index=False)  # indexed below, by name
    head = models.BooleanField(default=False)  # holds the title / reference / tags (the document's own marking)
    portions = models.CharField(max_length=200, blank=True)  # the portion numbers it holds, e.g. "1,3,4"
    level_id = models.PositiveSmallIntegerField()
    compartment_mask = models.BigIntegerField(default=0)
    owning_agency_id = models.UUIDField()
    releasable_mask = models.BigIntegerField(default=0)
    declassify_on = models.DateField(null=True, blank=True)
    downgrade_level_id = models.PositiveSmallIntegerField(null=True, blank=True)
    body = models.TextField()  # last: see migration 0003 (small columns first, read without the body)

    class Meta:
        app_label = "documents"
        ordering = ["id"]
        indexes = [models.Index(fields=["document"], name="searchentry_document_idx")]

    def __str__(self) -> str:
        return f"{self.document_id} [{self.portions or 'head'}]"

    # The marking helpers the page banner reads (peaceops.access.banner.page_marking).
    def effective_level(self, today: dt.date | None = None) -> int:
        today = today or timezone.localdate()
        if self.declassify_on and self.declassify_on <= today and self.downgrade_level_id is not None:
            return min(self.level_id, self.downgrade_level_id)
        return self.level_id

    @property
    def compartments(self) -> list[str]:
        return mask_to_compartments(self.compartment_mask)

    @property
    def level_code(self) -> str:
        return level_code(self.effective_level())

    @property
    def marking(self) -> str:
        return " // ".join([level_label(self.effective_level()).upper(), *self.compartments])
