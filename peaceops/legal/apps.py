from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "peaceops.legal"
    label = "legal"
    verbose_name = "Legal"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from peaceops.documents.linkables import Linkable, register_linkable

        from . import policies  # noqa: F401

        # Documents (the signed text, a note verbale) are linked to an instrument by its reference.
        register_linkable(Linkable(kind="legal_instrument", model_label="legal.Instrument", lookup_field="reference",
                                   url_name="legal:instrument", verbose_name=_("Legal instrument"),
                                   identifier_name=_("instrument reference"),
                                   label=lambda i: f"{i.reference} {i.title}"))
