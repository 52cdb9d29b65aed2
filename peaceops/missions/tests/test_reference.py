"""The shipped catalogue: every fix of PROVENANCE.md applied, each one recorded, nothing else changed."""

import csv
import json
from decimal import Decimal

from peaceops.missions import reference
from peaceops.missions.reference import build

SHIPPED = {row.acronym: row for row in reference.missions()}
FIXES = json.loads(build.FIXES.read_text(encoding="utf-8"))


def test_the_shipped_files_are_exactly_what_the_build_makes_from_the_published_file():
    for path, text in build.outputs().items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run the build"


def test_the_published_file_ships_byte_for_byte():
    assert reference.sha256(build.ORIGINAL) == "234ee1f8ecf3d7974f4bb3818fc5a7c9212c77c2643156bfb8b7f04b6089b471"


def test_replaying_the_recorded_fixes_on_the_published_file_gives_the_shipped_file():
    shipped = {r["id"]: r for r in csv.DictReader(build.MISSIONS.open(encoding="utf-8"))}
    for published in build.read_original():
        row = dict(published)
        for fix in (f for f in FIXES["fixes"] if f["row_id"] == int(published["id"])):
            assert row[fix["field"]] == fix["old"], fix
            assert fix["reason"] and fix["source"]
            row[fix["field"]] = fix["new"]
        assert {k: shipped[published["id"]][k] for k in published} == row


def test_minusma_is_closed_on_31_december_2023():
    minusma = SHIPPED["MINUSMA"]
    assert minusma.end_date.isoformat() == "2023-12-31"
    statuses = [(s.status, s.from_date.isoformat()) for s in reference.statuses() if s.acronym == "MINUSMA"]
    assert statuses == [("active", "2013-04-25"), ("closed", "2023-12-31")]


def test_eleven_missions_are_open_after_minusma_closed():
    open_missions = {row.acronym for row in SHIPPED.values() if row.end_date is None and row.start_date}
    assert len(open_missions) == 11
    assert "MINUSMA" not in open_missions and "UNIFIL" in open_missions


def test_coordinates_use_decimal_points_and_sit_on_their_hq_city():
    rows = list(csv.DictReader(build.MISSIONS.open(encoding="utf-8")))
    assert not any("," in r["mission_longitude"] + r["mission_latitude"] for r in rows)
    expected = {  # (lat, lon) of the HQ city, to a tenth of a degree
        "UNOSOM": (2.0, 45.4), "UNOSOM I": (2.0, 45.4), "UNOSOM II": (2.0, 45.4),
        "UNAVEM": (-8.8, 13.2), "UNAVEM I": (-8.8, 13.2), "UNAVEM II": (-8.8, 13.2), "MONUA": (-8.8, 13.2),
        "UNEF": (31.5, 34.5), "UNEF I": (31.5, 34.5), "UNEF II": (31.5, 34.5), "MINUSMA": (12.7, -8.0),
        "UNSCOB": (38.0, 23.8), "UNTSO": (31.8, 35.2),
    }
    for acronym, (lat, lon) in expected.items():
        row = SHIPPED[acronym]
        assert abs(row.latitude - Decimal(str(lat))) < Decimal("0.1"), acronym
        assert abs(row.longitude - Decimal(str(lon))) < Decimal("0.1"), acronym


def test_the_active_flag_is_spelt_one_way_and_names_are_whole():
    rows = list(csv.DictReader(build.MISSIONS.open(encoding="utf-8")))
    assert {r["mission_isactive"] for r in rows} == {"Yes", "No"}
    assert SHIPPED["DOMREP"].name == "Mission of the Representative of the Secretary-General in the Dominican Republic"
    assert not any(r.name.startswith('"') or r.location != r.location.strip() for r in SHIPPED.values())


def test_unknown_dates_stay_unknown_and_are_never_guessed():
    assert SHIPPED["UNOHCI"].start_date is None and SHIPPED["UNOHCI"].end_date is None
    assert SHIPPED["UNSCOB"].start_date is None
    unknown = [s for s in reference.statuses() if s.acronym == "UNOHCI"]
    assert [(s.status, s.from_date) for s in unknown] == [("closed", None)]


def test_unverified_facts_are_not_presented_as_fact():
    text = build.FIXES.read_text(encoding="utf-8") + build.STATUSES.read_text(encoding="utf-8")
    assert "2690" not in text  # MINUSMA's terminating resolution is marked unverified in DOMAIN_FACTS
    assert not any(s.status == "drawdown" and s.acronym == "MONUSCO" for s in reference.statuses())
