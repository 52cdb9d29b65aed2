"""The API documentation pages work on a closed network under the strict script policy: Swagger UI's
start-up script comes from a URL, and the page asks no other host for anything."""

import pytest

from .test_browser import shot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_api_documentation_renders_with_no_inline_script_and_no_outside_request(
        open_page, live_server, artifacts, users):
    page, watch = open_page()
    sign_in(page, live_server.url, "planner")
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"].split("style-src")[0]
    page.locator(".swagger-ui .info .title").wait_for()
    assert "PeaceOps API" in page.locator(".swagger-ui .info .title").inner_text()
    shot(page, artifacts, "api-docs-swagger")
