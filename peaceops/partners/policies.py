"""Access policies of this app's models (registered on import by the app config)."""

from peaceops.access.policies import ClassifiedPolicy, Policy, register

from .models import Delivery, Offer, Partner, Request

# Who keeps partners and offers, and files requests and deliveries.
PARTNER_WRITERS = frozenset({"admin", "partner_liaison", "planner", "training"})


class PartnerReferencePolicy(Policy):
    """Unclassified: any signed-in actor reads; partner liaison, planners and trainers write."""

    roles = {"create": PARTNER_WRITERS, "change": PARTNER_WRITERS,
             "export": PARTNER_WRITERS | {"auditor"}}


@register(Partner)
class PartnerPolicy(PartnerReferencePolicy):
    pass


@register(Offer)
class OfferPolicy(PartnerReferencePolicy):
    pass


@register(Request)
class RequestPolicy(ClassifiedPolicy):
    roles = {"create": PARTNER_WRITERS, "change": PARTNER_WRITERS, "export": PARTNER_WRITERS | {"auditor"},
             "downgrade": frozenset({"declassifier"})}


@register(Delivery)
class DeliveryPolicy(Policy):
    """Seen exactly when its request is; written by the partners services (which check the request)."""

    roles = {"create": PARTNER_WRITERS, "change": PARTNER_WRITERS}

    def base_queryset(self, actor):
        return Delivery.objects.filter(request__in=Request.objects.visible_to(actor))
