"""Documents may be linked to proposals (by reference) and, as evidence, to review items."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def register() -> None:
    from peaceops.documents.linkables import Linkable, register_linkable

    class ReviewItemLinkable(Linkable):
        def find(self, actor, identifier: str):
            import uuid

            try:
                uuid.UUID(str(identifier).strip())
            except ValueError:
                return None
            return super().find(actor, identifier)

        def url(self, obj) -> str:
            return reverse("decisions:detail", args=[obj.proposal_id]) + f"#item-{obj.pk}"

    register_linkable(Linkable(kind="proposal", model_label="decisions.Proposal", lookup_field="reference",
                               url_name="decisions:detail", verbose_name=_("Proposal"),
                               identifier_name=_("proposal reference"),
                               label=lambda p: f"{p.reference} {p.title}"))
    register_linkable(ReviewItemLinkable(kind="review_item", model_label="decisions.ReviewItem", lookup_field="id",
                                         url_name="decisions:detail", verbose_name=_("Review item"),
                                         identifier_name=_("review item id"), case_insensitive=False,
                                         label=lambda i: f"{i.proposal.reference} · {i.title_en}"))
