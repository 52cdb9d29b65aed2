"""`peaceops welfare deadlines --as USER --json`: the same deadlines the pages show, for that user only."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from peaceops.welfare import services

from .conftest import casualty_marking

pytestmark = pytest.mark.django_db


def run(*args) -> dict:
    out = io.StringIO()
    call_command("welfare", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_deadlines_command_lists_near_deadlines_for_a_cleared_user_only(make_casualty, admin, periods):
    claim = services.claim_create(actor=admin, casualty=make_casualty(), data=services.ClaimData(
        kind="death", currency="USD", claimed_amount="10"), marking=casualty_marking())
    on = (dt.date.today() + dt.timedelta(days=45)).isoformat()
    found = run("deadlines", "--as", "admin", "--json", "--on", on)
    assert found["count"] == 1
    assert found["deadlines"][0]["claim"] == claim.reference and found["deadlines"][0]["state"] == "near"
    assert found["deadlines"][0]["period_verified"] is False
    assert run("deadlines", "--as", "planner", "--json", "--on", on) == {"count": 0, "deadlines": []}


def test_the_deadlines_command_refuses_an_unknown_user(structure):
    with pytest.raises(CommandError, match="no active user"):
        call_command("welfare", "deadlines", "--as", "nobody")
