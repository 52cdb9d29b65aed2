"""Reads of the library. A portion the reader may not see comes back redacted: number and marking only.

Links are shown only when the actor may see BOTH ends: the document (its policy) and the other record
(that model's policy), so a link never reveals that an invisible record exists, in a list or a count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from peaceops.access.actor import Actor
from peaceops.access.banner import PageMarking, page_marking
from peaceops.access.models import level_code
from peaceops.access.policies import policy_for

from .linkables import Linkable, linkable_for_model
from .models import Attachment, Document, Lesson, Link, Portion


def level_abbreviation(rank: int) -> str:
    """U, C, S, TS…: the initials of the level's code (the scheme is configurable)."""
    code = level_code(rank)
    words = [w for w in code.replace("_", " ").split() if w]
    return "".join(w[0] for w in words).upper() if words else code


def portion_mark(obj) -> str:
    """The portion mark written before a paragraph: (U), (C), (S//MEDICAL)…"""
    return "(" + "//".join([level_abbreviation(obj.effective_level()), *obj.compartments]) + ")"


@dataclass(frozen=True)
class ShownPortion:
    portion: Portion
    visible: bool

    @property
    def text(self) -> str:
        return self.portion.text if self.visible else ""

    @property
    def mark(self) -> str:
        return portion_mark(self.portion)

    @property
    def marking(self) -> str:
        return self.portion.marking


@dataclass(frozen=True)
class ShownLink:
    """A link whose both ends the actor may see; `target` is the other record."""

    link: Link
    entry: Linkable
    target: object

    @property
    def label(self) -> str:
        return self.entry.label(self.target)

    @property
    def url(self) -> str:
        return self.entry.url(self.target)

    @property
    def kind(self) -> str:
        return self.entry.kind


@dataclass
class Reading:
    """What a reader gets of one document: portions (some redacted) and the records around it."""

    document: Document
    portions: list[ShownPortion]
    attachments: list = field(default_factory=list)
    lessons: list = field(default_factory=list)
    action_items: list = field(default_factory=list)
    links: list[ShownLink] = field(default_factory=list)

    @property
    def shown_portions(self) -> list[Portion]:
        return [p.portion for p in self.portions if p.visible]

    @property
    def redacted(self) -> int:
        return sum(1 for p in self.portions if not p.visible)

    def text_marking(self) -> PageMarking:
        """The banner of the document as this reader sees it: its own marking and the portions shown."""
        return page_marking([self.document, *self.shown_portions])

    def page_marking(self) -> PageMarking:
        """The banner of the whole page: the text plus every marked record shown beside it."""
        targets = [s.target for s in self.links]
        return page_marking([self.document, *self.shown_portions, *self.attachments, *self.lessons,
                             *self.action_items, *targets])


def document_list(*, actor: Actor) -> QuerySet[Document]:
    return policy_for(Document).scope(actor, "view").select_related("owning_agency")


def document_get(*, actor: Actor, pk) -> Document:
    return get_object_or_404(document_list(actor=actor), pk=pk)


def document_portions(*, actor: Actor, document: Document) -> list[ShownPortion]:
    """Every portion of a visible document, in order; those above the reader are redacted."""
    visible = set(Portion.objects.visible_to(actor).filter(document=document).values_list("pk", flat=True))
    # The redacted ones are read only for their number and marking, never shown with their text.
    every = Portion.objects.unrestricted().filter(document=document).order_by("order")
    return [ShownPortion(p, p.pk in visible) for p in every]


def document_attachments(*, actor: Actor, document: Document) -> QuerySet[Attachment]:
    """The document's original files the actor is cleared for (an attachment carries the banner)."""
    return policy_for(Attachment).scope(actor, "view").filter(document=document).order_by("filename", "pk")


def attachment_get(*, actor: Actor, document: Document, pk) -> Attachment:
    return get_object_or_404(document_attachments(actor=actor, document=document), pk=pk)


def document_lessons(*, actor: Actor, document: Document) -> QuerySet[Lesson]:
    return policy_for(Lesson).scope(actor, "view").filter(document=document).order_by("created_at", "pk")


def document_action_items(*, actor: Actor, document: Document) -> QuerySet:
    from peaceops.decisions.models import ActionItem

    return policy_for(ActionItem).scope(actor, "view").filter(source_document=document).order_by("due_on", "title", "pk")


def document_reading(*, actor: Actor, document: Document, surroundings: bool = True) -> Reading:
    """The document as `actor` reads it; with `surroundings`, its files, lessons, actions and links."""
    reading = Reading(document=document, portions=document_portions(actor=actor, document=document))
    if surroundings:
        reading.attachments = list(document_attachments(actor=actor, document=document))
        reading.lessons = list(document_lessons(actor=actor, document=document))
        reading.action_items = list(document_action_items(actor=actor, document=document))
        reading.links = links_for_document(actor=actor, document=document)
    return reading


# -- links -------------------------------------------------------------------------------------

def _visible_targets(actor: Actor, links: list[Link]) -> dict[tuple[int, str], tuple[Linkable, object]]:
    """{(content type id, target id): (entry, record)} for the targets the actor may see: one query per kind."""
    by_type: dict[int, set[str]] = defaultdict(set)
    for link in links:
        by_type[link.target_type_id].add(link.target_id)
    found = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        entry = linkable_for_model(model) if model is not None else None
        if entry is None:
            continue
        for record in entry.visible(actor).filter(pk__in=list(ids)):
            found[(type_id, str(record.pk))] = (entry, record)
    return found


def links_for_document(*, actor: Actor, document: Document) -> list[ShownLink]:
    """The records a visible document cites, only those the actor may see too."""
    if not document_list(actor=actor).filter(pk=document.pk).exists():
        return []
    links = list(Link.objects.filter(document=document).order_by("created_at", "pk"))
    targets = _visible_targets(actor, links)
    shown = []
    for link in links:
        hit = targets.get((link.target_type_id, link.target_id))
        if hit is not None:
            shown.append(ShownLink(link, hit[0], hit[1]))
    return shown


def link_get(*, actor: Actor, document: Document, pk) -> ShownLink:
    """One link of a document, if the actor may see both ends; otherwise 404."""
    from django.http import Http404

    for shown in links_for_document(actor=actor, document=document):
        if str(shown.link.pk) == str(pk):
            return shown
    raise Http404


def documents_citing(*, actor: Actor, target) -> list[Link]:
    """Links to `target` from documents the actor may see; nothing when the target itself is invisible."""
    model = type(target)
    if linkable_for_model(model) is None:
        return []
    if not policy_for(model).scope(actor, "view").filter(pk=target.pk).exists():
        return []
    content_type = ContentType.objects.get_for_model(model)
    visible_documents = policy_for(Document).scope(actor, "view").values("pk")
    return list(
        Link.objects.filter(target_type=content_type, target_id=str(target.pk), document__in=visible_documents)
        .select_related("document").order_by("-document__dated", "document__title", "pk")
    )
