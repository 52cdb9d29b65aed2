"""The deployment status table alone (pure module): every allowed move and every refused one."""

import itertools

import pytest

from peaceops.missions import transitions as t

ALLOWED_MOVES = {
    (t.NOMINATED, t.ACCEPTED), (t.NOMINATED, t.WITHDRAWN),
    (t.ACCEPTED, t.DEPLOYED), (t.ACCEPTED, t.WITHDRAWN),
    (t.DEPLOYED, t.EXTENDED), (t.DEPLOYED, t.REPATRIATED),
    (t.EXTENDED, t.EXTENDED), (t.EXTENDED, t.REPATRIATED),
}
EVERY_MOVE = set(itertools.product(t.STATUSES, t.STATUSES))


@pytest.mark.parametrize(("from_status", "to_status"), sorted(ALLOWED_MOVES))
def test_an_allowed_move_is_allowed(from_status, to_status):
    assert t.allowed(from_status, to_status)


@pytest.mark.parametrize(("from_status", "to_status"), sorted(EVERY_MOVE - ALLOWED_MOVES))
def test_any_other_move_is_refused(from_status, to_status):
    assert not t.allowed(from_status, to_status)


def test_repatriated_and_withdrawn_are_final():
    assert t.next_statuses(t.REPATRIATED) == t.next_statuses(t.WITHDRAWN) == []


def test_unknown_statuses_are_refused_both_ways():
    assert not t.allowed("lost", t.ACCEPTED) and not t.allowed(t.NOMINATED, "lost")


def test_the_table_names_only_known_statuses():
    assert set(t.ALLOWED) == set(t.STATUSES)
    assert set().union(*t.ALLOWED.values()) <= set(t.STATUSES)
    assert t.ACTIVE | t.FINAL == set(t.STATUSES) and not t.ACTIVE & t.FINAL


def test_next_statuses_keep_the_order_of_the_life_cycle():
    assert t.next_statuses(t.NOMINATED) == [t.ACCEPTED, t.WITHDRAWN]


def test_the_module_imports_no_django():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(t))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)
             for alias in getattr(node, "names", [])} | {getattr(node, "module", "") or "" for node in ast.walk(tree)
                                                          if isinstance(node, ast.ImportFrom)}
    assert not any(name.startswith("django") for name in names)
