"""The shapes every app's pages share: a list that answers HTMX with its table, gates that turn what the
actor may not see or do into a 404, a form page whose valid form goes to one service, and a POST action
that runs one service and goes back to its record. Apps declare only what differs."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peaceops.access.banner import page_marking
from peaceops.access.policies import policy_for
from peaceops.access.views import SecuredView

from .errors import ServiceError, StaleEdit

SAVED = _("Saved.")


class PartialListMixin:
    """An HTMX request (not a boosted navigation) gets only the table, `partial_template`."""

    partial_template = ""

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return [self.partial_template]
        return [self.template_name]


class CreateGateMixin:
    """A page that creates a `creates` record (by default the view's `model`): a 404 unless the actor may."""

    creates = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policy_for(self.creates or self.model).allows(request.actor, "create"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class RecordGateMixin:
    """Resolve the record named in the URL through the actor's visibility (`find`, by default the app's
    `lookup(actor=, pk=)` selector, answers 404 for what they may not see), then check `gate_action` on
    it (none when empty); `self.record` is the record."""

    gate_action = "change"
    lookup = None

    def find(self, actor, pk):
        return self.lookup(actor=actor, pk=pk)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.record = self.find(request.actor, kwargs["pk"])
            if self.gate_action and not policy_for(type(self.record)).allows(request.actor, self.gate_action,
                                                                             self.record):
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class EditOrCreateMixin(RecordGateMixin):
    """One form page for two URLs: with a `pk` in the URL it edits that record (RecordGateMixin's gate: a 404
    unless the actor may see it and `gate_action` it; `self.record` is the record), without one it creates a
    `creates` record (by default the view's `model`; a 404 unless the actor may create; `self.record` is
    None). Put it before the form view: `class ThingFormView(EditOrCreateMixin, ServiceFormView)`."""

    creates = None
    record = None

    def dispatch(self, request, *args, **kwargs):
        if "pk" in kwargs:
            return super().dispatch(request, *args, **kwargs)
        if request.user.is_authenticated and not policy_for(self.creates or self.model).allows(request.actor, "create"):
            raise Http404
        return super(RecordGateMixin, self).dispatch(request, *args, **kwargs)


def apply_service_error(form, error: ServiceError) -> None:
    """Put a service's refusal on the field it names, or on the whole form."""
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


def form_page(request: HttpRequest, template: str, *, title, form, back: str, intro="", marking_objects=(),
              **extra) -> HttpResponse:
    """The plain form page (title, intro, form, back link) with the marking of the records it shows."""
    return render(request, template, {"title": title, "form": form, "back": back, "intro": intro, **extra,
                                      "page_marking": page_marking(list(marking_objects))})


def submit_form(request: HttpRequest, form, save: Callable[[], object], *, done: str | Callable[[object], str],
                message=SAVED, on_stale: Callable[[object], None] | None = None) -> HttpResponse | None:
    """Call `save()` (a service) when `form` is valid; then `message` and a redirect to `done` (or to
    `done(saved)`). Otherwise None, with the reason on the form for the caller to show it again: a stale
    version never overwrites (`on_stale(form)` may add what the other officer saved), a refused value
    names its field."""
    if not form.is_valid():
        return None
    try:
        saved = save()
    except StaleEdit as error:
        form.add_error(None, str(error.message))
        if on_stale is not None:
            on_stale(form)
    except ServiceError as error:
        apply_service_error(form, error)
    else:
        messages.success(request, message(saved) if callable(message) else message)
        return redirect(done(saved) if callable(done) else done)
    return None


def act_and_redirect(request: HttpRequest, act: Callable[[], object], *, to: str) -> HttpResponse:
    """Run `act()` (a service behind a small form); its answer, or the service's refusal, comes back as a
    message on the page at `to`."""
    try:
        done = act()
    except ServiceError as error:
        messages.error(request, str(error.message))
    else:
        if done:
            messages.success(request, done)
    return redirect(to)


class ServiceFormView(SecuredView):
    """GET shows the form; POST hands a valid form to `save(form)` (the app's service, which answers the
    saved record), then says `success_message(saved)` and goes to `done_url(saved)`; a refusal goes back
    on the form."""

    message = SAVED
    done_route = ""

    def form_data(self):
        """The POST body on a POST, None on a GET (an unbound form)."""
        return self.request.POST if self.request.method == "POST" else None

    def get_form(self):
        raise NotImplementedError

    def render_form(self, form):
        raise NotImplementedError

    def save(self, form):
        raise NotImplementedError

    def done_url(self, saved) -> str:
        """The saved record's page (`done_route`); a page that goes elsewhere says where."""
        return reverse(self.done_route, args=[saved.pk])

    def success_message(self, saved):
        return self.message

    def stale(self, form) -> None:
        """A stale version was refused: a page may show what the other officer saved."""

    def get(self, request, *args, **kwargs):
        return self.render_form(self.get_form())

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        return submit_form(request, form, lambda: self.save(form), done=self.done_url,
                           message=self.success_message, on_stale=self.stale) or self.render_form(form)


class RecordActionView(SecuredView):
    """A POST that runs one service (`act()`, which answers the success message) and goes back to
    `target()`; a GET only goes there."""

    def target(self) -> str:
        raise NotImplementedError

    def act(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return redirect(self.target())

    def post(self, request, *args, **kwargs):
        return act_and_redirect(request, self.act, to=self.target())


def form_errors_text(form) -> str:
    """Every error of a small action form, on one line (for a message)."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)
