"""The POST half of every edit page: a valid form goes to its service, which checks the version the
reader started from; the answer is a redirect on success, or the reason on the form."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .errors import ServiceError, StaleEdit


def apply_service_error(form, error: ServiceError) -> None:
    """Put a service's refusal on the field it names, or on the whole form."""
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


def save_edit(request: HttpRequest, form, save: Callable[[], object], *, done: str) -> HttpResponse | None:
    """Call `save()` when `form` is valid; then a "Saved." message and a redirect to `done`. Otherwise
    None, with the reason on the form, for the caller to show it again: a stale version never
    overwrites (its message says someone else saved first), a refused value names its field."""
    if not form.is_valid():
        return None
    try:
        save()
    except StaleEdit as error:
        form.add_error(None, str(error.message))
    except ServiceError as error:
        apply_service_error(form, error)
    else:
        messages.success(request, _("Saved."))
        return redirect(done)
    return None
