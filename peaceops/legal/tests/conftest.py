import pytest


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client_for(users):
    from django.conf import settings
    from django.test import Client

    def make(name):
        client = Client()
        client.force_login(users[name])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def api_for(users):
    from django.conf import settings
    from rest_framework.test import APIClient

    def make(name):
        api = APIClient()
        api.force_authenticate(users[name])
        api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return api

    return make
