"""Production settings pass `check --deploy`; the OpenAPI schema generates cleanly and lists the API."""

import os
import secrets
import subprocess
import sys

import pytest
import yaml


def run_django(*args, settings="peaceops.settings.production", tmp_path=None):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings, "PEACEOPS_SECRET_KEY": secrets.token_urlsafe(64),
           "PEACEOPS_HOME": str(tmp_path)}
    env.pop("PEACEOPS_DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for live_server only
    return subprocess.run([sys.executable, "-m", "django", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def test_production_settings_pass_the_deployment_check_with_no_warning(tmp_path):
    result = run_django("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_openapi_schema_validates_without_warnings(tmp_path):
    result = run_django("spectacular", "--validate", "--fail-on-warn", settings="peaceops.settings.base",
                        tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    schema = yaml.safe_load(result.stdout)
    assert {"/api/v1/people/", "/api/v1/people/{id}/", "/api/v1/units/"} <= set(schema["paths"])


@pytest.mark.django_db
def test_the_api_docs_page_loads_no_outside_asset(structure, client_for):
    html = client_for("public").get("/api/docs/").content.decode()
    assert "http://" not in html.replace("http://testserver", "") and "https://" not in html
