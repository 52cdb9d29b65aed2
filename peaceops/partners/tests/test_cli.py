"""`peaceops partners gaps|offers --as USER [--json]`."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from .conftest import make_offer, make_partner

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("partners", *args, stdout=out)
    return out.getvalue()


def test_offers_lists_every_offer_or_only_the_open_ones(admin, structure):
    partner = make_partner(admin, code="CLI")
    make_offer(admin, partner, title="Open one")
    make_offer(admin, partner, title="Closed one", status="closed")
    every = json.loads(run("offers", "--as", "public", "--json"))
    assert {o["title"] for o in every["offers"]} == {"Open one", "Closed one"}
    opened = json.loads(run("offers", "--open", "--as", "public", "--json"))
    assert [o["title"] for o in opened["offers"]] == ["Open one"] and opened["offers"][0]["fictional"]
    assert "Open one" in run("offers", "--as", "public")


def test_gaps_prints_the_shortfalls_and_their_offers(admin, reference):
    make_offer(admin, make_partner(admin, code="CLI2"), title="English B2", qualification="ENGLISH", level="B2")
    body = json.loads(run("gaps", "--as", "planner", "--from", "2027-03-01", "--to", "2028-02-29", "--json"))
    assert body["tour"] == {"start": "2027-03-01", "end": "2028-02-29"} and body["open_offers"] == 1
    assert "units short of a skill" in run("gaps", "--as", "planner", "--post-type", "nurse")


def test_bad_input_is_a_command_error(structure):
    with pytest.raises(CommandError):
        run("gaps", "--as", "nobody")
    with pytest.raises(CommandError):
        run("gaps", "--as", "planner", "--from", "2027-13-01")
