"""Browser tests: Playwright driving the Debian chromium against pytest-django's live server.

Never `playwright install` (it downloads a browser; the network is closed). The browser is the
system one at /usr/bin/chromium. Without it the tests skip, unless PEACEOPS_REQUIRE_BROWSER=1
(CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse the
# synchronous database access of the fixtures and of the live server's set-up.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
DESKTOP = {"width": 1366, "height": 900}

# Installed in every page before its own scripts: a CSP violation is an event as well as a console
# message, and the event names the directive that was broken. The binding reaches Python directly,
# so nothing is lost when the page navigates away.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.peaceopsReportCsp(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
                           " in " + (e.sourceFile || document.location.href) + ":" + e.lineNumber);
});
"""


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: `apt-get install -y chromium` (never `playwright install`)"
        if os.environ.get("PEACEOPS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def browser(chromium_executable):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@dataclass
class Watch:
    """What went wrong in a page: console errors, CSP violations, requests to another host."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    expected_errors: set[str] = field(default_factory=set)

    def expect_error_status(self, url: str) -> None:
        """A page opened on purpose for its 404: the browser logs the status; that is not a fault."""
        self.expected_errors.add(url)

    def on_console(self, message) -> None:
        text, url = message.text, message.location.get("url", "")
        if re.search(r"content.security.policy", text, re.IGNORECASE):
            self.csp_violations.append(text)
        elif message.type == "error":
            if url in self.expected_errors and text.startswith("Failed to load resource"):
                return
            self.console_errors.append(f"{text} @ {url}")

    def on_csp(self, report: str) -> None:
        self.csp_violations.append(report)

    def on_request(self, request) -> None:
        url = request.url
        scheme = urlsplit(url).scheme
        if scheme in ("data", "blob", "about"):
            return
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.foreign_requests.append(url)

    def on_request_failed(self, request) -> None:
        # A request the page itself gave up (a search superseded by the next keystroke) is no fault.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.failed_requests.append(f"{request.url} ({request.failure})")

    def assert_clean(self) -> None:
        problems = {
            "console errors": self.console_errors,
            "CSP violations": self.csp_violations,
            "requests to another host": self.foreign_requests,
            "failed requests": self.failed_requests,
        }
        found = {name: items for name, items in problems.items() if items}
        assert not found, found


@pytest.fixture
def open_page(browser, live_server):
    """`page, watch = open_page(width=1366)`: a fresh browser context (no cookies) with watchers."""
    contexts = []

    def make(*, width: int = DESKTOP["width"], height: int = DESKTOP["height"]):
        # The office browsers of the ministries are set to Vietnamese.
        context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN",
                                      timezone_id="Asia/Ho_Chi_Minh")
        watch = Watch(origin=live_server.url.rstrip("/"))
        context.expose_function("peaceopsReportCsp", watch.on_csp)
        context.add_init_script(CSP_LISTENER)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.on("console", watch.on_console)
        page.on("pageerror", lambda error: watch.console_errors.append(f"page error: {error}"))
        page.on("request", watch.on_request)
        page.on("requestfailed", watch.on_request_failed)
        contexts.append((context, page, watch))
        return page, watch

    yield make
    for context, page, _watch in contexts:
        # Let a request still in flight (a delayed HTMX search) finish before the database is
        # flushed under the live server, or the flush can meet a locked table.
        try:
            page.wait_for_load_state("networkidle", timeout=5_000)
        except Exception:  # noqa: BLE001 - a closed or crashed page has nothing in flight
            pass
        context.close()
    for _context, _page, watch in contexts:
        watch.assert_clean()
