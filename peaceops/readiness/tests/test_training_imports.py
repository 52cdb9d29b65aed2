"""Bulk import of course results and test records: all or nothing per file, each bad row named."""

import datetime as dt
import io

import pytest

from peaceops.audit.models import AuditEvent
from peaceops.core.errors import NotPermitted
from peaceops.people.io import ImportFileError
from peaceops.people.tests.factories import PersonFactory

from .. import training_imports
from ..models import Qualification
from ..training_models import Enrolment
from .training_factories import CourseFactory, SessionFactory

pytestmark = pytest.mark.django_db
HEADER = "service_number,session,qualification,result,score,taken_on,valid_until,reference,level\n"


@pytest.fixture
def cohort(reference):
    people = [PersonFactory(service_number=f"QN-{n:07d}", owner="VDPO", released=("MOD", "MOH"), level_id=1)
              for n in range(1, 4)]
    session = SessionFactory(course=CourseFactory(code="CPTM", category="un_core", grants_code="UN_CPTM"),
                             code="CPTM-2026-1", starts_on=dt.date(2026, 4, 6), ends_on=dt.date(2026, 4, 17))
    return people, session


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def csv_bytes(*lines) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode("utf-8")


def run(actor, content, name="results.csv"):
    return training_imports.import_file(actor=actor, name=name, content=content)


def test_a_good_file_records_results_and_tests_and_is_audited_once(cohort, actors):
    people, session = cohort
    result = run(actors["personnel"], csv_bytes(
        "QN-0000001,CPTM-2026-1,,completed,91,,,,",
        "QN-0000002,cptm-2026-1,,failed,40,2026-04-17,,,",
        "QN-0000003,,ENGLISH,B2,,2026-05-02,,ELT-77,",
        "QN-0000003,,DRIVING_4X4,passed,,2026-05-03,2029-05-03,,CONFIDENTIAL",
    ))
    assert result.ok, result.errors
    assert (result.results, result.enrolled, result.records) == (2, 2, 2)
    cptm = Qualification.objects.unrestricted().get(person=people[0], type__code="UN_CPTM")
    assert cptm.taken_on == session.ends_on and cptm.reference == "CPTM-2026-1"
    assert not Qualification.objects.unrestricted().filter(person=people[1], type__code="UN_CPTM").exists()
    english = Qualification.objects.unrestricted().get(person=people[2], type__code="ENGLISH")
    assert english.result == "B2" and english.valid_until == dt.date(2028, 5, 2)  # 24 months, from the type
    assert Qualification.objects.unrestricted().get(person=people[2], type__code="DRIVING_4X4").level_id == 1
    assert AuditEvent.objects.filter(action="readiness.training.import").count() == 1


def test_a_file_with_bad_rows_names_each_and_writes_nothing(cohort, actors):
    result = run(actors["personnel"], csv_bytes(
        "QN-0000001,CPTM-2026-1,,completed,,,,,",  # good
        "QN-9999999,CPTM-2026-1,,completed,,,,,",  # unknown person
        "QN-0000002,NOPE-1,,completed,,,,,",  # unknown session
        "QN-0000003,,ENGLISH,Z9,,2026-05-02,,,",  # off the scale
        "QN-0000003,,ENGLISH,B1,,2026-13-40,,,",  # bad date
        "QN-0000002,CPTM-2026-1,ENGLISH,B1,,2026-05-02,,,",  # both kinds
        "QN-0000001,CPTM-2026-1,,completed,,,,,",  # repeats line 2
        "QN-0000003,,ENGLISH,B1,abc,2026-05-09,2026-01-01,,",  # bad score, validity before taken
    ))
    assert not result.ok
    named = {(e.line, e.column) for e in result.errors}
    assert named == {(3, "service_number"), (4, "session"), (5, "result"), (6, "taken_on"), (7, "session"),
                     (8, "service_number"), (9, "score"), (9, "valid_until")}
    assert "repeats line 2" in next(e.message for e in result.errors if e.line == 8)
    assert not Enrolment.objects.exists() and not Qualification.objects.unrestricted().exists()
    assert not AuditEvent.objects.filter(action__in=["readiness.training.import", "readiness.enrolment.create"]).exists()


def test_a_row_refused_while_writing_rolls_back_the_rows_before_it(cohort, actors):
    _people, session = cohort
    session.capacity = 1
    session.save(update_fields=["capacity"])
    result = run(actors["personnel"], csv_bytes("QN-0000001,CPTM-2026-1,,completed,,,,,",
                                                "QN-0000002,CPTM-2026-1,,completed,,,,,"))
    assert [(e.line, e.column) for e in result.errors] == [(3, "service_number")]
    assert "full" in result.errors[0].message
    assert not Enrolment.objects.exists() and not Qualification.objects.unrestricted().exists()


def test_a_planner_cannot_import_medical_records_but_a_health_officer_can(cohort, actors):
    line = "QN-0000001,,MEDICAL,fit,,2026-06-01,2028-06-01,MS-2,CONFIDENTIAL"
    refused = run(actors["planner"], csv_bytes(line))
    assert [(e.line, e.column) for e in refused.errors] == [(2, "qualification")]
    assert "MEDICAL" in refused.errors[0].message
    health = actors["health"]
    done = run(health, csv_bytes(line))
    assert done.ok, done.errors
    assert Qualification.objects.unrestricted().get(type__code="MEDICAL").compartments == ["MEDICAL"]


def test_someone_the_importer_may_not_see_reads_as_unknown(cohort, actors):
    PersonFactory(service_number="QN-0000099", level_id=3, owner="MFA")
    result = run(actors["personnel"], csv_bytes("QN-0000099,,ENGLISH,B2,,2026-05-02,,,"))
    assert result.errors[0].column == "service_number" and "unknown" in result.errors[0].message


def test_an_xlsx_file_with_a_banner_row_is_read(cohort, actors):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["UNCLASSIFIED"])
    sheet.append(HEADER.strip().split(","))
    sheet.append(["QN-0000001", None, "ENGLISH", "C1", None, dt.date(2026, 5, 2), None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    result = run(actors["personnel"], buffer.getvalue(), name="tests.xlsx")
    assert result.ok and result.records == 1


def test_a_file_without_the_required_columns_is_refused_as_a_whole(cohort, actors):
    with pytest.raises(ImportFileError):
        run(actors["personnel"], b"service_number,score\nQN-0000001,3\n")
    with pytest.raises(ImportFileError):
        run(actors["personnel"], b"\x00\x01", name="x.pdf")


def test_a_public_affairs_officer_may_not_import(cohort, actors):
    with pytest.raises(NotPermitted):
        run(actors["public"], csv_bytes("QN-0000001,,ENGLISH,B2,,2026-05-02,,,"))
