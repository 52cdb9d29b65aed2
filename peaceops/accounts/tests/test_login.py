"""Signing in: argon2 in production settings, throttling after repeated failures, language switch."""

import pytest
from django.urls import reverse

from peaceops.demo.structure import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_production_hashes_passwords_with_argon2():
    from peaceops.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_a_persona_signs_in_and_reaches_the_dashboard(structure, client):
    response = client.post(reverse("accounts:login"), {"username": "planner", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("core:dashboard")


def test_repeated_failures_lock_the_account_even_with_the_right_password(structure, client):
    for _ in range(5):
        response = client.post(reverse("accounts:login"), {"username": "planner", "password": "wrong-password"})
        assert response.status_code == 200
    response = client.post(reverse("accounts:login"), {"username": "planner", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert any(e.code == "locked" for e in response.context["form"].errors.as_data()["__all__"])


def test_a_success_clears_the_failure_count(structure, client):
    for _ in range(4):
        client.post(reverse("accounts:login"), {"username": "health", "password": "nope-nope-nope"})
    assert client.post(reverse("accounts:login"), {"username": "health", "password": DEMO_PASSWORD}).status_code == 302


def test_anonymous_visitors_are_sent_to_sign_in(structure, client):
    response = client.get(reverse("people:list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_vietnamese_is_the_default_and_english_a_switch_away(structure, client_for):
    web = client_for("planner")
    assert '<html lang="vi">' in web.get(reverse("core:dashboard")).content.decode()
    web.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in web.get(reverse("core:dashboard")).content.decode()


def test_pages_carry_a_strict_content_security_policy(structure, client_for):
    response = client_for("planner").get(reverse("core:dashboard"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_a_browser_asking_for_english_still_gets_vietnamese_until_the_user_switches(structure, client_for):
    web = client_for("planner")
    html = web.get(reverse("core:dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html


def test_only_the_current_module_is_marked_active(structure, client_for):
    html = client_for("planner").get(reverse("core:dashboard")).content.decode()
    assert html.count('aria-current="page"') == 1
