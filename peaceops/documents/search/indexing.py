"""Keeping the index in step: a document's text becomes one SearchEntry per marking group.

Portions that share a marking (level, compartments, owner, releasability, declassification) go
into one row with that marking; the title, reference and tags go with the document's own marking.
The vendor's full-text structure (FTS5 table / tsvector column) follows the rows through the
triggers of migration 0003_search, so these functions only write SearchEntry rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

from ..models import Document, Portion
from .models import SearchEntry

MARKING_FIELDS = ("level_id", "compartment_mask", "owning_agency_id", "releasable_mask", "declassify_on",
                  "downgrade_level_id")
PORTION_NUMBERS_MAX = 200


def marking_key(record) -> tuple:
    return tuple(getattr(record, name) for name in MARKING_FIELDS)


def head_text(document: Document) -> str:
    return head_text_of(document.title, document.reference, document.tags)


def head_text_of(title: str, reference: str, tags) -> str:
    parts = [title, reference, " ".join(tags or [])]
    return "\n".join(p for p in parts if p)


def entries_for(document: Document, portions: Iterable[Portion]) -> list[SearchEntry]:
    """The index rows of one document (not saved): one per marking group, the head in its own marking."""
    values = entry_values(document.pk, marking_key(document), head_text(document),
                          [(marking_key(p), p.number or str(p.order), p.text) for p in portions])
    return [SearchEntry(**row) for row in values]


def entry_values(document_id, head_key: tuple, head: str, portions: Iterable[tuple[tuple, str, str]]) -> list[dict]:
    """The column values of one document's index rows, from plain values (the batch import's rows):
    the head text under the document's marking key, then each portion's (marking key, number, text)
    in order; one row per marking key, rows without text left out."""
    groups: dict[tuple, tuple[bool, list, list]] = {head_key: (True, [], [head])}
    for key, number, text in portions:
        group = groups.get(key)
        if group is None:
            group = groups[key] = (False, [], [])
        group[1].append(number)
        group[2].append(text)
    entries = []
    for key, (is_head, numbers, texts) in groups.items():
        body = "\n\n".join(t for t in texts if t)
        if not body.strip():
            continue
        entries.append({"document_id": document_id, "head": is_head, "portions": ",".join(numbers)[:PORTION_NUMBERS_MAX],
                        "body": body, **dict(zip(MARKING_FIELDS, key, strict=True))})
    return entries


def index_document(document: Document, *, portions: Iterable[Portion] | None = None, fresh: bool = False) -> int:
    """(Re)build the rows of one document; returns how many rows it has.

    `portions`: the document's portions when the caller already holds them (an import that has just
    created them), which saves reading them back; `fresh=True`: the document is new, so it has no
    rows to drop. Without them, the stored portions are read and the old rows replaced.
    """
    with transaction.atomic():
        if not fresh:
            SearchEntry.objects.filter(document_id=document.pk).delete()
        if portions is None:
            portions = Portion.objects.unrestricted().filter(document_id=document.pk).order_by("order")
        entries = entries_for(document, sorted(portions, key=lambda p: p.order))
        SearchEntry.objects.bulk_create(entries)
    return len(entries)


def unindex_document(document_id) -> None:
    SearchEntry.objects.filter(document_id=document_id).delete()


def reindex_all(*, batch: int = 500, progress: Callable[[int], None] | None = None) -> dict:
    """Rebuild the whole index from the documents and portions (maintenance: run in system_scope).

    Documents are read in primary-key batches, each batch in one transaction; `progress(n)` is
    called after each batch with the number of documents done in it.
    """
    totals = {"documents": 0, "entries": 0}
    with transaction.atomic():
        SearchEntry.objects.all().delete()
    last = None
    while True:
        documents = Document.objects.unrestricted().order_by("pk")
        if last is not None:
            documents = documents.filter(pk__gt=last)
        chunk = list(documents[:batch])
        if not chunk:
            break
        by_document: dict = {d.pk: [] for d in chunk}
        for portion in Portion.objects.unrestricted().filter(document_id__in=list(by_document)).order_by(
                "document_id", "order"):
            by_document[portion.document_id].append(portion)
        with transaction.atomic():
            entries = [e for d in chunk for e in entries_for(d, by_document[d.pk])]
            SearchEntry.objects.bulk_create(entries, batch_size=500)
        totals["documents"] += len(chunk)
        totals["entries"] += len(entries)
        last = chunk[-1].pk
        if progress:
            progress(len(chunk))
    return totals
