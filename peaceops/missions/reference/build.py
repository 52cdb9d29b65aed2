"""Build the corrected missions catalogue that ships with PeaceOps (pure Python, no Django).

    python -m peaceops.missions.reference.build            # rewrite missions.csv, fixes.json, statuses.csv
    python -m peaceops.missions.reference.build --check    # exit 1 if the shipped files are not what it builds

The input is the UN file exactly as published (`original/`, byte for byte); every change to it is
a rule below, and every change the rules make is written to `fixes.json` (row, field, old, new,
reason and source). A test rebuilds the catalogue and compares it with the shipped files, so the
fix record cannot drift from the data.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORIGINAL = HERE / "original" / "un_dppadposs_pko_missions_2024-02-19.csv"
GEOGRAPHY = HERE / "geography.csv"
MISSIONS = HERE / "missions.csv"
FIXES = HERE / "fixes.json"
STATUSES = HERE / "statuses.csv"

DATA_PROVENANCE = "shared/data/un/PROVENANCE.md §2 (known errors of the DPPADPOSS-PKO snapshot)"
DOMAIN_FACTS = "design/DOMAIN_FACTS.md §9"

# Coordinates that were swapped: in each of these rows the latitude sits in the longitude column.
# The test is geographic (the HQ city named in the same row), cross-checked with the other rows
# for the same city and with the IPI mission reference (ipi_ppp_missions_reference.json).
SWAPPED = {
    "UNOSOM I": "Mogadishu is at 2.03°N 45.35°E; the row had longitude 2.03 and latitude 45.35 (inland Russia)",
    "UNOSOM II": "Mogadishu is at 2.03°N 45.35°E; the row had longitude 2.03 and latitude 45.35 (inland Russia)",
    "UNAVEM I": "Luanda is at 8.84°S 13.23°E; the row had longitude -8.84 and latitude 13.23 (Sahel)",
    "UNAVEM II": "Luanda is at 8.84°S 13.23°E; the row had longitude -8.84 and latitude 13.23 (Sahel)",
    "UNEF": "Gaza is at 31.50°N 34.47°E; the row had longitude 31.50 and latitude 34.47 (Mediterranean off Cyprus)",
    "MINUSMA": "Bamako is at 12.65°N 8.00°W; the row had latitude -8.00 (southern hemisphere, outside Mali)",
    "UNSCOB": "Athens is at 37.97°N 23.77°E; the row had longitude 37.97 and latitude 23.77 (Egypt)",
}
# Rows that PROVENANCE.md names among the swapped ones but that are right in the file.
CHECKED_NOT_SWAPPED = {
    "UNOSOM": "Mogadishu 2.03°N 45.35°E: already right in the file (the I and II rows were the swapped ones)",
    "UNAVEM": "Luanda 8.84°S 13.23°E: already right in the file (the I and II rows were the swapped ones)",
    "MONUA": "Luanda 8.84°S 13.23°E: already right in the file; nothing to swap",
    "UNEF I": "Gaza 31.50°N 34.47°E: already right in the file",
    "UNEF II": "Gaza 31.50°N 34.47°E: already right in the file",
}
# Values filled from another file of the same snapshot.
FILLED = {
    ("UNTSO", "mission_longitude"): ("35.2167", "IPI mission month totals (ipi_ppp_mission_month_totals), HQ Jerusalem"),
    ("UNTSO", "mission_latitude"): ("31.7833", "IPI mission month totals (ipi_ppp_mission_month_totals), HQ Jerusalem"),
}
NAMES = {
    "DOMREP": ("Mission of the Representative of the Secretary-General in the Dominican Republic",
               "the published name is cut after 'in the' and starts with a stray quote; completed from the "
               "acronym (DOMREP: Dominican Republic). Not re-checked against a live UN page (closed network)."),
}
# MINUSMA closed on 31 Dec 2023 (the UN snapshot of 2024-02-19 still flags it active).
CLOSED = {
    "MINUSMA": ("2023-12-31", f"closed on 31 Dec 2023: {DATA_PROVENANCE}; {DOMAIN_FACTS} (recently closed). "
                              "The terminating resolution's number is unverified there and is not used."),
}
# Anomalies looked at and left as published (no source to correct them with).
NOTES = [
    {"mission": "UNIIMOG", "field": "mission_longitude/mission_latitude",
     "note": "47.93°E 34.51°N lies near Kermanshah, not Tehran (the location given); the IPI reference has "
             "the same point. Kept as published."},
    {"mission": "UNOSOM, UNAVEM, UNEF", "field": "—",
     "note": "umbrella rows '(I & II)' overlap the rows of their phases; kept, as the UN publishes them."},
    {"mission": "UNFOR, UNOHCI", "field": "start_date/end_date",
     "note": "no dates in the file and no source in the closed network: kept unknown (never guessed)."},
    {"mission": "UNSCOB", "field": "start_date",
     "note": "no start date in the file: kept unknown (never guessed)."},
]
# Status transitions that the catalogue's dates do not carry (each with its source).
EXTRA_STATUSES = [
    ("UNIFIL", "drawdown", "2027-01-01",
     "SC resolution 2790 (28 Aug 2025) extended UNIFIL for a final time to 31 Dec 2026; drawdown and "
     f"withdrawal follow within one year ({DOMAIN_FACTS}). Scheduled."),
]

OUT_FIELDS = ["id", "mission_acronym", "mission_name", "lead_department", "mission_isactive", "start_date",
              "end_date", "mission_location", "country", "country_iso3", "region", "mission_longitude",
              "mission_latitude", "last_update"]


def read_original(path: Path = ORIGINAL) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_geography(path: Path = GEOGRAPHY) -> dict[str, dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["mission_acronym"]: row for row in csv.DictReader(handle)}


def build(rows: list[dict], geography: dict[str, dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """(corrected rows, fixes, status history) from the published rows."""
    fixes: list[dict] = []
    out: list[dict] = []

    def fix(row: dict, field: str, new: str, reason: str, source: str = DATA_PROVENANCE) -> None:
        old = row[field]
        if old == new:
            return
        fixes.append({"row_id": int(row["id"]), "mission": row["mission_acronym"], "field": field, "old": old,
                      "new": new, "reason": reason, "source": source})
        row[field] = new

    for published in sorted(rows, key=lambda r: int(r["id"])):
        row = dict(published)
        acronym = row["mission_acronym"]
        for field in ("mission_longitude", "mission_latitude"):
            if "," in row[field]:
                fix(row, field, row[field].replace(",", "."), "decimal comma in a coordinate")
        if acronym in SWAPPED:
            lon, lat = row["mission_longitude"], row["mission_latitude"]
            fix(row, "mission_longitude", lat, "longitude and latitude swapped: " + SWAPPED[acronym])
            fix(row, "mission_latitude", lon, "longitude and latitude swapped: " + SWAPPED[acronym])
        for (mission, field), (value, source) in FILLED.items():
            if mission == acronym and not row[field]:
                fix(row, field, value, "coordinate missing", source)
        if row["mission_isactive"] not in ("Yes", "No"):
            fix(row, "mission_isactive", row["mission_isactive"].capitalize(), "flag spelt 'NO' instead of 'No'")
        if acronym in CLOSED:
            end, source = CLOSED[acronym]
            fix(row, "mission_isactive", "No", "still flagged active though it has closed", source)
            fix(row, "end_date", end, "closing date missing", source)
        if acronym in NAMES:
            name, reason = NAMES[acronym]
            fix(row, "mission_name", name, reason)
        if row["mission_location"] != row["mission_location"].strip():
            fix(row, "mission_location", row["mission_location"].strip(), "trailing space")
        place = geography.get(acronym, {})
        row["country"] = place.get("country", "")
        row["country_iso3"] = place.get("country_iso3", "")
        row["region"] = place.get("region", "")
        out.append({field: row[field] for field in OUT_FIELDS})

    statuses = []
    for row in out:
        acronym = row["mission_acronym"]
        source = "UN DPPADPOSS-PKO catalogue (start_date)"
        if row["start_date"]:
            statuses.append({"mission": acronym, "status": "active", "from_date": row["start_date"], "source": source})
        if row["mission_isactive"] == "No":
            if acronym in CLOSED:
                closed_source = CLOSED[acronym][1]
            elif row["end_date"]:
                closed_source = "UN DPPADPOSS-PKO catalogue (end_date)"
            else:
                closed_source = "UN DPPADPOSS-PKO catalogue: flagged not active; no closing date published"
            statuses.append({"mission": acronym, "status": "closed", "from_date": row["end_date"],
                             "source": closed_source})
    for acronym, status, from_date, source in EXTRA_STATUSES:
        statuses.append({"mission": acronym, "status": status, "from_date": from_date, "source": source})
    return out, fixes, statuses


def render_csv(rows: list[dict], fields: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def render_fixes(fixes: list[dict]) -> str:
    document = {
        "input": "original/un_dppadposs_pko_missions_2024-02-19.csv",
        "output": "missions.csv",
        "added_columns": {"country, country_iso3, region": "geography.csv (each row names its source)"},
        "checked_not_changed": [{"mission": m, "note": n} for m, n in CHECKED_NOT_SWAPPED.items()],
        "notes": NOTES,
        "fixes": fixes,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def outputs() -> dict[Path, str]:
    rows, fixes, statuses = build(read_original(), read_geography())
    return {
        MISSIONS: render_csv(rows, OUT_FIELDS),
        FIXES: render_fixes(fixes),
        STATUSES: render_csv(statuses, ["mission", "status", "from_date", "source"]),
    }


def main(argv: list[str]) -> int:
    files = outputs()
    if "--check" in argv:
        stale = [path.name for path, text in files.items() if path.read_text(encoding="utf-8") != text]
        if stale:
            print("out of date: " + ", ".join(stale))
            return 1
        return 0
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
