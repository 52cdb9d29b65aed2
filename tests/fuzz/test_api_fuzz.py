"""Schemathesis fuzzes the whole API in-process, as every persona.

The OpenAPI document is the one drf-spectacular generates, which `/api/schema/` serves only to a
signed-in user (checked below: same document, refused anonymously). Schemathesis's pytest
integration makes one test per operation; each generated request is sent, with a token, as each
of the seven personas, and:

- no response is a server error (5xx);
- every 4xx carries a JSON body;
- no response carries the given name, service number or id of a record the persona may not see:
  people are seeded at every marking case of the access matrix, each with unique markers;
- requests with an `{id}` are sent again aimed at a seeded record (the generator cannot guess
  one), and an invisible record answers byte for byte like an id that does not exist.

Writes the fuzzer makes go through the services (the API has no other way) into the test database.
`make test` runs a few examples per operation; `make fuzz` (PEACEOPS_FUZZ_EXAMPLES=500) runs many
more and adds schemathesis's coverage phase. The figures are printed with -v or under `make fuzz`.

(`schemathesis.pytest.from_fixture`, which would load the schema over HTTP inside a fixture, fails
on pytest 9.2 in schemathesis 4.32: it sets `Function._nodeid`, which pytest no longer has.)
"""

from __future__ import annotations

import itertools
import json
import os
import traceback
import uuid
from collections import Counter
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from conftest import PERSONA_NAMES
from peaceops.access.testing import MARKING_CASES, expected_visible, persona_specs

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

MAX_EXAMPLES = int(os.environ.get("PEACEOPS_FUZZ_EXAMPLES", "6"))
SEED = int(os.environ.get("PEACEOPS_FUZZ_SEED", "20260"))

# What the run saw, per persona: reported on the terminal at the end of the module (`-v` or `make fuzz`).
SEEN: dict[str, Counter] = {}


class InProcessApp:
    """Django's WSGI handler, minus the end-of-request connection recycling.

    A real server closes "old" connections around each request; inside a test's transaction that
    would mark the connection broken. Django's own test client skips it the same way. Unhandled
    exceptions are kept, with their traceback, so that a 500 can be reported with its cause.
    """

    def __init__(self):
        self.handler = WSGIHandler()
        self.errors: list[str] = []

    def _on_exception(self, sender, request=None, **kwargs):
        self.errors.append(f"{request.method} {request.get_full_path()}\n{traceback.format_exc()}" if request
                           else traceback.format_exc())

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        got_request_exception.connect(self._on_exception)
        try:
            response = self.handler(environ, start_response)
            body = b"".join(response)
            response.close()
            return [body]
        finally:
            got_request_exception.disconnect(self._on_exception)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@dataclass
class PersonaFuzz:
    name: str
    headers: dict
    hidden: dict[str, str]  # marker, service number or id of an invisible record -> what it is
    hidden_ids: list[str]
    visible_ids: list[str]
    seen: Counter
    reads: itertools.cycle = field(init=False)
    writes: itertools.cycle = field(init=False)

    def __post_init__(self):
        # Reads are aimed at invisible and visible records; writes only at invisible ones, so that no
        # persona's legitimate edit changes what another persona may see during the run.
        self.reads = itertools.cycle(self.hidden_ids + self.visible_ids)
        self.writes = itertools.cycle(self.hidden_ids or [str(uuid.uuid4())])


@dataclass
class FuzzContext:
    app: InProcessApp
    personas: list[PersonaFuzz]


@pytest.fixture
def seeded(structure, today):
    """One person at every marking case; given name and service number are unique markers."""
    from peaceops.people.tests.factories import PersonFactory

    run = uuid.uuid4().hex[:6].upper()
    records = []
    for index, case in enumerate(MARKING_CASES):
        marker = f"Fz{index:02d}{case.name.replace('-', '')[:8]}{run}"
        number = f"FZ{index:02d}-{run}"
        person = PersonFactory(
            given_name=marker, service_number=number, level_id=case.level, owner=case.owner,
            compartments=case.compartments, released=case.released, declassify_on=case.declassify_on(today),
            downgrade_level_id=case.downgrade_level,
        )
        records.append((case, marker, number, str(person.pk)))
    return records


@pytest.fixture
def fuzz_context(users, seeded, today):
    from rest_framework.authtoken.models import Token

    specs = persona_specs()
    personas = []
    for name in PERSONA_NAMES:
        token, _ = Token.objects.get_or_create(user=users[name])
        hidden, hidden_ids, visible_ids = {}, [], []
        for case, marker, number, pk in seeded:
            if expected_visible(specs[name], case, today):
                visible_ids.append(pk)
            else:
                hidden |= {marker: f"the given name of {case.name}", number: f"the service number of {case.name}",
                           pk: f"the id of {case.name}"}
                hidden_ids.append(pk)
        personas.append(PersonaFuzz(name, {"Authorization": f"Token {token.key}"}, hidden, hidden_ids, visible_ids,
                                    SEEN.setdefault(name, Counter())))
    return FuzzContext(InProcessApp(), personas)


def generated_schema() -> dict:
    """The OpenAPI document drf-spectacular builds, the same that `/api/schema/` serves to a signed-in user."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


SCHEMA_DOCUMENT = generated_schema()
schema = schemathesis.openapi.from_dict(
    SCHEMA_DOCUMENT,
    config=SchemathesisConfig.from_dict({
        "seed": SEED,
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none", "mode": "all"},
        # Keep the bounded run bounded: the coverage phase alone sends dozens of cases per operation.
        "phases": {"coverage": {"enabled": MAX_EXAMPLES > 20}},
    }),
)


def _request_text(response) -> str:
    request = response.request
    body = request.body or b""
    return request.url + "\n" + (body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body))


def _send(app: InProcessApp, persona: PersonaFuzz, case, label: str):
    """Send the case as the persona and check the three properties; returns the response."""
    response = case.call(app=app, headers=persona.headers)
    where = f"{persona.name} ({label}): {case.as_curl_command(headers={'Authorization': 'Token <' + persona.name + '>'})}"
    status = response.status_code
    persona.seen["requests"] += 1
    persona.seen[f"{status // 100}xx"] += 1
    if status >= 500:
        persona.seen["5xx"] += 1
        cause = app.errors[-1] if app.errors else "(no exception reached Django's handler)"
        pytest.fail(f"{status} for {where}\n{cause}")
    body = response.content.decode("utf-8", "replace") if response.content else ""
    if 400 <= status < 500:
        content_type = response.headers.get("content-type", [""])[0]
        assert "json" in content_type, f"{status} with Content-Type {content_type!r} for {where}"
        try:
            json.loads(body)
        except ValueError:
            pytest.fail(f"{status} with a body that is not JSON for {where}: {body[:300]!r}")
    sent = _request_text(response)
    leaks = [what for token, what in persona.hidden.items() if token in body and token not in sent]
    if leaks:
        persona.seen["leaks"] += 1
        pytest.fail(f"{where} reveals {', '.join(leaks)}:\n{body[:1000]}")
    return response


def _with_id(case, value: str):
    return case.operation.Case(
        method=case.method, path_parameters={**case.path_parameters, "id": value}, headers=case.headers,
        query=case.query, body=case.body, media_type=case.media_type,
    )


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_api(case, fuzz_context):
    """Each generated request goes out once per persona, then again aimed at a seeded record."""
    app = fuzz_context.app
    for persona in fuzz_context.personas:
        persona.seen["cases"] += 1
        _send(app, persona, case, "generated")
        if "id" not in (case.path_parameters or {}):
            continue
        # The generator cannot guess the seeded ids: aim the same request at one of them. An invisible
        # record must answer exactly like a record that does not exist.
        target = next(persona.reads if case.method.upper() in ("GET", "HEAD") else persona.writes)
        aimed = _send(app, persona, _with_id(case, target), "aimed at a seeded record")
        if target in persona.hidden_ids:
            persona.seen["invisible-record probes"] += 1
            missing = _send(app, persona, _with_id(case, str(uuid.uuid4())), "aimed at a missing record")
            assert (aimed.status_code, aimed.content) == (missing.status_code, missing.content), (
                f"{persona.name} {case.method} {case.operation.path} on an invisible record answers "
                f"{aimed.status_code} {aimed.content[:200]!r}, on a missing one "
                f"{missing.status_code} {missing.content[:200]!r}")


def test_the_fuzzed_schema_is_the_one_the_api_serves_and_only_to_a_signed_in_user(fuzz_context):
    """The fuzzer works from the generated document; the endpoint must serve that same document."""
    from werkzeug import Client

    client = Client(fuzz_context.app)
    assert client.get("/api/schema/?format=json").status_code in (401, 403)
    for persona in fuzz_context.personas:
        served = client.get("/api/schema/?format=json", headers=persona.headers)
        assert served.status_code == 200, persona.name
        assert served.get_json() == SCHEMA_DOCUMENT, persona.name


@pytest.fixture(scope="module", autouse=True)
def _summary(request):
    """Hand the figures to tests/fuzz/conftest.py, which prints them (with -v, or under `make fuzz`)."""
    yield
    request.config.peaceops_fuzz_summary = [
        f"API fuzz: {MAX_EXAMPLES} examples per operation, seed {SEED}, {len(SCHEMA_DOCUMENT['paths'])} paths",
        *(f"  {persona:<10} " + ", ".join(f"{k} {v}" for k, v in sorted(seen.items())) for persona, seen in SEEN.items()),
    ]
