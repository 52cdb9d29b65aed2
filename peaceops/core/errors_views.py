"""Error pages that say nothing about what exists."""

from django.shortcuts import render


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": "Server error."}, status=500)
    return render(request, "500.html", status=500)
