"""Shared fixtures: the personas, their clients, and the audit triggers around flushing tests."""

import datetime as dt

import pytest
from django.db import connection

from peaceops.access.actor import actor_for_user
from peaceops.access.context import acting_as, system_scope

PERSONA_NAMES = ["planner", "health", "mfa", "public", "personnel", "auditor", "admin"]


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
def client_for(users, client):
    """A logged-in Django test client for a persona (each call gives a fresh client)."""
    from django.test import Client

    def make(name):
        fresh = Client()
        fresh.force_login(users[name])
        return fresh

    return make


@pytest.fixture
def api_for(users):
    from rest_framework.test import APIClient

    def make(name):
        api = APIClient()
        api.force_authenticate(users[name])
        return api

    return make


@pytest.fixture
def system_actor():
    with system_scope("test") as actor:
        yield actor


@pytest.fixture
def today():
    return dt.date.today()


# --- audit triggers and flushing --------------------------------------------------------------
# Transactional tests (live_server) end with a flush, which the append-only triggers refuse.
# Drop them just before the flush and put them back just after, so every other test sees them.

@pytest.fixture(autouse=True)
def _audit_triggers_back_after_flush(request, django_db_blocker):
    yield
    if _flushes(request):
        from peaceops.audit import triggers

        with django_db_blocker.unblock():
            triggers.install(connection)


@pytest.fixture
def _audit_triggers_off_before_flush(transactional_db):
    yield
    from peaceops.audit import triggers

    triggers.remove(connection)


def _flushes(request) -> bool:
    names = set(request.fixturenames)
    return bool(names & {"transactional_db", "live_server"}) or request.node.get_closest_marker("django_db") and \
        request.node.get_closest_marker("django_db").kwargs.get("transaction", False)


def pytest_collection_modifyitems(config, items):
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        marker = item.get_closest_marker("django_db")
        if names & {"transactional_db", "live_server"} or (marker and marker.kwargs.get("transaction")):
            item.fixturenames.append("_audit_triggers_off_before_flush")
