"""The missions reference data shipped in the package, read without Django.

`missions.csv` is the UN catalogue with the fixes of `fixes.json` applied (see build.py and
PROVENANCE.md); `statuses.csv` is the status history derived from it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
MISSIONS_FILE = HERE / "missions.csv"
STATUSES_FILE = HERE / "statuses.csv"


@dataclass(frozen=True)
class MissionRow:
    source_id: int
    acronym: str
    name: str
    lead_department: str
    location: str
    country: str
    country_iso3: str
    region: str
    longitude: Decimal | None
    latitude: Decimal | None
    start_date: dt.date | None
    end_date: dt.date | None
    source_updated: dt.date | None


@dataclass(frozen=True)
class StatusRow:
    acronym: str
    status: str
    from_date: dt.date | None
    source: str


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text.strip() else None


def _decimal(text: str) -> Decimal | None:
    return Decimal(text).quantize(Decimal("0.0001")) if text.strip() else None


def missions(path: Path = MISSIONS_FILE) -> list[MissionRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            MissionRow(
                source_id=int(row["id"]), acronym=row["mission_acronym"], name=row["mission_name"],
                lead_department=row["lead_department"], location=row["mission_location"], country=row["country"],
                country_iso3=row["country_iso3"], region=row["region"],
                longitude=_decimal(row["mission_longitude"]), latitude=_decimal(row["mission_latitude"]),
                start_date=_date(row["start_date"]), end_date=_date(row["end_date"]),
                source_updated=_date(row["last_update"]),
            )
            for row in csv.DictReader(handle)
        ]


def statuses(path: Path = STATUSES_FILE) -> list[StatusRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [StatusRow(row["mission"], row["status"], _date(row["from_date"]), row["source"])
                for row in csv.DictReader(handle)]


def sha256(path: Path = MISSIONS_FILE) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
