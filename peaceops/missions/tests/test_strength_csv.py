"""The strength-return CSV parser alone (pure) and the import command: all or nothing, every bad row named."""

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from peaceops.audit.models import AuditEvent
from peaceops.missions import strength_csv
from peaceops.missions.models import StrengthReturn

from .factories import RequirementFactory, RotationFactory, mission

KNOWN = {"missions": {"UNMISS", "MINUSCA"}, "categories": {"troops", "staff_officers"}, "genders": {"F", "M"}}
GOOD = "mission,month,category,gender,count\nUNMISS,2026-09,troops,F,11\nminusca,2026-09-30,staff_officers,m,3\n"


def test_good_rows_are_read_and_normalised():
    lines, bad = strength_csv.parse(GOOD, **KNOWN)
    assert bad == []
    assert [(x.mission, x.month, x.category, x.gender, x.count) for x in lines] == [
        ("UNMISS", dt.date(2026, 9, 1), "troops", "F", 11), ("MINUSCA", dt.date(2026, 9, 1), "staff_officers", "M", 3)]


def test_every_bad_row_is_reported_with_its_problems():
    text = ("mission,month,category,gender,count\nNOPE,2026-13,troops,X,-1\nUNMISS,2026-09,troops,F,11\n"
            "UNMISS,2026-09,troops,F,12\n")
    lines, bad = strength_csv.parse(text, **KNOWN)
    assert [b.row for b in bad] == [2, 4]
    assert len(bad[0].problems) == 4 and "row 3" in bad[1].problems[0]


def test_a_missing_column_is_one_clear_problem():
    _lines, bad = strength_csv.parse("mission,month,count\nUNMISS,2026-09,3\n", **KNOWN)
    assert bad[0].row == 1 and "category" in bad[0].problems[0] and "gender" in bad[0].problems[0]


def test_blank_lines_are_skipped():
    lines, bad = strength_csv.parse(GOOD + ",,,,\n", **KNOWN)
    assert len(lines) == 2 and not bad


@pytest.mark.django_db
def test_the_import_writes_nothing_when_one_row_is_bad(structure, tmp_path, capsys):
    mission("UNMISS")
    path = tmp_path / "returns.csv"
    path.write_text("mission,month,category,gender,count\nUNMISS,2026-09,troops,F,11\nUNMISS,2026-09,troops,F,x\n")
    with pytest.raises(SystemExit) as stopped:
        call_command("missions", "strength-import", str(path), "--as", "planner")
    assert stopped.value.code == 1
    assert "row 3" in capsys.readouterr().err
    assert not StrengthReturn.objects.exists()


@pytest.mark.django_db
def test_the_import_records_every_line_and_is_audited(structure, tmp_path, capsys):
    mission("UNMISS"), mission("MINUSCA")
    path = tmp_path / "returns.csv"
    path.write_text(GOOD)
    call_command("missions", "strength-import", str(path), "--as", "planner", "--json")
    assert json.loads(capsys.readouterr().out)["created"] == 2
    assert StrengthReturn.objects.count() == 2
    assert AuditEvent.objects.filter(action="missions.strength.import").count() == 1
    call_command("missions", "strength-import", str(path), "--as", "planner", "--json")
    assert json.loads(capsys.readouterr().out)["unchanged"] == 2


@pytest.mark.django_db
def test_the_import_needs_a_user_who_may_import(structure, tmp_path):
    path = tmp_path / "returns.csv"
    path.write_text(GOOD)
    with pytest.raises(CommandError):
        call_command("missions", "strength-import", str(path))
    with pytest.raises(CommandError):
        call_command("missions", "strength-import", str(path), "--as", "health")


@pytest.mark.django_db
def test_the_rotations_listing_in_json(structure, capsys):
    rotation = RotationFactory(number=3)
    RequirementFactory(rotation=rotation, count=4)
    call_command("missions", "rotations", "--as", "planner", "--json", "--mission", "unmiss")
    [row] = json.loads(capsys.readouterr().out)
    assert (row["name"], row["posts"], row["held"], row["open"]) == ("UNMISS · L2FH-7 · R3", 4, 0, 4)
