"""The shared access-matrix test mixin.

A model joins the matrix by subclassing `AccessMatrixMixin` in its app's tests and supplying
`model` and `make(case, marker)`. The mixin discovers every URL and API route from the resolver
(never a hand list), and checks every persona against records at every level, compartment and
agency: invisible records are 404 on every route that names them, and their markers never
appear on any list, count, export or dashboard.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import uuid
from dataclasses import dataclass, field

from django.urls import reverse

from .checks import iter_patterns, view_class_of

LEVELS = {"UNCLASSIFIED": 0, "CONFIDENTIAL": 1, "SECRET": 2, "TOP SECRET": 3}


@dataclass(frozen=True)
class MarkingCase:
    name: str
    level: int
    owner: str
    compartments: tuple[str, ...] = ()
    released: tuple[str, ...] = ()
    declassify_days: int | None = None  # relative to today; negative = already past
    downgrade_level: int | None = None

    def declassify_on(self, today: dt.date) -> dt.date | None:
        return None if self.declassify_days is None else today + dt.timedelta(days=self.declassify_days)


MARKING_CASES = [
    MarkingCase("u-vdpo", 0, "VDPO"),
    MarkingCase("u-mod", 0, "MOD"),
    MarkingCase("c-mod-rel-vdpo", 1, "MOD", released=("VDPO",)),
    MarkingCase("s-mod", 2, "MOD"),
    MarkingCase("ts-vdpo", 3, "VDPO"),
    MarkingCase("c-moh-medical", 1, "MOH", compartments=("MEDICAL",)),
    MarkingCase("c-vdpo-personal", 1, "VDPO", compartments=("PERSONAL-DATA",)),
    MarkingCase("s-mfa", 2, "MFA"),
    MarkingCase("c-mps-discipline-rel-moh", 1, "MPS", compartments=("DISCIPLINE",), released=("MOH",)),
    MarkingCase("c-moh-rel-mfa", 1, "MOH", released=("MFA",)),
    MarkingCase("s-vdpo-declassified", 2, "VDPO", declassify_days=-1, downgrade_level=0),
    MarkingCase("s-vdpo-declassify-later", 2, "VDPO", declassify_days=30, downgrade_level=0),
]


@dataclass(frozen=True)
class PersonaSpec:
    name: str
    level: int
    compartments: frozenset[str]
    agencies: frozenset[str]


def persona_specs() -> dict[str, PersonaSpec]:
    from peaceops.demo.structure import PERSONAS

    return {
        username: PersonaSpec(username, LEVELS[level], frozenset(compartments), frozenset(agencies))
        for username, _name, level, compartments, agencies, _roles in PERSONAS
    }


def expected_visible(persona: PersonaSpec, case: MarkingCase, today: dt.date) -> bool:
    """The rule of ARCHITECTURE §3 written out independently of the implementation."""
    level = case.level
    if case.declassify_days is not None and case.declassify_days <= 0 and case.downgrade_level is not None:
        level = min(level, case.downgrade_level)
    return (
        level <= persona.level
        and set(case.compartments) <= persona.compartments
        and (case.owner in persona.agencies or bool(set(case.released) & persona.agencies))
    )


@dataclass
class Route:
    name: str
    view: type
    params: tuple[str, ...]
    methods: tuple[str, ...]
    is_api: bool
    actions: dict = field(default_factory=dict)

    @property
    def model(self):
        return getattr(self.view, "model", None) or getattr(getattr(self.view, "queryset", None), "model", None)

    @property
    def app(self) -> str:
        """The app whose code serves this route (peaceops.<app>.…)."""
        parts = getattr(self.view, "__module__", "").split(".")
        return parts[1] if len(parts) > 1 and parts[0] == "peaceops" else ""


# Routes that hold no record data (the schema, its viewer, sign-in pages): sweeping them proves nothing.
DATA_FREE_ROUTES = frozenset({"api:schema", "api:docs", "api:root", "accounts:login", "accounts:logout",
                              "accounts:security", "accounts:verify", "core:health", "core:set_language"})
# Apps whose pages gather records of every other app (the dashboard, the audit trail): always swept.
CROSS_CUTTING_APPS = ("core", "audit")


SAMPLE_VALUES = {"fmt": ("csv", "xlsx")}


def discover_routes() -> list[Route]:
    routes = []
    for _route, pattern, namespace in iter_patterns():
        if not pattern.name:
            continue
        view = view_class_of(pattern.callback)
        regex = pattern.pattern.regex
        params = tuple(regex.groupindex)
        actions = getattr(pattern.callback, "actions", None) or {}
        is_api = namespace.startswith("api")
        methods = tuple(m.upper() for m in actions) if actions else ("GET", "POST")
        routes.append(Route(f"{namespace}:{pattern.name}" if namespace else pattern.name, view, params, methods,
                            is_api, actions))
    return routes


def body_text(response) -> str:
    """The text a user could read in a response: HTML, JSON, CSV, or the cells of an XLSX."""
    content_type = response.get("Content-Type", "")
    raw = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(" ".join(str(c) for c in row if c is not None)
                         for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
    return raw.decode("utf-8", errors="replace")


class AccessMatrixMixin:
    """Subclass in an app's tests with `model` and `make(case, marker)`; optionally `pages_showing`."""

    model = None
    marker_prefix = "Zq"
    # Other apps whose lists may show this model's records (e.g. people for a deployment): swept too.
    listed_in_apps: tuple[str, ...] = ()

    def make(self, case: MarkingCase, marker: str, today: dt.date):
        raise NotImplementedError

    def pages_showing(self, obj) -> list[str]:
        """Pages of other records where this one may appear (e.g. a passport on its person's page)."""
        return []

    # --- set-up ---------------------------------------------------------------------------
    def build(self, today):
        records = []
        for index, case in enumerate(MARKING_CASES):
            marker = f"{self.marker_prefix}{index:02d}{case.name.replace('-', '')[:10]}"
            records.append((case, marker, self.make(case, marker, today)))
        return records

    # --- the tests ------------------------------------------------------------------------
    def test_routes_naming_a_record_answer_404_when_it_is_invisible(self, structure, client_for, api_for, today):
        records = self.build(today)
        specs = persona_specs()
        routes = [r for r in discover_routes() if r.model is self.model and "pk" in r.params]
        assert routes or not self.expects_routes, f"no routes found for {self.model}"
        for persona, spec in specs.items():
            web, api = client_for(persona), api_for(persona)
            for case, marker, obj in records:
                visible = expected_visible(spec, case, today)
                for route in routes:
                    for url in self.urls(route, pk=obj.pk):
                        for method in route.methods:
                            client = api if route.is_api else web
                            response = self.call(client, method, url, route)
                            if not visible:
                                # Exactly what a record that does not exist gets: 404 (or 405 for a
                                # method the route never accepts, which says nothing about the record).
                                absent = self.call(client, method, url.replace(str(obj.pk), str(uuid.uuid4())), route)
                                assert response.status_code == absent.status_code, (
                                    f"{persona} {method} {url} ({case.name}) gave {response.status_code}, "
                                    f"a missing record gives {absent.status_code}")
                                assert response.status_code in (404, 405), f"{persona} {method} {url}"
                                if method == "GET":
                                    assert response.status_code == 404
                                assert marker not in body_text(response)
                            elif method == "GET" and self.is_read(route):
                                assert response.status_code == 200, f"{persona} GET {url} ({case.name})"
                                assert marker in body_text(response)

    expects_routes = True

    def test_lists_counts_exports_and_dashboard_never_show_invisible_records(
        self, structure, client_for, api_for, today
    ):
        records = self.build(today)
        specs = persona_specs()
        list_routes = self.list_routes()
        for persona, spec in specs.items():
            web, api = client_for(persona), api_for(persona)
            hidden = [m for case, m, _o in records if not expected_visible(spec, case, today)]
            shown = [m for case, m, _o in records if expected_visible(spec, case, today)]
            for route in list_routes:
                if "GET" not in route.methods:
                    continue
                for url in self.urls(route):
                    client = api if route.is_api else web
                    for query in ("", "?page_size=500&per_page=200", f"?q={self.marker_prefix}"):
                        response = client.get(url + query)
                        assert response.status_code < 500, f"{persona} GET {url}{query}"
                        text = body_text(response)
                        for marker in hidden:
                            assert marker not in text, f"{persona} sees hidden {marker} on {url}{query}"
            for case, marker, obj in records:
                for page in self.pages_showing(obj):
                    response = web.get(page)
                    if response.status_code == 200:
                        assert (marker in body_text(response)) == expected_visible(spec, case, today), (
                            f"{persona} on {page}: {case.name}")
            self.check_counts(persona, api, web, len(shown), today)

    def list_routes(self) -> list[Route]:
        """The lists, searches, exports and dashboards where this model's records could show: its own app's,
        the cross-cutting ones and `listed_in_apps`. (Sweeping every app's lists for every model grew as
        features times models: 112 routes × 3 queries × 9 personas per model.)"""
        apps = {self.model._meta.app_label, *CROSS_CUTTING_APPS, *self.listed_in_apps}
        return [r for r in discover_routes()
                if (not r.params or set(r.params) <= set(SAMPLE_VALUES)) and r.name not in DATA_FREE_ROUTES
                and r.app in apps]

    def check_counts(self, persona, api, web, expected: int, today):
        """Override to compare the model's API count and dashboard figures with `expected`."""

    # --- helpers --------------------------------------------------------------------------
    def urls(self, route: Route, **given) -> list[str]:
        combos = [{}]
        for param in route.params:
            if param in given:
                values = (given[param],)
            elif param in SAMPLE_VALUES:
                values = SAMPLE_VALUES[param]
            else:
                raise AssertionError(f"route {route.name} has a parameter {param!r} the matrix cannot fill")
            combos = [{**c, param: v} for c in combos for v in values]
        return [reverse(route.name, kwargs=c) for c in combos]

    @staticmethod
    def is_read(route: Route) -> bool:
        from .views import SecuredDetailView

        if route.is_api:
            return route.actions.get("get") == "retrieve"
        return isinstance(route.view, type) and issubclass(route.view, SecuredDetailView)

    @staticmethod
    def call(client, method: str, url: str, route: Route):
        if method == "GET":
            return client.get(url)
        if method in ("HEAD", "OPTIONS"):
            return getattr(client, method.lower())(url)
        payload = {"version": 1}
        if route.is_api:
            return getattr(client, method.lower())(url, payload, format="json")
        return getattr(client, method.lower())(url, payload)


def json_count(response) -> int:
    return json.loads(response.content)["count"]


def stat_value(html: str, name: str) -> int:
    match = re.search(rf'data-stat="{name}">([\d.,\s]+)<', html)
    assert match, f"no stat {name}"
    return int(re.sub(r"\D", "", match.group(1)))
