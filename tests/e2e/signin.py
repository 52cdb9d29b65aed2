"""Signing in through the real login form, as every browser test starts."""

from __future__ import annotations

from peaceops.demo.structure import DEMO_PASSWORD


def sign_in(page, base: str, username: str) -> None:
    """Sign `username` in with the demo password; returns once the login form's answer has loaded."""
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("form:not(.lang-switch) button[type=submit]").click()
