import pytest


@pytest.fixture(autouse=True)
def _english(english):
    """This app's tests read messages in English; the persona clients send the language cookie."""


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
def client_of():
    """A web client signed in as `user`, reading English."""
    from django.conf import settings
    from django.test import Client

    def make(user):
        client = Client()
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def api_of():
    """An API client authenticated as `user`, reading English."""
    from django.conf import settings
    from rest_framework.test import APIClient

    def make(user):
        api = APIClient()
        api.force_authenticate(user)
        api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return api

    return make
