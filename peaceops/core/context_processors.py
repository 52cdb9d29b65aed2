from django.urls import reverse

from .navigation import MODULES


def shell(request):
    """Navigation entries with their state, for the base layout."""
    path = request.path
    entries = []
    for key, label, url_name in MODULES:
        url = reverse(url_name) if url_name else None
        active = bool(url) and (path == url or (url != "/" and path.startswith(url.rsplit("/", 2)[0] + "/")))
        entries.append({"key": key, "label": label, "url": url, "active": active})
    actor = getattr(request, "actor", None)
    return {"nav_modules": entries, "actor": actor}
