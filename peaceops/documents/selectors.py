"""Reads of the library. A portion the reader may not see comes back redacted: number and marking only."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for

from .models import Document, Portion


@dataclass(frozen=True)
class ShownPortion:
    portion: Portion
    visible: bool

    @property
    def text(self) -> str:
        return self.portion.text if self.visible else ""


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
