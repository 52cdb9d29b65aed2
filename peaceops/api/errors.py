"""One error shape for the API: 4xx with a JSON reason, and never a 500 for bad input."""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from peaceops.core.errors import NotPermitted, ServiceError, StaleEdit

log = logging.getLogger(__name__)


def exception_handler(exc, context):
    if isinstance(exc, StaleEdit):
        return Response({"detail": str(exc.message), "code": "stale_edit"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, NotPermitted):
        return Response({"detail": str(exc.message), "code": "not_permitted", "field": exc.field},
                        status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ServiceError):
        body = {"detail": str(exc.message), "code": "invalid"}
        if exc.field:
            body = {exc.field: [str(exc.message)], **body}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        return Response({"detail": exc.messages, "code": "invalid"}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RequestDataTooBig):
        return Response({"detail": "The request body is too large.", "code": "too_large"},
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, (SuspiciousOperation, UnicodeDecodeError, ValueError)) and not isinstance(exc, Http404):
        exc = ParseError(str(exc) or "Malformed request.")
    if isinstance(exc, PermissionDenied):
        exc = Http404()
    return drf_exception_handler(exc, context)
