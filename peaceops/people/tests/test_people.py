"""People: services, pages, API, import/export and the CLI, as the personas use them."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from peaceops.access.marking import Marking
from peaceops.audit.models import AuditEvent
from peaceops.core.errors import StaleEdit

from ..models import Person
from ..services import PersonData, person_create, person_update
from .factories import PersonFactory

pytestmark = pytest.mark.django_db

HEADER = ("service_number,family_name,middle_name,given_name,gender,date_of_birth,service,rank,unit,"
          "email,phone,level,compartments,owning_agency\n")


def data(number="QN-1000001", **changes):
    values = dict(service="army", rank="OF-3", service_number=number, family_name="Nguyễn", middle_name="Đức",
                  given_name="Thắng", gender="M", date_of_birth=dt.date(1986, 2, 3))
    return PersonData(**{**values, **changes})


# --- services -------------------------------------------------------------------------------

def test_a_planner_registers_a_person_and_the_audit_row_says_so(structure, actors, agencies):
    person = person_create(actor=actors["planner"], data=data(),
                           marking=Marking(level=1, owning_agency_id=agencies["MOD"].pk))
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "people.person.create" and event.target_id == str(person.pk)
    assert event.actor_label == "planner" and event.level == 1


def test_names_are_found_without_diacritics(structure, as_persona):
    PersonFactory(family_name="Đặng", middle_name="Thị", given_name="Hương", level_id=0, owner="VDPO")
    from ..selectors import person_list

    with as_persona("public") as actor:
        assert person_list(actor=actor, filters={"q": "dang thi huong"}).count() == 1
        assert person_list(actor=actor, filters={"q": "ĐẶNG hương"}).count() == 1
        assert person_list(actor=actor, filters={"q": "dang van"}).count() == 0


def test_a_stale_edit_is_refused(structure, actors, agencies):
    marking = Marking(level=1, owning_agency_id=agencies["MOD"].pk)
    person = person_create(actor=actors["planner"], data=data(), marking=marking)
    stale_copy = Person.objects.visible_to(actors["planner"]).get(pk=person.pk)
    person_update(actor=actors["planner"], person=person, data=data(given_name="Thành"), expected_version=1)
    with pytest.raises(StaleEdit):
        person_update(actor=actors["planner"], person=stale_copy, data=data(given_name="Tuấn"), expected_version=1)
    person.refresh_from_db()
    assert person.given_name == "Thành" and person.version == 2


# --- pages ------------------------------------------------------------------------------------

def form_payload(agencies, **changes):
    payload = {
        "family_name": "Phạm", "middle_name": "Văn", "given_name": "Long", "service": "army", "rank": "OF-2",
        "service_number": "qn-2000001", "gender": "M", "date_of_birth": "1991-07-08", "unit": "",
        "email": "", "phone": "", "level": "1", "owning_agency": str(agencies["MOD"].pk),
        "downgrade_level": "", "classified_by": "", "classification_reason": "",
    }
    return {**payload, **changes}


def test_a_planner_creates_and_edits_a_person_in_the_browser_forms(structure, client_for, agencies):
    web = client_for("planner")
    response = web.post(reverse("people:create"), form_payload(agencies))
    assert response.status_code == 302
    person = Person.objects.unrestricted().get(service_number="QN-2000001")
    response = web.post(reverse("people:edit", args=[person.pk]),
                        form_payload(agencies, given_name="Lâm", service_number="QN-2000001", version="1"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.given_name == "Lâm" and person.version == 2


def test_the_edit_form_refuses_a_stale_version_with_a_clear_message(structure, client_for, agencies):
    web = client_for("planner")
    web.post(reverse("people:create"), form_payload(agencies))
    person = Person.objects.unrestricted().get(service_number="QN-2000001")
    web.post(reverse("people:edit", args=[person.pk]), form_payload(agencies, given_name="A", version="1"))
    response = web.post(reverse("people:edit", args=[person.pk]), form_payload(agencies, given_name="B", version="1"))
    assert response.status_code == 200
    from peaceops.core.errors import StaleEdit

    assert str(StaleEdit.default_message) in response.context["form"].non_field_errors()
    person.refresh_from_db()
    assert person.given_name == "A"


def test_the_form_offers_no_level_above_the_writers_clearance(structure, client_for):
    html = client_for("personnel").get(reverse("people:create")).content.decode()
    assert 'value="1"' in html and 'value="2"' not in html.split('name="level"')[1].split("</select>")[0]


def test_a_persona_without_create_rights_does_not_get_the_form(structure, client_for):
    assert client_for("mfa").get(reverse("people:create")).status_code == 404


def test_the_list_sorts_filters_and_paginates(structure, client_for):
    for n in range(30):
        PersonFactory(level_id=0, owner="VDPO", given_name=f"Người{n:02d}", service="police" if n % 2 else "army")
    web = client_for("public")
    page = web.get(reverse("people:list"), {"service": "police", "per_page": 25, "sort": "-name"})
    assert page.status_code == 200
    assert page.context["page_obj"].paginator.count == 15
    assert len(page.context["page_obj"].object_list) == 15
    second = web.get(reverse("people:list"), {"per_page": 25, "page": 2})
    assert len(second.context["page_obj"].object_list) == 5


def test_the_person_page_marks_itself_with_its_level(structure, client_for):
    person = PersonFactory(level_id=2, owner="MOD")
    html = client_for("planner").get(reverse("people:detail", args=[person.pk])).content.decode()
    assert 'data-marking="SECRET"' in html


def test_reading_classified_detail_is_audited_but_unclassified_is_not(structure, client_for):
    secret = PersonFactory(level_id=2, owner="MOD")
    public = PersonFactory(level_id=0, owner="MOD")
    web = client_for("planner")
    web.get(reverse("people:detail", args=[secret.pk]))
    web.get(reverse("people:detail", args=[public.pk]))
    assert AuditEvent.objects.filter(action="people.person.view", target_id=str(secret.pk)).count() == 1
    assert not AuditEvent.objects.filter(action="people.person.view", target_id=str(public.pk)).exists()


# --- import / export ------------------------------------------------------------------------

def upload(web, text, name="people.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return web.post(reverse("people:import"), {"file": SimpleUploadedFile(name, text.encode("utf-8"))})


def test_an_import_with_bad_rows_names_each_line_and_reason_and_writes_nothing(structure, client_for):
    PersonFactory(service_number="QN-0000009")
    csv_text = HEADER + (
        "QN-7000001,Lê,Văn,Tám,M,1990-01-01,army,OF-2,ENG-4,,,CONFIDENTIAL,,MOD\n"       # good
        "QN-7000002,Lê,Văn,Chín,X,1990-13-01,army,OF-2,,,,CONFIDENTIAL,,MOD\n"            # gender, date
        "QN-7000001,Lê,Văn,Mười,M,1990-01-01,army,OF-2,,,,CONFIDENTIAL,,MOD\n"           # repeats line 2
        "QN-0000009,Lê,Văn,Một,M,1990-01-01,army,OF-2,,,,TOP SECRET,,MOD\n"              # exists; above clearance
        "QN-7000005,Lê,Văn,Hai,M,1990-01-01,army,OF-2,NOPE,,,CONFIDENTIAL,MEDICAL,MOH\n"  # unit, compartment, agency
    )
    response = upload(client_for("planner"), csv_text)
    errors = {(e.line, e.column) for e in response.context["errors"]}
    assert {(3, "gender"), (3, "date_of_birth"), (4, "service_number"), (5, "service_number"), (5, "level"),
            (6, "unit"), (6, "compartments"), (6, "owning_agency")} <= errors
    assert (2, "service_number") not in errors
    assert not Person.objects.unrestricted().filter(service_number__startswith="QN-7").exists()


def test_a_good_import_creates_everyone_with_audit_rows(structure, client_for):
    csv_text = HEADER + "".join(
        f"QN-80000{n:02d},Trần,Thị,Lan{n},F,1992-04-0{n % 9 + 1},army,OF-1,ENG-4,,,CONFIDENTIAL,,MOD\n"
        for n in range(12)
    )
    response = upload(client_for("planner"), csv_text)
    assert response.status_code == 302
    assert Person.objects.unrestricted().filter(service_number__startswith="QN-800").count() == 12
    assert AuditEvent.objects.filter(action="people.person.import").count() == 1


@pytest.mark.parametrize("name,content", [
    ("people.pdf", b"%PDF-1.4"),
    ("people.csv", b""),
    ("people.csv", b"\x00\x01\x02garbage\xff\xfe"),
    ("people.xlsx", b"not a zip"),
    ("people.csv", b"name,age\nx,1\n"),
])
def test_an_unreadable_file_gets_a_clear_error(structure, client_for, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for("planner").post(reverse("people:import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Person.objects.unrestricted().exists()


def test_an_export_round_trips_through_import(structure, client_for):
    for n in range(3):
        PersonFactory(level_id=1, owner="MOD", released=("VDPO",), service_number=f"QN-55500{n}")
    web = client_for("planner")
    exported = web.get(reverse("people:export", args=["csv"])).content.decode("utf-8-sig")
    assert exported.count("QN-55500") == 3
    assert AuditEvent.objects.filter(action="people.person.export").count() == 1
    Person.objects.unrestricted().all().delete()
    assert upload(web, exported).status_code == 302
    assert Person.objects.unrestricted().count() == 3


def test_an_xlsx_export_carries_the_banner(structure, client_for):
    from openpyxl import load_workbook

    PersonFactory(level_id=2, owner="MOD")
    response = client_for("planner").get(reverse("people:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert "SECRET" in str(sheet["A1"].value).upper() or "TỐI MẬT" in str(sheet["A1"].value).upper()
    assert response["X-PeaceOps-Marking"] == "SECRET"


# --- API --------------------------------------------------------------------------------------

def api_payload(**changes):
    payload = {
        "service_number": "QN-3000001", "family_name": "Võ", "middle_name": "Thị", "given_name": "Mai",
        "gender": "F", "date_of_birth": "1993-09-10", "service": "army", "rank": "OF-2",
        "marking": {"level": "CONFIDENTIAL", "owning_agency": "MOD", "releasable_to": ["VDPO"]},
    }
    return {**payload, **changes}


def test_the_api_creates_lists_and_updates_with_a_version(structure, api_for):
    api = api_for("planner")
    created = api.post(reverse("api:person-list"), api_payload(), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["marking"]["level"] == "CONFIDENTIAL" and body["marking"]["releasable_to"] == ["VDPO"]
    url = reverse("api:person-detail", args=[body["id"]])
    updated = api.patch(url, {"given_name": "Mơ", "version": 1}, format="json")
    assert updated.status_code == 200 and updated.json()["version"] == 2
    stale = api.patch(url, {"given_name": "Mây", "version": 1}, format="json")
    assert stale.status_code == 409 and "code" in stale.json()


def test_an_api_update_without_a_version_is_refused(structure, api_for):
    api = api_for("planner")
    body = api.post(reverse("api:person-list"), api_payload(), format="json").json()
    response = api.patch(reverse("api:person-detail", args=[body["id"]]), {"given_name": "X"}, format="json")
    assert response.status_code == 400 and "version" in response.json()


@pytest.mark.parametrize("payload", [
    {},
    {"service_number": "X"},
    api_payload(gender="Z"),
    api_payload(date_of_birth="yesterday"),
    api_payload(marking={"level": "COSMIC", "owning_agency": "MOD"}),
    api_payload(marking={"level": "CONFIDENTIAL", "owning_agency": "NOWHERE"}),
    api_payload(marking={"level": "CONFIDENTIAL", "owning_agency": "MOD", "compartments": ["MAGIC"]}),
    api_payload(marking="SECRET"),
    api_payload(family_name="x" * 500),
    api_payload(unit="NO-SUCH-UNIT"),
])
def test_invalid_api_payloads_get_400_with_a_json_reason(structure, api_for, payload):
    response = api_for("planner").post(reverse("api:person-list"), payload, format="json")
    assert response.status_code == 400, response.content
    assert isinstance(response.json(), dict)


def test_malformed_json_gets_400(structure, api_for):
    response = api_for("planner").generic("POST", reverse("api:person-list"), "{not json",
                                          content_type="application/json")
    assert response.status_code == 400 and "detail" in response.json()


def test_an_oversized_payload_gets_400_not_500(structure, api_for):
    huge = json.dumps(api_payload(phone="9" * (3 * 1024 * 1024)))
    response = api_for("planner").generic("POST", reverse("api:person-list"), huge, content_type="application/json")
    assert response.status_code == 400


def test_writing_above_ones_clearance_through_the_api_is_refused(structure, api_for):
    response = api_for("personnel").post(
        reverse("api:person-list"), api_payload(marking={"level": "SECRET", "owning_agency": "MOD"}), format="json")
    assert response.status_code == 403
    assert not Person.objects.unrestricted().exists()


def test_the_api_needs_authentication(structure, client):
    assert client.get(reverse("api:person-list")).status_code in (401, 403)


def test_token_authentication_works(structure, users, client):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=users["public"])
    PersonFactory(level_id=0, owner="VDPO")
    response = client.get(reverse("api:person-list"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and response.json()["count"] == 1


# --- CLI --------------------------------------------------------------------------------------

def test_the_cli_imports_and_exports_as_a_named_user(structure, tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "QN-9100001,Lý,Văn,Phúc,M,1988-08-08,army,OF-3,,,,CONFIDENTIAL,,MOD\n")
    call_command("people", "import", str(source), "--as", "planner")
    assert Person.objects.unrestricted().filter(service_number="QN-9100001").exists()
    target = tmp_path / "out.csv"
    call_command("people", "export", str(target), "--as", "planner")
    assert "QN-9100001" in target.read_text(encoding="utf-8-sig")


def test_the_cli_import_reports_bad_lines_and_writes_nothing(structure, tmp_path, capsys):
    from django.core.management.base import CommandError

    source = tmp_path / "bad.csv"
    source.write_text(HEADER + "QN-9200001,Lý,Văn,Phúc,Q,1988-08-08,army,OF-3,,,,CONFIDENTIAL,,MOD\n")
    with pytest.raises(CommandError):
        call_command("people", "import", str(source), "--as", "planner")
    assert "bad.csv:2: gender" in capsys.readouterr().err
    assert not Person.objects.unrestricted().exists()


def test_a_command_refuses_to_run_without_a_known_user(structure, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("people", "export", str(tmp_path / "x.csv"), "--as", "nobody")


def test_the_api_imports_all_or_nothing_and_reports_lines(structure, api_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = api_for("planner")
    bad = HEADER + "QN-9300001,Lý,Văn,Phúc,M,1988-08-08,army,OF-3,,,,CONFIDENTIAL,,MOD\n" \
                   "QN-9300002,Lý,Văn,Phúc,M,1988-08-08,army,OF-99,,,,CONFIDENTIAL,,MOD\n"
    response = api.post(reverse("api:person-import-file"),
                        {"file": SimpleUploadedFile("p.csv", bad.encode())}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"] == [{"line": 3, "column": "rank", "message": "unknown value 'OF-99'"}] or \
        response.json()["errors"][0]["line"] == 3
    assert not Person.objects.unrestricted().exists()
    good = HEADER + "QN-9300001,Lý,Văn,Phúc,M,1988-08-08,army,OF-3,,,,CONFIDENTIAL,,MOD\n"
    response = api.post(reverse("api:person-import-file"),
                        {"file": SimpleUploadedFile("p.csv", good.encode())}, format="multipart")
    assert response.status_code == 201 and response.json() == {"created": 1}


def test_the_api_exports_what_the_caller_sees(structure, api_for):
    PersonFactory(level_id=1, owner="MOD", service_number="QN-5550001")
    PersonFactory(level_id=1, owner="MOH", service_number="YT-5550002")
    text = api_for("planner").get(reverse("api:person-export")).content.decode("utf-8-sig")
    assert "QN-5550001" in text and "YT-5550002" not in text
    assert api_for("mfa").get(reverse("api:person-export")).status_code == 404


def test_a_personnel_officer_adds_a_passport_and_next_of_kin_marked_personal_data(structure, client_for, agencies):
    person = PersonFactory(level_id=1, owner="VDPO")
    web = client_for("personnel")
    marking = {"level": "1", "owning_agency": str(agencies["VDPO"].pk), "compartments": ["PERSONAL-DATA"]}
    response = web.post(reverse("people:passport-add", args=[person.pk]),
                        {"number": "c1234567", "expires_on": "2031-05-01", **marking})
    assert response.status_code == 302
    response = web.post(reverse("people:kin-add", args=[person.pk]),
                        {"name": "Nguyễn Thị Hoa", "relationship": "spouse", **marking})
    assert response.status_code == 302
    html = web.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "C1234567" in html and "Nguyễn Thị Hoa" in html
    # The planner holds no PERSONAL-DATA compartment: the same page shows neither.
    planner_html = client_for("planner").get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "C1234567" not in planner_html and "Nguyễn Thị Hoa" not in planner_html


def test_next_of_kin_always_carries_personal_data(structure, actors, agencies):
    from ..services import next_of_kin_add

    person = PersonFactory(level_id=1, owner="VDPO")
    kin = next_of_kin_add(actor=actors["personnel"], person=person, name="Trần Văn Bình", relationship="parent",
                          marking=Marking(level=1, owning_agency_id=agencies["VDPO"].pk))
    assert kin.compartments == ["PERSONAL-DATA"]


def test_figures_drawn_from_secret_records_carry_a_secret_banner(structure, client_for, units):
    PersonFactory(level_id=0, owner="MOD", unit=units["ENG-4"])
    PersonFactory(level_id=2, owner="MOD", unit=units["ENG-4"])
    assert 'data-marking="SECRET"' in client_for("planner").get(reverse("core:dashboard")).content.decode()
    unit_page = client_for("planner").get(reverse("org:unit", args=[units["ENG-4"].pk])).content.decode()
    assert 'data-marking="SECRET"' in unit_page
    assert 'data-marking="UNCLASSIFIED"' in client_for("public").get(reverse("core:dashboard")).content.decode()
