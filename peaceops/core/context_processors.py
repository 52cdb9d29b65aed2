from django.urls import reverse

from .navigation import MODULE_ROLES, MODULES


def shell(request):
    """Navigation entries with their state, for the base layout."""
    path = request.path
    actor = getattr(request, "actor", None)
    entries = []
    for key, label, url_name in MODULES:
        if key in MODULE_ROLES and not (actor and actor.has_role(*MODULE_ROLES[key])):
            continue
        url = reverse(url_name) if url_name else None
        # A module owns the first path segment of its URL (/people/…, /org/…); the dashboard owns "/".
        section = "/" + url.strip("/").split("/")[0] + "/" if url and url != "/" else url
        active = bool(url) and (path == url if url == "/" else path.startswith(section))
        entries.append({"key": key, "label": label, "url": url, "active": active})
    return {"nav_modules": entries, "actor": actor}
