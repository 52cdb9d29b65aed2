"""The demo's worked example and the CLI."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from peaceops.access.context import system_scope
from peaceops.logistics.models import Claim, CostEstimate, EquipmentItem, Rate

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def rotation(structure, unmiss):
    from peaceops.missions import services as missions
    from peaceops.org.models import Unit

    with system_scope("test: rotation") as system:
        return missions.rotation_create(actor=system, mission=unmiss, number=7, unit=Unit.objects.get(code="L2FH-7"),
                                        start_date=D(2025, 9, 22), end_date=D(2026, 9, 21))


def test_the_demo_builds_the_hospital_worked_example_once(structure, rotation):
    from peaceops.demo import logistics as demo

    with system_scope("test: demo") as system:
        first = demo.load(system)
        second = demo.load(system)
        assert first["equipment"] == 6 and first["verifications"] == 3 and first["claims"] >= 3
        assert all(value == 0 for value in second.values()), second
        estimate = CostEstimate.objects.get(notes__startswith=demo.ESTIMATE_NOTE)
        assert estimate.rotation_id == rotation.pk
        assert estimate.title == "L2FH-7 · UNMISS R7 (09/2025 – 09/2026)"
        assert (estimate.start_date, estimate.end_date) == (rotation.start_date, rotation.end_date)
        lines = estimate.result["lines"]
        # The worked example: every line shows its rate and the rate's source and date.
        assert lines and all(line["rate_ref"] and line["source"] and line["effective_from"] for line in lines)
        assert {"personnel", "major_equipment", "self_sustainment", "deduction", "mission_factor", "allowances",
                "training", "air_transport", "sea_transport"} <= {line["category"] for line in lines}
        assert not estimate.result["gaps"]
        # The ambulance and the generator that failed verification are not claimed for the second quarter.
        equipment_claim = Claim.objects.get(notes="demo:equipment-q2")
        claimed = {line.equipment_item.serial for line in equipment_claim.lines.all()}
        assert "L2FH-AMB" not in claimed and "L2FH-GEN" not in claimed and "L2FH-MED-01" in claimed
        assert EquipmentItem.objects.get(serial="L2FH-GEN").condition == "missing"
    assert Rate.objects.filter(verified=True).count() == 5


def test_the_cli_loads_the_rates_and_is_idempotent(structure):
    out = io.StringIO()
    call_command("logistics", "rates", "load", stdout=out)
    call_command("logistics", "rates", "load", stdout=out)
    assert "5 created" in out.getvalue() and "5 unchanged" in out.getvalue()


def test_the_cli_prints_a_rotations_cost_as_json_with_rate_and_source_on_every_line(structure, rotation, officer):
    call_command("logistics", "rates", "load", stdout=io.StringIO())
    out = io.StringIO()
    call_command("logistics", "cost", "--rotation", str(rotation.pk), "--json", "--as", "logistics", stdout=out)
    data = json.loads(out.getvalue())
    assert data["rotation"]["id"] == str(rotation.pk)
    assert data["start"] == "2025-09-22" and data["end"] == "2026-09-21"
    # No verified troop-cost rate is in force after 30 June 2022 and none was entered: a gap, not a guess.
    assert any(gap["kind"] == "troop_cost" for gap in data["gaps"])
    assert all(line["source"] for line in data["lines"])


def test_the_cli_refuses_an_unknown_rotation_clearly(structure, officer):
    with pytest.raises(CommandError, match="no rotation"):
        call_command("logistics", "cost", "--rotation", "not-a-uuid", "--as", "logistics", stdout=io.StringIO())


def test_the_demo_follows_the_force_generation_rotation_of_the_hospital(structure, unmiss):
    from peaceops.demo import logistics as demo
    from peaceops.missions import services as missions
    from peaceops.org.models import Unit

    hospital = Unit.objects.get(code="L2FH-7")
    with system_scope("test: demo") as system:
        for number, start, end in ((1, D(2024, 12, 15), D(2025, 12, 28)), (2, D(2025, 12, 15), D(2026, 12, 28))):
            missions.rotation_create(actor=system, mission=unmiss, number=number, unit=hospital, start_date=start,
                                     end_date=end)
        demo.load(system)
        estimate = CostEstimate.objects.get(notes__startswith=demo.ESTIMATE_NOTE)
        assert estimate.rotation.number == 2
        assert estimate.start_date == D(2025, 12, 15)
        assert all(line["source"] for line in estimate.result["lines"])
        assert all(claim.submitted_on <= dt.date.today() for claim in Claim.objects.all())
