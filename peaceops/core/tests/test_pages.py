"""The shared page shapes: a form's save goes to one service, a refusal comes back on the form or as a
message, and the gates answer 404 for what the actor may not see or do."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import Http404
from django.test import RequestFactory

from peaceops.core import pages
from peaceops.core.errors import ServiceError, StaleEdit


class NoteForm(forms.Form):
    title = forms.CharField()


def _request(method="post", data=None):
    request = getattr(RequestFactory(), method)("/notes/", data or {})
    request._messages = CookieStorage(request)
    return request


def _said(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_an_invalid_form_never_reaches_the_service():
    calls = []
    form = NoteForm({})
    answer = pages.submit_form(_request(), form, lambda: calls.append("saved"), done="/notes/")
    assert answer is None and calls == [] and "title" in form.errors


def test_a_saved_form_says_so_and_goes_to_the_saved_record():
    request = _request()
    answer = pages.submit_form(request, NoteForm({"title": "Tour"}), lambda: 7, done=lambda saved: f"/notes/{saved}/",
                               message=lambda saved: f"Note {saved} saved.")
    assert answer.status_code == 302 and answer.url == "/notes/7/"
    assert _said(request) == [("success", "Note 7 saved.")]


def test_a_refused_value_is_shown_on_the_field_it_names():
    def refuse():
        raise ServiceError("Too long.", field="title")

    form = NoteForm({"title": "Tour"})
    assert pages.submit_form(_request(), form, refuse, done="/notes/") is None
    assert form.errors["title"] == ["Too long."]


def test_a_stale_version_never_overwrites_and_lets_the_page_show_theirs():
    def stale():
        raise StaleEdit()

    shown = []
    form = NoteForm({"title": "Tour"})
    request = _request()
    answer = pages.submit_form(request, form, stale, done="/notes/", on_stale=shown.append)
    assert answer is None and shown == [form]
    assert form.non_field_errors() == [str(StaleEdit.default_message)]
    assert _said(request) == []


def test_an_action_answers_with_its_message_or_the_refusal():
    request = _request()
    assert pages.act_and_redirect(request, lambda: "Done.", to="/notes/7/").url == "/notes/7/"

    def refuse():
        raise ServiceError("Not now.")

    refused = _request()
    assert pages.act_and_redirect(refused, refuse, to="/notes/7/").url == "/notes/7/"
    assert _said(request) == [("success", "Done.")] and _said(refused) == [("error", "Not now.")]


class _Policy:
    def __init__(self, allowed):
        self.allowed = allowed

    def allows(self, actor, action, obj=None):
        return action in self.allowed


class _Record:
    pass


class _Base:
    def dispatch(self, request, *args, **kwargs):
        return "shown"


class _Gated(pages.RecordGateMixin, pages.CreateGateMixin, _Base):
    model = _Record

    def find(self, actor, pk):
        if pk != "visible":
            raise Http404
        return _Record()


def _signed_in(request):
    request.user = type("User", (), {"is_authenticated": True})()
    request.actor = object()
    return request


@pytest.mark.parametrize("pk,allowed,shown", [
    ("visible", {"change", "create"}, True),
    ("hidden", {"change", "create"}, False),  # the record is not visible: a 404 as if it did not exist
    ("visible", {"create"}, False),  # visible, but the actor may not change it
    ("visible", {"change"}, False),  # may change, but not create
])
def test_the_gates_answer_404_for_what_the_actor_may_not_see_or_do(monkeypatch, pk, allowed, shown):
    monkeypatch.setattr(pages, "policy_for", lambda model: _Policy(allowed))
    view = _Gated()
    request = _signed_in(_request("get"))
    if shown:
        assert view.dispatch(request, pk=pk) == "shown" and isinstance(view.record, _Record)
    else:
        with pytest.raises(Http404):
            view.dispatch(request, pk=pk)
