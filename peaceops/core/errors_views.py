"""Error pages that say nothing about what exists."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render

RETRY_AFTER_SECONDS = 5


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def _database_unavailable() -> bool:
    """Django calls handler500 inside its `except` block: the exception being handled is still current."""
    error = sys.exc_info()[1]
    return isinstance(error, (OperationalError, InterfaceError))


def server_error(request):
    # A database that restarts or is busy is a passing condition, not a bug: 503 asks the client to retry
    # (and load balancers to hold back) instead of reporting a server error.
    if _database_unavailable():
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": "The database is unavailable; retry shortly.",
                                     "code": "unavailable"}, status=503)
        else:
            response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error."}, status=500)
    return render(request, "500.html", status=500)
