"""The API's shared write endpoints: the body is validated before the service sees it, the caller's
version goes with the change, and a gated viewset answers 404 before reading the body."""

import pytest
from django.http import Http404
from rest_framework import serializers

from peaceops.api import writes


class NoteSerializer(serializers.Serializer):
    title = serializers.CharField()
    version = serializers.IntegerField(required=False)


class _Policy:
    def __init__(self, allowed):
        self.allowed = allowed

    def allows(self, actor, action, obj=None):
        return action in self.allowed


class _Request:
    def __init__(self, data):
        self.data = data


class NoteViewSet(writes.ServiceWritesMixin):
    model = "note"
    actor = "officer"

    def __init__(self):
        self.calls = []

    def get_object(self):
        return {"title": "old", "version": 3}

    def get_serializer(self, instance=None, data=None, partial=False):
        if data is None:
            return type("Shown", (), {"data": dict(instance)})()
        return NoteSerializer(instance, data=data, partial=partial)

    def create_through_service(self, serializer):
        self.calls.append(("create", dict(serializer.validated_data)))
        return {**serializer.validated_data, "version": 1}

    def update_through_service(self, record, serializer):
        self.calls.append(("update", self.edited_version(serializer)))
        return {**record, **serializer.validated_data, "version": record["version"] + 1}


def test_a_patch_hands_the_edited_version_to_the_service():
    view = NoteViewSet()
    response = view.update(_Request({"title": "new", "version": 3}), partial=True)
    assert view.calls == [("update", 3)]
    assert response.status_code == 200 and response.data == {"title": "new", "version": 4}


def test_a_post_creates_through_the_service_with_201():
    view = NoteViewSet()
    response = view.create(_Request({"title": "first"}))
    assert response.status_code == 201 and view.calls == [("create", {"title": "first"})]


def test_a_bad_body_never_reaches_the_service():
    view = NoteViewSet()
    with pytest.raises(serializers.ValidationError):
        view.update(_Request({"version": 3}), partial=False)
    assert view.calls == []


def test_a_gated_viewset_answers_404_to_who_may_not_write(monkeypatch):
    monkeypatch.setattr(writes, "policy_for", lambda model: _Policy({"view"}))
    view = NoteViewSet()
    view.gate_writes = True
    with pytest.raises(Http404):
        view.create(_Request({"title": "first"}))
    with pytest.raises(Http404):
        view.update(_Request({"title": "new", "version": 3}), partial=True)
    assert view.calls == []
