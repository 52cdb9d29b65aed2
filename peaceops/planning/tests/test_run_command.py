"""`peaceops planning run --rotation ID --as USER --json`."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_the_run_command_prints_the_stored_plan_as_json(nurses, requirement):
    out = StringIO()
    call_command("planning", "--rotation", str(requirement.rotation.pk), "--as", "planner", "--json",
                 "--women-share", "0.4", stdout=out)
    data = json.loads(out.getvalue())
    assert data["status"] == "done" and data["filled"] == 5 and data["validator_passes"] is True
    assert len(data["choices"]) == 5


def test_the_run_command_refuses_a_reader_without_the_planner_role(nurses, requirement):
    with pytest.raises(CommandError):
        call_command("planning", "--rotation", str(requirement.rotation.pk), "--as", "auditor", stdout=StringIO())
