"""Training API and CLI: lists through the access layer, enrol and record results, findings, imports."""

import datetime as dt
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from peaceops.people.tests.factories import PersonFactory

from ..models import Qualification
from ..training_models import Enrolment
from .training_factories import CourseFactory, EnrolmentFactory, ExerciseFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_the_catalogue_api_filters_by_category(reference, api_for):
    CourseFactory(code="CORE-PDT", category="un_core", grants_code="UN_CPTM")
    CourseFactory(code="ENG-B2", category="english")
    body = api_for("public").get("/api/v1/readiness/courses/", {"category": "english"}).json()
    assert [c["code"] for c in body["results"]] == ["ENG-B2"]
    assert api_for("public").get("/api/v1/readiness/courses/", {"category": "x"}).status_code == 400


def test_enrolments_are_listed_only_for_people_the_caller_may_see(reference, api_for):
    session = SessionFactory()
    EnrolmentFactory(session=session, person=PersonFactory(owner="VDPO"))
    EnrolmentFactory(session=session, person=PersonFactory(level_id=2, owner="MFA"))
    assert api_for("personnel").get("/api/v1/readiness/enrolments/").json()["count"] == 1
    assert api_for("mfa").get("/api/v1/readiness/enrolments/").json()["count"] == 1
    assert api_for("admin").get("/api/v1/readiness/enrolments/").json()["count"] == 2


def test_enrol_and_record_a_result_through_the_api(reference, api_for):
    PersonFactory(owner="VDPO", service_number="QN-0000007")
    SessionFactory(code="CPTM-2026-2", course=CourseFactory(grants_code="UN_CPTM"), starts_on=dt.date(2026, 3, 2),
                   ends_on=dt.date(2026, 3, 13))
    api = api_for("personnel")
    created = api.post("/api/v1/readiness/enrolments/", {"session": "cptm-2026-2", "service_number": "QN-0000007"},
                       format="json")
    assert created.status_code == 201, created.content
    url = f"/api/v1/readiness/enrolments/{created.json()['id']}/result/"
    stale = api.post(url, {"result": "completed", "completed_on": "2026-03-13", "version": 5}, format="json")
    assert stale.status_code == 409
    bad = api.post(url, {"result": "B2", "completed_on": "2026-03-13", "version": 1}, format="json")
    assert bad.status_code == 400 and "result" in bad.json()
    done = api.post(url, {"result": "completed", "completed_on": "2026-03-13", "score": "90.5", "version": 1},
                    format="json")
    assert done.status_code == 200 and done.json()["status"] == "completed" and done.json()["qualification"]
    again = api.post("/api/v1/readiness/enrolments/", {"session": "CPTM-2026-2", "service_number": "QN-0000007"},
                     format="json")
    assert again.status_code == 400


def test_a_finding_through_the_api_and_a_404_for_an_exercise_the_caller_may_not_see(structure, api_for):
    visible = ExerciseFactory(owner="VDPO")
    secret = ExerciseFactory(level_id=3, owner="VDPO")
    api = api_for("planner")
    response = api.post(f"/api/v1/readiness/exercises/{visible.pk}/findings/",
                        {"text": "Too few interpreters.", "action_title": "Train interpreters", "owner_agency": "MOD"},
                        format="json")
    assert response.status_code == 201 and response.json()["action_item"]
    assert api.get(f"/api/v1/readiness/exercises/{secret.pk}/").status_code == 404
    assert api.post(f"/api/v1/readiness/exercises/{secret.pk}/findings/", {"text": "x"},
                    format="json").status_code == 404
    assert api.post(f"/api/v1/readiness/exercises/{visible.pk}/findings/", {"text": ""},
                    format="json").status_code == 400


def test_the_import_api_answers_400_with_each_bad_row(reference, api_for):
    PersonFactory(owner="VDPO", service_number="QN-0000001")
    content = b"service_number,qualification,result,taken_on\nQN-0000001,ENGLISH,B2,2026-05-02\nQN-0000001,ENGLISH,Q,2026-05-03\n"
    response = api_for("personnel").post("/api/v1/readiness/training-imports/",
                                         {"file": SimpleUploadedFile("t.csv", content)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"] == [{"line": 3, "column": "result", "message": response.json()["errors"][0]["message"]}]
    assert not Qualification.objects.unrestricted().exists()
    good = b"service_number,qualification,result,taken_on\nQN-0000001,ENGLISH,B2,2026-05-02\n"
    response = api_for("personnel").post("/api/v1/readiness/training-imports/",
                                         {"file": SimpleUploadedFile("t.csv", good)}, format="multipart")
    assert response.status_code == 201 and response.json()["records"] == 1
    assert api_for("public").post("/api/v1/readiness/training-imports/", {"file": SimpleUploadedFile("t.csv", good)},
                                  format="multipart").status_code == 404


def test_the_cli_imports_a_file_and_fails_naming_bad_rows(reference, users, tmp_path):
    PersonFactory(owner="VDPO", service_number="QN-0000001")
    session = SessionFactory(code="CPTM-2026-3", course=CourseFactory(grants_code="UN_CPTM"))
    bad = tmp_path / "bad.csv"
    bad.write_text("service_number,session,result\nQN-0000001,CPTM-2026-3,completed\nQN-0000404,CPTM-2026-3,completed\n")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("readiness", "import", str(bad), "--as", "personnel", stderr=err)
    assert "line 3, service_number" in err.getvalue() and not Enrolment.objects.exists()
    good = tmp_path / "good.csv"
    good.write_text("service_number,session,result\nQN-0000001,CPTM-2026-3,completed\n")
    out = StringIO()
    call_command("readiness", "import", str(good), "--as", "personnel", "--json", stdout=out)
    assert '"results": 1' in out.getvalue()
    assert Enrolment.objects.get(session=session).qualification_id is not None
    with pytest.raises(CommandError, match="no active user"):
        call_command("readiness", "import", str(good), "--as", "nobody")
