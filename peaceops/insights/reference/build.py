"""Copy the UN open-data files PeaceOps needs into the package (pure Python, no Django).

    python -m peaceops.insights.reference.build SOURCE_DIR     # e.g. ../shared/data/un

Run once by a developer, never at run time. The data files are copied byte for byte and gzipped
(deterministically: no name, mtime 0), so their sha256 still matches PROVENANCE.md; all cleaning
happens in the loader (peaceops/insights/cleaning.py), where it is tested. Two small files are
derived here, each with its sources: `countries.csv` (every country name the files use → ISO3)
and `peer_groups.json` (ASEAN members).
"""

from __future__ import annotations

import csv
import glob
import gzip
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

FILES = [
    "ipi_ppp_contributions_by_country_mission_type_gender_2009-11_2014-08.csv",
    "derived_un_gender_country_mission_year_avg_2010-2021.csv",
    "ipi_ppp_contributor_month_totals_1990-11_2014-03.csv",
    "ipi_ppp_mission_month_totals_1990-11_2017-03.csv",
    "un_dppadposs_fatalities_1948-2025.csv",
    "un_contribution_ranking_2021-01-31.csv",
]

# Names with no ISO3 next to them in any of the files (checked by hand against ISO 3166-1).
HAND_ALIASES = {
    "Antigua and Barbuda": "ATG", "Bahamas": "BHS", "Cabo Verde": "CPV", "Cape Verde": "CPV", "Costa Rica": "CRI",
    "Cuba": "CUB", "Côte dIvoire": "CIV", "Dominica": "DMA", "Eswatini": "SWZ", "Kuwait": "KWT", "Mauritius": "MUS",
    "Saudi Arabia": "SAU", "Solomon Islands": "SLB", "Suriname": "SUR", "Trinidad and Tobago": "TTO",
    "Türkiye": "TUR", "Venezuela": "VEN", "Lao People's Democratic Republic": "LAO",
}
UNKNOWN_NAMES = {"", "ZZ [Undetermined]", "all"}

# ASEAN members not flagged in the 2014 archive because they sent nobody that year.
ASEAN_ALSO = {
    "LAO": "Lao People's Democratic Republic", "MMR": "Myanmar", "SGP": "Singapore",
}


def clean(text: str) -> str:
    return text.strip().rstrip("'").strip()


def gzip_copy(source: Path, target: Path) -> None:
    data = source.read_bytes()
    with target.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(data)


def countries(source: Path) -> list[dict]:
    names: dict[str, dict] = {}

    def add(name: str, iso3: str, origin: str, official: bool = False) -> None:
        name, iso3 = clean(name), clean(iso3)
        if name in UNKNOWN_NAMES or not iso3 or iso3 in ("all", "NA"):
            return
        entry = names.setdefault(name, {"name": name, "iso3": iso3, "sources": set(), "official": False})
        if entry["iso3"] != iso3:
            raise SystemExit(f"{name!r} maps to both {entry['iso3']} and {iso3}")
        entry["sources"].add(origin)
        entry["official"] |= official

    with (source / FILES[5]).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            add(row["Contributing_Country"], row["ISOCode3"], "un_ranking", official=True)
    with (source / FILES[4]).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            add(row["casualty_nationality"], row["isocode3"], "un_fatalities", official=True)
    with (source / FILES[0]).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            add(row["Contributor"], row["Contributor_ISO-3"], "ipi_gender")
    for name, iso3 in HAND_ALIASES.items():
        add(name, iso3, "hand (ISO 3166-1)")
    rows = []
    official_name = {}
    for entry in names.values():
        if entry["official"]:
            official_name.setdefault(entry["iso3"], entry["name"])
    for entry in sorted(names.values(), key=lambda e: (e["iso3"], e["name"])):
        rows.append({"name": entry["name"], "iso3": entry["iso3"],
                     "display_name": official_name.get(entry["iso3"], entry["name"]),
                     "sources": " ".join(sorted(entry["sources"]))})
    return rows


def asean(source: Path) -> dict:
    members = {}
    for path in sorted(glob.glob(str(source / "ipi_ppp_2014_monthly_archive" / "*.csv"))):
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if clean(row["Contributor_ASEAN"]) == "1":
                    members[clean(row["Contributor_ISO-3"])] = clean(row["Contributor"])
    flagged = sorted(members)
    for iso3, name in ASEAN_ALSO.items():
        members.setdefault(iso3, name)
    return {
        "ASEAN": {
            "label": "ASEAN members",
            "members": sorted(members),
            "flagged_in_archive": flagged,
            "source": "Contributor_ASEAN flag of the IPI monthly archive 2014-03…2014-08 (IPIDataLab/PPP_Loader @ "
                      "ee52ebc622bb99cd52af388fca38573ba0ea85df, ppp_files/update_archive/csv); LAO, MMR and SGP "
                      "sent nobody in 2014 and are added from the ASEAN membership list (asean.org, ten member "
                      "states). Timor-Leste, admitted in October 2025, is not included: none of the data reaches 2025.",
        }
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    source = Path(argv[0])
    for name in FILES:
        gzip_copy(source / name, HERE / (name + ".gz"))
        print(f"wrote {name}.gz")
    rows = countries(source)
    with (HERE / "countries.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["name", "iso3", "display_name", "sources"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote countries.csv ({len(rows)} names)")
    (HERE / "peer_groups.json").write_text(json.dumps(asean(source), ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")
    print("wrote peer_groups.json")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
