"""Login throttling: too many failures for one username or one address lock logins for a while.

Kept in the shared cache so that every app server process sees the same counts.
"""

from django.conf import settings
from django.core.cache import cache

from peaceops.core.text import fold


def _keys(username: str, ip: str) -> tuple[str, str]:
    return f"login-fail:user:{fold(username)}", f"login-fail:ip:{ip}"


def is_locked(username: str, ip: str) -> bool:
    conf = settings.LOGIN_THROTTLE
    user_key, ip_key = _keys(username, ip)
    return cache.get(user_key, 0) >= conf["max_failures"] or cache.get(ip_key, 0) >= conf["max_failures_per_ip"]


def register_failure(username: str, ip: str) -> None:
    window = settings.LOGIN_THROTTLE["window_seconds"]
    for key in _keys(username, ip):
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, window)


def clear(username: str, ip: str) -> None:
    cache.delete_many(list(_keys(username, ip)))
