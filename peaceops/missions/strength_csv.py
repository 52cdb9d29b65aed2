"""Parse a monthly strength-return CSV (pure: no Django). Every bad row is reported; none is guessed.

Columns (header row required, any order): mission, month (YYYY-MM or YYYY-MM-DD), category, gender, count,
and optionally notes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

REQUIRED = ("mission", "month", "category", "gender", "count")
MAX_ROWS = 100_000
MAX_COUNT = 1_000_000


@dataclass(frozen=True)
class Line:
    row: int
    mission: str
    month: dt.date
    category: str
    gender: str
    count: int
    notes: str = ""


@dataclass(frozen=True)
class BadRow:
    row: int
    problems: tuple[str, ...]


def _month(text: str) -> dt.date | None:
    text = text.strip()
    for pattern in ("%Y-%m", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date().replace(day=1)
        except ValueError:
            continue
    return None


def parse(text: str, *, missions: set[str], categories: set[str], genders: set[str]) -> tuple[list[Line], list[BadRow]]:
    """(lines, bad rows). Row numbers count the header as row 1, like a spreadsheet."""
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        return [], [BadRow(1, (f"missing column(s): {', '.join(missing)}",))]
    reader.fieldnames = header
    lines: list[Line] = []
    bad: list[BadRow] = []
    seen: dict[tuple, int] = {}
    upper_missions = {m.upper(): m for m in missions}
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            bad.append(BadRow(number, (f"more than {MAX_ROWS} rows",)))
            break
        values = {key: (value or "").strip() for key, value in raw.items() if key is not None}
        if not any(values.values()):
            continue
        problems = []
        mission = upper_missions.get(values.get("mission", "").upper())
        if mission is None:
            problems.append(f"unknown mission {values.get('mission', '')!r}")
        month = _month(values.get("month", ""))
        if month is None:
            problems.append(f"month {values.get('month', '')!r} is not YYYY-MM")
        category = values.get("category", "").lower()
        if category not in categories:
            problems.append(f"unknown category {values.get('category', '')!r}")
        gender = values.get("gender", "").upper()
        if gender not in genders:
            problems.append(f"gender {values.get('gender', '')!r} is not one of {', '.join(sorted(genders))}")
        count_text = values.get("count", "")
        count = int(count_text) if count_text.isdigit() and len(count_text) <= 7 else None
        if count is None or count > MAX_COUNT:
            problems.append(f"count {count_text!r} is not a whole number from 0 to {MAX_COUNT}")
        notes = values.get("notes", "")
        if len(notes) > 300:
            problems.append("notes longer than 300 characters")
        if not problems:
            key = (mission, month, category, gender)
            if key in seen:
                problems.append(f"same mission, month, category and gender as row {seen[key]}")
            else:
                seen[key] = number
        if problems:
            bad.append(BadRow(number, tuple(problems)))
        else:
            lines.append(Line(number, mission, month, category, gender, count, notes))
    return lines, bad
