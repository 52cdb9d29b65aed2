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


def test_sign_ins_are_audited_whether_they_succeed_fail_or_are_locked_out(structure, client):
    from peaceops.audit.models import AuditEvent

    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "planner", "password": "wrong-password"},
                    REMOTE_ADDR="10.0.0.7")
    client.post(reverse("accounts:login"), {"username": "planner", "password": DEMO_PASSWORD}, REMOTE_ADDR="10.0.0.7")
    client.post(reverse("accounts:login"), {"username": "health", "password": DEMO_PASSWORD}, REMOTE_ADDR="10.0.0.8")
    events = list(AuditEvent.objects.filter(action__startswith="accounts.login.").order_by("seq")
                  .values_list("action", "actor_label", "changes"))
    assert [e[0] for e in events] == ["accounts.login.failed"] * 5 + ["accounts.login.locked",
                                                                       "accounts.login.succeeded"]
    assert events[0][1] == "anonymous" and events[0][2] == {"username": "planner", "ip": "10.0.0.7"}
    assert events[-1][1] == "health"


def test_signing_out_clears_what_the_browser_kept(structure, client_for):
    web = client_for("planner")
    response = web.post(reverse("accounts:logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_signed_in_pages_and_api_answers_are_never_cached(structure, client_for):
    web = client_for("planner")
    assert web.get(reverse("people:list"))["Cache-Control"] == "no-store, private"
    assert web.get("/api/v1/people/")["Cache-Control"] == "no-store, private"


def test_the_history_cache_of_htmx_is_off_so_no_page_lands_in_session_storage(structure, client_for):
    page = client_for("planner").get(reverse("core:dashboard")).content.decode()
    assert '"historyCacheSize": 0' in page
