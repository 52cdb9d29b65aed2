"""CSV / XLSX import and export of people: read, validate every row, report each bad line."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from peaceops.access.marking import Marking
from peaceops.access.models import Compartment, Level
from peaceops.org.models import Agency, Unit

from .choices import Gender, Rank, Service
from .services import PersonData

COLUMNS = [
    "service_number", "family_name", "middle_name", "given_name", "gender", "date_of_birth",
    "service", "rank", "unit", "email", "phone", "level", "compartments", "owning_agency",
]
REQUIRED = ["service_number", "family_name", "given_name", "gender", "date_of_birth", "service", "rank",
            "level", "owning_agency"]
MAX_ROWS = 50_000


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong type, encoding, header)."""


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportReport:
    rows: list[tuple[PersonData, Marking]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_table(name: str, content: bytes, *, required: list[str] = REQUIRED) -> list[dict[str, str]]:
    """Rows as dicts keyed by lower-case header; line numbers follow the file (header = 1). `required`:
    the columns the file must have (people's by default; other imports pass theirs)."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return _read_xlsx(content, required)
    if lower.endswith(".csv") or lower.endswith(".txt"):
        return _read_csv(content, required)
    raise ImportFileError(_("Use a .csv or .xlsx file."))


def _read_csv(content: bytes, required: list[str] = REQUIRED) -> list[dict[str, str]]:
    for encoding in ("utf-8-sig", "utf-16", "cp1258"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The file is not readable text (UTF-8, UTF-16 or Windows-1258)."))
    if "\x00" in text:
        raise ImportFileError(_("The file contains binary data."))
    reader = csv.DictReader(io.StringIO(text))
    return _normalise(reader.fieldnames, list(reader), required)


def _read_xlsx(content: bytes, required: list[str] = REQUIRED) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from exc
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    # Our own exports start with a marking banner row; the header follows it.
    while header is not None and required[0] not in [str(h or "").strip().lower() for h in header]:
        header = next(rows, None)
    if header is None:
        raise ImportFileError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(required)})
    records = []
    for values in rows:
        cells = ["" if v is None else (v.isoformat()[:10] if isinstance(v, dt.date) else str(v)) for v in values]
        records.append(dict(zip([str(h or "") for h in header], cells, strict=False)))
    return _normalise([str(h or "") for h in header], records, required)


def _normalise(header, records, required: list[str] = REQUIRED) -> list[dict[str, str]]:
    if not header:
        raise ImportFileError(_("The file is empty."))
    missing = [c for c in required if c not in {h.strip().lower() for h in header}]
    if missing:
        raise ImportFileError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    if len(records) > MAX_ROWS:
        raise ImportFileError(_("Too many rows (at most %(max)d per file).") % {"max": MAX_ROWS})
    return [{(k or "").strip().lower(): (v or "").strip() for k, v in r.items() if k} for r in records]


def validate(records: list[dict[str, str]], *, actor, existing_numbers: set[str]) -> ImportReport:
    """Check every row; collect every problem with its line (the header is line 1)."""
    report = ImportReport()
    units = {u.code: u for u in Unit.objects.all()}
    agencies = {a.code: a for a in Agency.objects.all()}
    levels = {lvl.code: lvl.rank for lvl in Level.objects.all()}
    compartments = set(Compartment.objects.values_list("code", flat=True))
    seen: dict[str, int] = {}
    for index, row in enumerate(records, start=2):
        errors = []

        def bad(column, message, _line=index, _errors=errors):
            _errors.append(RowError(_line, column, str(message)))

        for column in REQUIRED:
            if not row.get(column):
                bad(column, _("required"))
        number = row.get("service_number", "").upper()
        if number in existing_numbers:
            bad("service_number", _("already registered"))
        elif number in seen:
            bad("service_number", _("repeats line %(line)d") % {"line": seen[number]})
        seen.setdefault(number, index)
        born = None
        if row.get("date_of_birth"):
            try:
                born = dt.date.fromisoformat(row["date_of_birth"][:10])
            except ValueError:
                bad("date_of_birth", _("not a date (use YYYY-MM-DD)"))
        for column, choices in (("gender", Gender.values), ("service", Service.values), ("rank", Rank.values)):
            if row.get(column) and row[column] not in choices:
                bad(column, _("unknown value %(value)r") % {"value": row[column]})
        unit = None
        if row.get("unit"):
            unit = units.get(row["unit"])
            if unit is None:
                bad("unit", _("unknown unit %(code)r") % {"code": row["unit"]})
        level = levels.get(row.get("level", "").upper())
        if row.get("level") and level is None:
            bad("level", _("unknown classification %(value)r") % {"value": row["level"]})
        elif level is not None and level > actor.level:
            bad("level", _("above your clearance"))
        codes = tuple(c.strip().upper() for c in row.get("compartments", "").replace(",", ";").split(";") if c.strip())
        for code in codes:
            if code not in compartments:
                bad("compartments", _("unknown compartment %(code)r") % {"code": code})
            elif code not in actor.compartments and not actor.is_system:
                bad("compartments", _("you do not hold %(code)s") % {"code": code})
        agency = agencies.get(row.get("owning_agency", "").upper())
        if row.get("owning_agency") and agency is None:
            bad("owning_agency", _("unknown agency %(code)r") % {"code": row["owning_agency"]})
        elif agency is not None and agency.pk not in actor.agency_ids and not actor.is_system:
            bad("owning_agency", _("not your agency"))
        if errors:
            report.errors.extend(errors)
            continue
        report.rows.append((
            PersonData(
                service=row["service"], rank=row["rank"], service_number=number,
                family_name=row["family_name"], middle_name=row.get("middle_name", ""),
                given_name=row["given_name"], gender=row["gender"], date_of_birth=born, unit=unit,
                email=row.get("email", ""), phone=row.get("phone", ""),
            ),
            Marking(level=level, owning_agency_id=agency.pk, compartments=codes),
        ))
    return report


def export_row(person) -> list:
    return [
        person.service_number, person.family_name, person.middle_name, person.given_name, person.gender,
        person.date_of_birth.isoformat(), person.service, person.rank, person.unit.code if person.unit else "",
        person.email, person.phone, person.level_code, ";".join(person.compartments), person.owning_agency.code,
    ]


def write_csv(people) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for person in people:
        writer.writerow(export_row(person))
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(people, *, banner: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("people")
    sheet.append([banner])
    sheet.append(COLUMNS)
    for person in people:
        sheet.append(export_row(person))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
