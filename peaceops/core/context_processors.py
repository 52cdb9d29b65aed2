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
        active = bool(url) and (path == url or (url != "/" and path.startswith(url.rsplit("/", 2)[0] + "/")))
        entries.append({"key": key, "label": label, "url": url, "active": active})
    return {"nav_modules": entries, "actor": actor}
