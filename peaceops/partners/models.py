"""Partners: who offers assistance (training places, courses, equipment, English instruction,
facilities), what we ask of them, and what was delivered and accepted.

Partners and their offers are unclassified (a partner's programme is public); a request says what
we lack and for whom, so it carries a marking, and its deliveries are seen exactly when it is."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from peaceops.access.classified import ClassifiedModel
from peaceops.core.models import BaseModel

from .choices import Acceptance, OfferKind, OfferStatus, PartnerKind, RequestStatus


class Partner(BaseModel):
    """A government programme, government, international organisation or centre that offers help.
    `fictional` marks the demo's invented examples, shown as such on every page."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=PartnerKind.choices, default=PartnerKind.OTHER)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True,
                              help_text=_("Where the facts about this partner come from."))
    fictional = models.BooleanField(_("fictional example"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "code"]
        verbose_name = _("partner")

    def __str__(self) -> str:
        return self.name


class Offer(BaseModel):
    """What a partner offers: a quantity (places, items, hours) between two dates. When it names a
    qualification type (and level), the gap view matches it to people short of that qualification;
    when it names a skill (a table post's post type), to units short of that skill."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="offers", verbose_name=_("partner"))
    kind = models.CharField(_("kind"), max_length=24, choices=OfferKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_label = models.CharField(_("counted in"), max_length=40, blank=True,
                                  help_text=_("e.g. places, sets, hours"))
    available_from = models.DateField(_("available from"))
    available_until = models.DateField(_("available until"))
    qualification_type = models.ForeignKey("readiness.QualificationType", on_delete=models.PROTECT, null=True,
                                           blank=True, related_name="+", verbose_name=_("qualification it gives"))
    level = models.CharField(_("level it brings people to"), max_length=16, blank=True)
    post_type = models.ForeignKey("readiness.PostType", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("skill it serves"))
    status = models.CharField(_("status"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.OPEN)

    class Meta:
        ordering = ["available_from", "title", "id"]
        verbose_name = _("offer")
        indexes = [models.Index(fields=["status", "available_until"], name="partners_offer_open_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(available_until__gte=F("available_from")),
                                   name="partners_offer_dates_in_order"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="partners_offer_quantity_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Request(ClassifiedModel, BaseModel):
    """What we ask a partner for, usually against an offer: how much, by when, and why (the gap it
    closes). Marked: it names our shortfalls."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="requests",
                                verbose_name=_("partner"))
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, null=True, blank=True, related_name="requests",
                              verbose_name=_("offer"))
    title = models.CharField(_("title"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("for unit"))
    status = models.CharField(_("status"), max_length=12, choices=RequestStatus.choices,
                              default=RequestStatus.DRAFT)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("request")
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="partners_request_quantity_positive")]

    def __str__(self) -> str:
        return self.title


class Delivery(BaseModel):
    """Something delivered against a request, and whether we accepted it. Seen with its request."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="deliveries",
                                verbose_name=_("request"))
    delivered_on = models.DateField(_("delivered on"))
    quantity = models.PositiveIntegerField(_("quantity"))
    notes = models.TextField(_("notes"), blank=True)
    acceptance = models.CharField(_("acceptance"), max_length=12, choices=Acceptance.choices,
                                  default=Acceptance.PENDING)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    accepted_by = models.CharField(_("accepted by"), max_length=150, blank=True)
    acceptance_notes = models.TextField(_("acceptance notes"), blank=True)

    class Meta:
        ordering = ["delivered_on", "id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="partners_delivery_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.request_id} {self.delivered_on}"
