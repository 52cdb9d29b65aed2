"""Parse and clean the UN open-data files (pure Python, no Django).

Each reader takes the text rows of one file and returns clean records plus a `Cleaning` tally of
what it did, so that the loader can store the tally with the dataset. The quirks handled here are
the ones PROVENANCE.md lists for each file.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

AGGREGATE = "all"
PERSONNEL_TYPES = {  # column prefix in the IPI gender file → our code
    "Individual_Police": "individual_police",
    "Formed_Police_Units": "formed_police",
    "Experts_on_Mission": "experts",
    "Troops": "troops",
}
UNKNOWN_COUNTRY = ""  # ISO3 stays blank when the file gives none: "unknown", never guessed


@dataclass
class Cleaning:
    rows_in_file: int = 0
    rows_loaded: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


def strip_text(value: str) -> str:
    """Trim spaces and the trailing apostrophe the IPI loader left ('Vietnam'' → 'Vietnam')."""
    return value.strip().rstrip("'").strip()


def number(value: str) -> int | None:
    """'NA' (or blank) means no contribution of that kind: None."""
    value = strip_text(value)
    if value in ("", "NA"):
        return None
    return int(float(value))


def m49(value: str) -> int | None:
    """M49 codes are stored as floats ('250.0') in the fatalities file."""
    value = value.strip()
    return int(float(value)) if value else None


def month_end(text: str) -> dt.date:
    return dt.date.fromisoformat(strip_text(text))


class Countries:
    """Country names as the files spell them → ISO3 and the UN display name (countries.csv)."""

    def __init__(self, rows: Iterable[dict]):
        self.iso3: dict[str, str] = {}
        self.display: dict[str, str] = {}
        for row in rows:
            self.iso3[row["name"].casefold()] = row["iso3"]
            self.display[row["iso3"]] = row["display_name"]

    def code(self, name: str) -> str:
        return self.iso3.get(strip_text(name).casefold(), UNKNOWN_COUNTRY)

    def name(self, iso3: str, fallback: str = "") -> str:
        return self.display.get(iso3, fallback)


@dataclass(frozen=True)
class ContributionRecord:
    month: dt.date
    country_iso3: str
    country_name: str
    mission: str
    personnel_type: str
    male: int | None
    female: int | None
    total: int


def gender_contributions(rows: Iterable[list[str]]) -> tuple[list[ContributionRecord], Cleaning]:
    """The IPI gender file: drop exact duplicates and aggregates ('all'), strip apostrophes, one
    record per personnel type that has a figure (NA = no contribution of that type)."""
    tally = Cleaning()
    reader = iter(rows)
    header = next(reader)
    index = {name: i for i, name in enumerate(header)}
    seen: set[tuple[str, ...]] = set()
    records = []
    for raw in reader:
        tally.rows_in_file += 1
        key = tuple(raw)
        if key in seen:
            tally.add("exact_duplicates_dropped")
            continue
        seen.add(key)
        if any(value.endswith("'") for value in raw):
            tally.add("trailing_apostrophes_stripped")
        country, iso3, mission = (strip_text(raw[index[c]]) for c in ("Contributor", "Contributor_ISO-3", "Mission"))
        if AGGREGATE in (country, iso3, mission):
            tally.add("aggregate_rows_excluded")
            continue
        tally.rows_loaded += 1
        month = month_end(raw[index["Date"]])
        for prefix, code in PERSONNEL_TYPES.items():
            male, female, total = (number(raw[index[f"{prefix}_{part}"]]) for part in ("Male", "Female", "Total"))
            if total is None and male is None and female is None:
                continue
            records.append(ContributionRecord(month, iso3 if iso3 not in ("NA",) else UNKNOWN_COUNTRY, country,
                                              mission, code, male, female,
                                              total if total is not None else (male or 0) + (female or 0)))
    tally.add("records", len(records))
    return records, tally


@dataclass(frozen=True)
class YearRecord:
    year: int
    country_iso3: str
    country_name: str
    mission: str
    female: int
    male: int
    total: int


def yearly_contributions(rows: Iterable[dict], countries: Countries) -> tuple[list[YearRecord], Cleaning]:
    """The derived yearly averages: zero rows carry nothing (months without data count as 0)."""
    tally = Cleaning()
    records = []
    for row in rows:
        tally.rows_in_file += 1
        female, male, total = (int(row[c]) for c in ("Female", "Male", "Total"))
        if total == 0 and female == 0 and male == 0:
            tally.add("zero_rows_skipped")
            continue
        name = strip_text(row["Country"])
        iso3 = countries.code(name)
        if not iso3:
            tally.add("unknown_country")
        records.append(YearRecord(int(row["Year"]), iso3, name, strip_text(row["Mission"]), female, male, total))
        tally.rows_loaded += 1
    return records, tally


@dataclass(frozen=True)
class ContributorMonthRecord:
    month: dt.date
    country_iso3: str
    country_name: str
    troops: int
    police: int
    experts: int

    @property
    def total(self) -> int:
        return self.troops + self.police + self.experts


def contributor_months(rows: Iterable[dict], countries: Countries) -> tuple[list[ContributorMonthRecord], Cleaning]:
    tally = Cleaning()
    records, seen = [], set()
    for row in rows:
        tally.rows_in_file += 1
        values = [number(row[c]) for c in ("Troops", "Police", "Experts")]
        if all(v is None for v in values):
            tally.add("all_na_rows_skipped")
            continue
        name = strip_text(row["Contributor"])
        key = (name, row["Date"])
        if key in seen:
            tally.add("exact_duplicates_dropped")
            continue
        seen.add(key)
        iso3 = countries.code(name)
        if not iso3:
            tally.add("unknown_country")
        troops, police, experts = (v or 0 for v in values)
        records.append(ContributorMonthRecord(month_end(row["Date"]), iso3, name, troops, police, experts))
        tally.rows_loaded += 1
    return records, tally


@dataclass(frozen=True)
class MissionMonthRecord:
    month: dt.date
    mission: str
    country: str
    country_iso3: str
    contributors: int | None
    troops: int
    police: int
    observers: int
    total: int


def mission_months(rows: Iterable[dict]) -> tuple[list[MissionMonthRecord], Cleaning]:
    tally = Cleaning()
    records, seen = [], set()
    for row in rows:
        tally.rows_in_file += 1
        key = (row["Date"], strip_text(row["Mission"]))
        if key in seen:
            tally.add("exact_duplicates_dropped")
            continue
        seen.add(key)
        troops, police, observers = (number(row[c]) or 0 for c in ("Troops", "Police", "Observers"))
        total = number(row["Total"])
        records.append(MissionMonthRecord(
            month_end(row["Date"]), key[1], strip_text(row["Country of Mission"]),
            strip_text(row["Country of Mission ISO-3"]), number(row["Number of Contributors"]), troops, police,
            observers, total if total is not None else troops + police + observers))
        tally.rows_loaded += 1
    return records, tally


@dataclass(frozen=True)
class FatalityRecord:
    source_id: int
    incident_date: dt.date
    casualty_id: str
    mission: str
    casualty_type: str
    gender: str
    nationality: str
    nationality_iso3: str
    m49: int | None
    personnel_type: str
    incident_type: str
    source_updated: dt.date | None


def fatalities(rows: Iterable[dict]) -> tuple[list[FatalityRecord], Cleaning]:
    """'Local ' trimmed; M49 float → int; blank ISO3 kept blank (unknown), never guessed."""
    tally = Cleaning()
    records = []
    for row in rows:
        tally.rows_in_file += 1
        personnel = row["casualty_personnel_type"]
        if personnel != personnel.strip():
            tally.add("personnel_type_trimmed")
        if not row["isocode3"].strip():
            tally.add("blank_iso3_kept_unknown")
        if row["m49_code"].strip().endswith(".0"):
            tally.add("m49_float_to_int")
        updated = row["last_update"].strip()
        records.append(FatalityRecord(
            int(row["id"]), dt.date.fromisoformat(row["incident_date"].strip()), row["casualty_id"].strip(),
            row["mission_acronym"].strip(), row["type_of_casualty"].strip(), row["gender"].strip(),
            row["casualty_nationality"].strip(), row["isocode3"].strip(), m49(row["m49_code"]), personnel.strip(),
            row["type_of_incident"].strip(), dt.date.fromisoformat(updated) if updated else None))
        tally.rows_loaded += 1
    return records, tally


@dataclass(frozen=True)
class RankingRecord:
    iso3: str
    m49: int | None
    country: str
    rank: int
    female: int
    male: int
    total: int
    as_of: dt.date


def ranking(rows: Iterable[dict]) -> tuple[list[RankingRecord], Cleaning]:
    """The ranking snapshot (the BOM on its first header is removed by reading with utf-8-sig)."""
    tally = Cleaning()
    records = []
    for row in rows:
        tally.rows_in_file += 1
        as_of = dt.datetime.strptime(row["Last_Reporting_Date"].strip(), "%d-%b-%y").date()
        records.append(RankingRecord(row["ISOCode3"].strip(), m49(row["M49_Code"]), row["Contributing_Country"].strip(),
                                     int(row["Personnel_Contribution_Rank"]), int(row["Female_Personnel"]),
                                     int(row["Male_Personnel"]), int(row["Total_Uniformed_Personnel"]), as_of))
        tally.rows_loaded += 1
    return records, tally


def read_rows(text_lines: Iterable[str]) -> Iterable[list[str]]:
    return csv.reader(text_lines)


def read_dicts(text_lines: Iterable[str]) -> Iterable[dict]:
    return csv.DictReader(text_lines)
