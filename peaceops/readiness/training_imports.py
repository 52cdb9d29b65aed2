"""Bulk import of training and test records from CSV / XLSX: all or nothing per file.

One row is either a course result (`session` column: the person is enrolled if need be, and the
result recorded as on the session page, filing the record the course grants) or a test record
(`qualification` column: an English, driving, firearms, medical… result filed through
qualification_record). Every row is checked before anything is written; any bad row → nothing is
written and the report names each bad row, its column and why. Reading the file reuses
peaceops.people.io (CSV encodings, XLSX, banner rows, size limit).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.actor import Actor
from peaceops.access.models import Level
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service
from peaceops.people import io as people_io
from peaceops.people.io import ImportFileError, RowError
from peaceops.people.models import Person

from . import eligibility, training_services
from . import services as readiness_services
from .models import Qualification, QualificationType
from .training_choices import EnrolmentStatus
from .training_models import CourseSession, Enrolment

__all__ = ["COLUMNS", "ImportFileError", "ImportResult", "RowError", "import_file"]

COLUMNS = ["service_number", "session", "qualification", "result", "score", "taken_on", "valid_until",
           "reference", "level"]
REQUIRED = ["service_number", "result"]


@dataclass
class _Row:
    line: int
    person: Person
    result: str
    taken_on: dt.date
    score: Decimal | None = None
    session: CourseSession | None = None
    enrolment: Enrolment | None = None
    type: QualificationType | None = None
    valid_until: dt.date | None = None
    reference: str = ""
    level: int = 0


@dataclass
class ImportResult:
    name: str
    results: int = 0  # course results recorded
    enrolled: int = 0  # people enrolled by the import
    records: int = 0  # test records filed (besides those the course results filed)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {"file": self.name, "ok": self.ok, "results": self.results, "enrolled": self.enrolled,
                "records": self.records,
                "errors": [{"line": e.line, "column": e.column, "message": e.message} for e in self.errors]}


class _RowFailed(Exception):
    def __init__(self, error: RowError):
        self.error = error


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value.strip()[:10])


def validate(records: list[dict[str, str]], *, actor: Actor) -> tuple[list[_Row], list[RowError]]:
    """Check every row against what the services will check; a fixed number of queries."""
    today = timezone.localdate()
    numbers = {r.get("service_number", "").strip().upper() for r in records}
    people = {p.service_number: p for p in Person.objects.visible_to(actor).filter(service_number__in=numbers)
              .select_related("owning_agency")}
    session_codes = {r.get("session", "").strip().upper() for r in records if r.get("session")}
    sessions = {s.code: s for s in CourseSession.objects.filter(code__in=session_codes)
                .select_related("course__grants")}
    enrolments = {(e.session_id, e.person_id): e for e in Enrolment.objects.filter(
        session__in=sessions.values(), person__in=people.values())}
    types = {t.code: t for t in QualificationType.objects.all()}
    levels = {lvl.code: lvl.rank for lvl in Level.objects.all()}
    may_results = policy_for(Enrolment).allows(actor, "change")
    may_records = policy_for(Qualification).allows(actor, "create")
    rows, errors, seen = [], [], {}
    for line, raw in enumerate(records, start=2):
        problems: list[RowError] = []

        def bad(column, message, _line=line, _problems=problems):
            _problems.append(RowError(_line, column, str(message)))

        for column in REQUIRED:
            if not raw.get(column):
                bad(column, _("required"))
        number = raw.get("service_number", "").strip().upper()
        person = people.get(number)
        if number and person is None:
            bad("service_number", _("unknown service number %(value)r") % {"value": number})
        session_code = raw.get("session", "").strip().upper()
        type_code = raw.get("qualification", "").strip().upper()
        if bool(session_code) == bool(type_code):
            bad("session", _("give either a session (a course result) or a qualification (a test record)"))
        result = raw.get("result", "").strip()
        taken_on = None
        if raw.get("taken_on"):
            try:
                taken_on = _date(raw["taken_on"])
            except ValueError:
                bad("taken_on", _("not a date (use YYYY-MM-DD)"))
            else:
                if taken_on > today:
                    bad("taken_on", _("in the future"))
        score = None
        if raw.get("score"):
            try:
                score = Decimal(raw["score"].replace(",", "."))
                if not score.is_finite() or not Decimal(0) <= score <= Decimal(1000):
                    raise InvalidOperation
            except InvalidOperation:
                bad("score", _("not a score between 0 and 1000"))
                score = None
        row = _Row(line=line, person=person, result=result, taken_on=taken_on, score=score,
                   reference=raw.get("reference", "").strip()[:120])
        if session_code and not type_code:
            session = sessions.get(session_code)
            if not may_results:
                bad("session", _("you may not record course results"))
            elif session is None:
                bad("session", _("unknown session %(value)r") % {"value": session_code})
            else:
                row.session = session
                row.taken_on = taken_on or session.ends_on
                choices = training_services.result_choices(session.course)
                if result and result not in choices:
                    bad("result", _("not one of %(choices)s") % {"choices": ", ".join(choices)})
                if row.taken_on < session.starts_on:
                    bad("taken_on", _("before the session started"))
                elif row.taken_on > today:
                    bad("taken_on", _("in the future"))
                if person is not None:
                    key = (session.pk, person.pk)
                    if key in seen:
                        bad("service_number", _("repeats line %(line)d") % {"line": seen[key]})
                    seen.setdefault(key, line)
                    enrolment = enrolments.get(key)
                    if enrolment is not None and enrolment.qualification_id:
                        bad("result", _("a result is already filed for this session"))
                    elif enrolment is not None and enrolment.status == EnrolmentStatus.WITHDRAWN:
                        bad("result", _("this person withdrew from the session"))
                    row.enrolment = enrolment
        elif type_code and not session_code:
            qualification_type = types.get(type_code)
            if not may_records:
                bad("qualification", _("you may not file test records"))
            elif qualification_type is None:
                bad("qualification", _("unknown qualification %(value)r") % {"value": type_code})
            else:
                row.type = qualification_type
                scale = eligibility.SCALES[qualification_type.scale]
                if result and result not in scale:
                    bad("result", _("not one of %(choices)s") % {"choices": ", ".join(scale)})
                compartment = qualification_type.compartment_id
                if compartment and not actor.is_system and compartment not in actor.compartments:
                    bad("qualification", _("you do not hold %(code)s") % {"code": compartment})
                if not raw.get("taken_on"):
                    bad("taken_on", _("required"))
                if raw.get("valid_until"):
                    try:
                        row.valid_until = _date(raw["valid_until"])
                    except ValueError:
                        bad("valid_until", _("not a date (use YYYY-MM-DD)"))
                    else:
                        if taken_on and row.valid_until < taken_on:
                            bad("valid_until", _("before the date taken"))
                elif taken_on and qualification_type.validity_months:
                    row.valid_until = eligibility.add_months(taken_on, qualification_type.validity_months)
                if person is not None:
                    key = (qualification_type.pk, person.pk, taken_on)
                    if key in seen:
                        bad("service_number", _("repeats line %(line)d") % {"line": seen[key]})
                    seen.setdefault(key, line)
        level_code = raw.get("level", "").strip().upper()
        if level_code:
            if level_code not in levels:
                bad("level", _("unknown classification %(value)r") % {"value": level_code})
            elif levels[level_code] > actor.level and not actor.is_system:
                bad("level", _("above your clearance"))
            else:
                row.level = levels[level_code]
        if problems:
            errors.extend(problems)
        else:
            rows.append(row)
    return rows, errors


def _apply(actor: Actor, rows: list[_Row], result: ImportResult) -> None:
    import dataclasses

    for row in rows:
        try:
            if row.session is not None:
                enrolment = row.enrolment
                if enrolment is None:
                    enrolment = training_services.enrol(actor=actor, session=row.session, person=row.person)
                    result.enrolled += 1
                training_services.enrolment_record_result(
                    actor=actor, enrolment=enrolment, result=row.result, completed_on=row.taken_on, score=row.score,
                    expected_version=enrolment.version)
                result.results += 1
            else:
                marking = dataclasses.replace(training_services.result_marking(actor, row.person), level=row.level)
                readiness_services.qualification_record(
                    actor=actor, person=row.person, type=row.type, result=row.result, taken_on=row.taken_on,
                    valid_until=row.valid_until, score=row.score, reference=row.reference, marking=marking)
                result.records += 1
        except ServiceError as error:
            column = {"person": "service_number", "completed_on": "taken_on", "type": "qualification"}.get(
                error.field or "", error.field or "result")
            raise _RowFailed(RowError(row.line, column, str(error.message))) from error


@service
def training_import(*, actor: Actor, rows: list[_Row], result: ImportResult) -> ImportResult:
    """Write checked rows in one transaction: a row the services still refuse rolls back them all."""
    _apply(actor, rows, result)
    record(actor=actor, action="readiness.training.import",
           changes={"source": result.name[:200], "results": result.results, "enrolled": result.enrolled,
                    "records": result.records})
    return result


def import_file(*, actor: Actor, name: str, content: bytes) -> ImportResult:
    """Read, check and import one file, all or nothing. Raises ImportFileError when the file as a
    whole cannot be read; row problems are in the result's `errors` (then nothing was written)."""
    if not (policy_for(Enrolment).allows(actor, "import")):
        raise NotPermitted()
    records = people_io.read_table(name, content, required=REQUIRED)
    result = ImportResult(name=name)
    if not records:
        raise ImportFileError(_("The file has no rows."))
    rows, errors = validate(records, actor=actor)
    if errors:
        result.errors = errors
        return result
    try:
        training_import(actor=actor, rows=rows, result=result)
    except _RowFailed as failed:
        return ImportResult(name=name, errors=[failed.error])
    return result
