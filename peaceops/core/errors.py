"""Errors that services raise and every interface (web, API, CLI) turns into a clear message."""

from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    """A refused operation with a message fit to show the user."""

    default_message = _("The operation was refused.")

    def __init__(self, message=None, *, field: str | None = None):
        self.message = message or self.default_message
        self.field = field
        super().__init__(str(self.message))


class StaleEdit(ServiceError):
    default_message = _(
        "Someone else saved this record after you opened it. Reload to see their changes, then edit again."
    )


class NotPermitted(ServiceError):
    default_message = _("You are not permitted to do this.")
