"""An unexpected error shows a plain page (or a JSON reason on the API): no traceback, no SQL, no
setting, no hint of what the request touched."""

import pytest
from django.test import Client
from django.urls import path

from peaceops.access.views import public_view
from peaceops.urls import urlpatterns as project_patterns

SECRET_IN_THE_EXCEPTION = "people_person WHERE level_id = 2 -- Phạm Quốc Bảo"


@public_view
def explode(request):
    raise RuntimeError(SECRET_IN_THE_EXCEPTION)


@public_view
def database_gone(request):
    from django.db import OperationalError

    raise OperationalError(f"terminating connection due to administrator command ({SECRET_IN_THE_EXCEPTION})")


urlpatterns = [path("boom/", explode), path("api/boom/", explode), path("down/", database_gone),
               path("api/down/", database_gone), *project_patterns]
handler500 = "peaceops.core.errors_views.server_error"


@pytest.mark.urls("peaceops.core.tests.test_error_pages")
@pytest.mark.parametrize("url,content_type", [("/boom/", "text/html"), ("/api/boom/", "application/json")])
def test_an_unexpected_error_reveals_nothing(db, settings, url, content_type):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 500
    assert response["Content-Type"].startswith(content_type)
    body = response.content.decode()
    assert SECRET_IN_THE_EXCEPTION not in body and "Traceback" not in body and "RuntimeError" not in body


@pytest.mark.urls("peaceops.core.tests.test_error_pages")
@pytest.mark.parametrize("url,content_type", [("/down/", "text/html"), ("/api/down/", "application/json")])
def test_a_lost_database_connection_is_a_503_to_retry_not_a_server_error(db, settings, url, content_type):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response["Content-Type"].startswith(content_type)
    body = response.content.decode()
    assert SECRET_IN_THE_EXCEPTION not in body and "OperationalError" not in body and "administrator" not in body


def test_process_log_lines_are_json_with_utc_time_level_and_logger():
    import json
    import logging

    from peaceops.core.logformat import JSONFormatter

    record = logging.LogRecord("peaceops.test", logging.ERROR, __file__, 1, "worker %s stopped", ("w1",), None)
    line = json.loads(JSONFormatter().format(record))
    assert line["level"] == "ERROR" and line["logger"] == "peaceops.test" and line["message"] == "worker w1 stopped"
    assert line["time"].endswith("+00:00")
