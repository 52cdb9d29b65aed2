"""System checks: start-up fails if a classified model has no policy or a route skips the secured views."""

from django.core import checks
from django.urls import URLPattern, URLResolver, get_resolver

from .classified import classified_models
from .policies import registered_models


@checks.register(checks.Tags.security)
def classified_models_have_policies(app_configs, **kwargs):
    registered = registered_models()
    return [
        checks.Error(
            f"{model._meta.label} is classified but has no registered policy",
            hint="Register one with @peaceops.access.policies.register(Model).",
            obj=model,
            id="peaceops.E001",
        )
        for model in classified_models()
        if model not in registered
    ]


def iter_patterns(patterns=None, prefix="", namespace=""):
    """Yield (route, pattern, namespace) for every URL pattern, descending into includes."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from iter_patterns(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            yield route, entry, namespace


def view_class_of(callback):
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback


def is_secured(callback) -> bool:
    view = view_class_of(callback)
    return bool(getattr(view, "peaceops_secured", False) or getattr(view, "peaceops_public", False))


@checks.register(checks.Tags.security, checks.Tags.urls)
def routes_use_secured_views(app_configs, **kwargs):
    errors = []
    for route, pattern, _namespace in iter_patterns():
        if not is_secured(pattern.callback):
            errors.append(
                checks.Error(
                    f"route {route!r} uses {view_class_of(pattern.callback)!r}, which is neither secured nor public",
                    hint="Derive from a Secured* view, or mark a deliberately open view with PublicViewMixin.",
                    id="peaceops.E002",
                )
            )
    return errors
