from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    GOVERNMENT_PROGRAMME = "government_programme", _("Foreign government programme")
    GOVERNMENT = "government", _("Foreign government")
    INTERNATIONAL = "international", _("International organisation")
    TRAINING_CENTRE = "training_centre", _("Training centre")
    OTHER = "other", _("Other")


class OfferKind(models.TextChoices):
    TRAINING_PLACES = "training_places", _("Training places")
    COURSE = "course", _("Course")
    EQUIPMENT = "equipment", _("Equipment")
    ENGLISH = "english", _("English instruction")
    FACILITY = "facility", _("Facility")


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the partner")
    AGREED = "agreed", _("Agreed by the partner")
    DECLINED = "declined", _("Declined by the partner")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def open(cls) -> tuple[str, ...]:
        """Requests that still hold places of their offer."""
        return (cls.DRAFT, cls.SUBMITTED, cls.AGREED)


# Which request statuses may follow which (the service refuses any other step).
REQUEST_TRANSITIONS = {
    RequestStatus.DRAFT: (RequestStatus.SUBMITTED, RequestStatus.CANCELLED),
    RequestStatus.SUBMITTED: (RequestStatus.AGREED, RequestStatus.DECLINED, RequestStatus.CANCELLED),
    RequestStatus.AGREED: (RequestStatus.DELIVERED, RequestStatus.CANCELLED),
    RequestStatus.DECLINED: (),
    RequestStatus.DELIVERED: (),
    RequestStatus.CANCELLED: (),
}


class Acceptance(models.TextChoices):
    PENDING = "pending", _("Awaiting acceptance")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


# Which offer statuses may follow which: an offer closes or is withdrawn; a closed offer may reopen.
OFFER_TRANSITIONS = {
    OfferStatus.OPEN: (OfferStatus.CLOSED, OfferStatus.WITHDRAWN),
    OfferStatus.CLOSED: (OfferStatus.OPEN,),
    OfferStatus.WITHDRAWN: (),
}
