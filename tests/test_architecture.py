"""Architecture rules checked by code: secured routes, policies, pure modules, no admin for classified data."""

import ast
import re
from pathlib import Path

import pytest
from django.core import checks
from django.test import override_settings
from django.urls import path
from django.views import View

from peaceops.access.checks import classified_models_have_policies, routes_use_secured_views
from peaceops.access.classified import classified_models
from peaceops.access.policies import _registry, policy_for

ROOT = Path(__file__).resolve().parent.parent / "peaceops"


def test_the_system_checks_pass_on_the_real_project():
    errors = [e for e in checks.run_checks(tags=[checks.Tags.security]) if e.is_serious()]
    assert errors == []


class UnsecuredView(View):
    pass


urlpatterns = [path("leak/", UnsecuredView.as_view(), name="leak")]


@override_settings(ROOT_URLCONF=__name__)
def test_a_route_with_an_unsecured_view_fails_the_check():
    from django.urls import clear_url_caches

    clear_url_caches()
    try:
        errors = routes_use_secured_views(None)
    finally:
        clear_url_caches()
    assert [e.id for e in errors] == ["peaceops.E002"]


def test_a_classified_model_without_a_policy_fails_the_check(monkeypatch):
    from peaceops.people.models import Person

    monkeypatch.delitem(_registry, Person)
    errors = classified_models_have_policies(None)
    assert any(e.id == "peaceops.E001" and "Person" in e.msg for e in errors)


def test_startup_refuses_to_serve_when_a_security_check_fails(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from peaceops.core.startup import fail_on_security_errors
    from peaceops.people.models import Person

    monkeypatch.delitem(_registry, Person)
    with pytest.raises(ImproperlyConfigured):
        fail_on_security_errors()


def test_every_classified_model_has_a_policy():
    for model in classified_models():
        assert policy_for(model) is not None


def test_django_admin_is_not_installed():
    """The admin would write classified models without services or audit."""
    from django.conf import settings

    assert "django.contrib.admin" not in settings.INSTALLED_APPS


PURE_MODULES = ["audit/chain.py", "core/text.py", "demo/names.py", "documents/parsers", "planning/solver",
                "insights/rates.py", "insights/cleaning.py", "insights/reference", "missions/reference",
                "insights/risk.py", "logistics/costing.py", "legal/compliance.py", "legal/discipline.py",
                "missions/transitions.py", "planning/scoring.py", "readiness/units_matching.py",
                "welfare/notification.py", "partners/matching.py"]


@pytest.mark.parametrize("relative", PURE_MODULES)
def test_pure_modules_import_no_django(relative):
    target = ROOT / relative
    files = [target] if target.is_file() else sorted(target.rglob("*.py"))
    for file in files:
        if "tests" in file.parts:
            continue
        tree = ast.parse(file.read_text())
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] in {"django", "rest_framework"} for n in names), f"{file} imports Django"


WRITE_CALL = re.compile(r"\.(save|delete|bulk_create|bulk_update)\(|objects\.(create|update_or_create|get_or_create)\("
                        r"|\)\.update\(")


def test_views_forms_and_serializers_do_not_write_directly():
    """Writes go through services; a direct .save()/.delete()/.create( in these files is a bypass."""
    offenders = []
    for pattern in ("*/views.py", "*/forms.py", "*/api/*.py"):
        for file in ROOT.glob(pattern):
            for number, line in enumerate(file.read_text().splitlines(), start=1):
                if WRITE_CALL.search(line):
                    offenders.append(f"{file.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_no_fstrings_inside_gettext():
    offenders = []
    for file in ROOT.rglob("*.py"):
        tree = ast.parse(file.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {"_", "gettext", "gettext_lazy"}:
                if node.args and isinstance(node.args[0], ast.JoinedStr):
                    offenders.append(f"{file}:{node.lineno}")
    assert offenders == []


@pytest.mark.django_db
def test_models_and_migrations_are_in_step():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
