"""Shared fixtures: the personas, their clients, and the audit triggers around flushing tests."""

import datetime as dt

import pytest
from django.db import connection

from peaceops.access.actor import actor_for_user
from peaceops.access.context import acting_as, system_scope

PERSONA_NAMES = ["planner", "health", "mfa", "public", "personnel", "auditor", "admin"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: login-failure counters must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def structure(db):
    """Agencies, units and tables of organisation as in the demo, plus the seven personas."""
    from peaceops.demo import scenario

    with system_scope("test fixture") as actor:
        refs = scenario.load_structure(actor)
        scenario.load_personas(actor, refs["agencies"])
    return refs


@pytest.fixture
def agencies(structure):
    return structure["agencies"]


@pytest.fixture
def units(structure):
    return structure["units"]


@pytest.fixture
def users(structure):
    from peaceops.accounts.models import User

    return {u.username: u for u in User.objects.filter(username__in=PERSONA_NAMES)}


@pytest.fixture
def actors(users):
    return {name: actor_for_user(user) for name, user in users.items()}


@pytest.fixture
def as_persona(actors):
    """`with as_persona("planner") as actor:` runs code as that persona."""

    def enter(name):
        return acting_as(actors[name])

    return enter


@pytest.fixture
def english():
    """Messages in English, for tests that read them (Vietnamese is the default and its catalogue
    translates them). Persona clients then send the language cookie the VI/EN switch sets."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _speaking(client, request):
    if "english" in request.fixturenames:
        from django.conf import settings

        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def client_for(users, request):
    """A logged-in Django test client for a persona (each call gives a fresh client)."""
    from django.test import Client

    def make(name):
        fresh = Client()
        fresh.force_login(users[name])
        return _speaking(fresh, request)

    return make


@pytest.fixture
def api_for(users, request):
    from rest_framework.test import APIClient

    def make(name):
        api = APIClient()
        api.force_authenticate(users[name])
        return _speaking(api, request)

    return make


@pytest.fixture
def make_user(structure):
    """A user with the given clearance and roles (for a persona the demo does not have)."""
    import datetime as dt

    from peaceops.access.context import system_scope
    from peaceops.accounts import services as accounts
    from peaceops.org.models import Agency

    def make(username, *, level="SECRET", compartments=(), agencies=("VDPO", "MOD"), roles=()):
        found = {a.code: a for a in Agency.objects.all()}
        with system_scope("test: a user for this test") as system:
            user = accounts.user_create(actor=system, username=username, full_name=username, password="x-test-pw-1")
            accounts.clearance_grant(actor=system, user=user, level=level, compartments=list(compartments),
                                     agencies=[found[c] for c in agencies], valid_from=dt.date(2024, 1, 1))
            for role in roles:
                accounts.role_grant(actor=system, user=user, role=role, valid_from=dt.date(2024, 1, 1))
        return user

    return make


@pytest.fixture
def client_of(request):
    """A web client signed in as `user` (English with the `english` fixture)."""
    from django.test import Client

    def make(user):
        client = Client()
        client.force_login(user)
        return _speaking(client, request)

    return make


@pytest.fixture
def api_of(request):
    """An API client authenticated as `user` (English with the `english` fixture)."""
    from rest_framework.test import APIClient

    def make(user):
        api = APIClient()
        api.force_authenticate(user)
        return _speaking(api, request)

    return make


@pytest.fixture
def system_actor():
    with system_scope("test") as actor:
        yield actor


@pytest.fixture
def today():
    return dt.date.today()


# --- audit triggers and flushing --------------------------------------------------------------
# Transactional tests (live_server) end with a flush, which the append-only triggers refuse and
# which empties the reference tables seeded by migrations. Drop the triggers just before the
# flush; after it, put them back and re-seed, so that every later test sees a migrated database.

@pytest.fixture
def _audit_triggers_off_before_flush(transactional_db):
    yield
    from peaceops.audit import triggers

    triggers.remove(connection)


def _flushes(item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & {"transactional_db", "live_server"}) or bool(marker and marker.kwargs.get("transaction"))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _flushes(item):
            item.fixturenames.append("_audit_triggers_off_before_flush")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After the last test the test database is already gone: nothing to restore.
    if _flushes(item) and nextitem is not None:
        from pytest_django.plugin import blocking_manager_key

        from peaceops.access.models import Compartment, Level
        from peaceops.access.reference import seed
        from peaceops.accounts.models import Role
        from peaceops.accounts.reference import seed_roles
        from peaceops.audit import triggers
        from peaceops.audit.models import AuditHead

        with item.config.stash[blocking_manager_key].unblock():
            triggers.install(connection)
            seed(Level, Compartment)
            seed_roles(Role)
            AuditHead.objects.get_or_create(id=1)
    return result
