"""The write endpoints every app's viewsets share: POST creates and PATCH updates through the app's
services. PATCH carries the `version` the caller edited; the service refuses a stale one (409) or a bad
value (400 with a JSON reason), both answered by peaceops.api.errors."""

from __future__ import annotations

from django.http import Http404
from rest_framework import status
from rest_framework.response import Response

from peaceops.access.policies import policy_for


def require(actor, action: str, model, obj=None) -> None:
    """Not allowed to write here: answered like a missing record (the API never says why)."""
    if not policy_for(model).allows(actor, action, obj):
        raise Http404


class _ServiceWrites:
    """With `gate_writes`, a caller who may not create or change gets a 404 before the body is read
    (otherwise the service's refusal answers). The answer is `represent(record)`."""

    gate_writes = False

    def represent(self, record) -> dict:
        return self.get_serializer(record).data


class ServiceCreateMixin(_ServiceWrites):
    """POST validates the body and hands it to `create_through_service(serializer)`: 201 with the record."""

    def create_through_service(self, serializer):
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        if self.gate_writes:
            require(self.actor, "create", self.model)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = self.create_through_service(serializer)
        return Response(self.represent(created), status=status.HTTP_201_CREATED)


class VersionedUpdateMixin(_ServiceWrites):
    """PATCH (or PUT) validates the body against the visible record and hands both to
    `update_through_service(record, serializer)`, which passes `edited_version(serializer)` on."""

    def update_through_service(self, record, serializer):
        raise NotImplementedError

    def edited_version(self, serializer) -> int:
        """The version the caller started from: the service compares it with the stored one."""
        return serializer.validated_data["version"]

    def update(self, request, *args, **kwargs):
        record = self.get_object()
        if self.gate_writes:
            require(self.actor, "change", self.model, record)
        serializer = self.get_serializer(record, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        return Response(self.represent(self.update_through_service(record, serializer)))


class ServiceWritesMixin(ServiceCreateMixin, VersionedUpdateMixin):
    """Both: POST creates, PATCH updates, through the app's services."""
