"""Writes to the personnel registry. Each checks the policy, writes, and audits in one transaction."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from peaceops.access.actor import Actor
from peaceops.access.marking import Marking, apply_marking, check_no_write_up, lowers
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service, update_fields_checked

from .models import LanguageSkill, NextOfKin, Passport, Person, search_name_for

PERSON_FIELDS = (
    "service", "rank", "service_number", "family_name", "middle_name", "given_name",
    "gender", "date_of_birth", "unit", "email", "phone",
)


@dataclass
class PersonData:
    service: str
    rank: str
    service_number: str
    family_name: str
    given_name: str
    gender: str
    date_of_birth: dt.date
    middle_name: str = ""
    unit: object = None
    email: str = ""
    phone: str = ""

    def as_fields(self) -> dict:
        return {name: getattr(self, name) for name in PERSON_FIELDS}


def _require(actor: Actor, action: str, obj=None, model=Person) -> None:
    if not policy_for(model).allows(actor, action, obj):
        raise NotPermitted()


def _check_unique_service_number(number: str, exclude_pk=None) -> None:
    # Uniqueness is enforced by the database; this gives a readable message first.
    clash = Person.objects.unrestricted().filter(service_number=number)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ServiceError(_("This service number is already registered."), field="service_number")


@service
def person_create(*, actor: Actor, data: PersonData, marking: Marking) -> Person:
    _require(actor, "create")
    check_no_write_up(actor, marking)
    _check_unique_service_number(data.service_number)
    person = Person(**data.as_fields())
    apply_marking(person, marking)
    person.refresh_search_name()
    person.full_clean(exclude=["search_name"], validate_unique=False)
    person.save(force_insert=True)
    record(actor=actor, action="people.person.create", target=person,
           changes={"service_number": person.service_number, "marking": person.marking_dict()})
    return person


@service
def person_update(*, actor: Actor, person: Person, data: PersonData, marking: Marking | None = None,
                  expected_version: int) -> Person:
    """Edit a person. Lowering the marking is refused here: it is `marking_downgrade`'s job."""
    _require(actor, "change", person)
    _check_unique_service_number(data.service_number, exclude_pk=person.pk)
    fields = data.as_fields()
    if marking is not None:
        if lowers(Marking.of(person), marking):
            raise NotPermitted(_("Lowering a marking is a separate, audited downgrade."), field="level")
        check_no_write_up(actor, marking)
        probe = Person(level_id=person.level_id)
        apply_marking(probe, marking)
        fields |= {
            name: getattr(probe, name)
            for name in ("level_id", "owning_agency_id", "compartment_mask", "releasable_mask",
                         "declassify_on", "downgrade_level_id", "classified_by", "classification_reason")
        }
    fields["search_name"] = search_name_for(data.family_name, data.middle_name, data.given_name, data.service_number)
    changes = update_fields_checked(person, expected_version=expected_version, fields=fields)
    if changes:
        record(actor=actor, action="people.person.update", target=person, changes=changes)
    return person


@service
def person_delete(*, actor: Actor, person: Person, reason: str) -> None:
    _require(actor, "delete", person)
    if not reason.strip():
        raise ServiceError(_("Give the reason for deleting this record."), field="reason")
    record(actor=actor, action="people.person.delete", target=person, reason=reason,
           changes={"service_number": person.service_number})
    person.delete()


@service
def passport_record(*, actor: Actor, person: Person, number: str, expires_on: dt.date, marking: Marking) -> Passport:
    _require(actor, "change", person)
    _require(actor, "create", model=Passport)
    check_no_write_up(actor, marking)
    if Passport.objects.unrestricted().filter(number=number).exists():
        raise ServiceError(_("This passport number is already registered."), field="number")
    passport = Passport(person=person, number=number, expires_on=expires_on)
    apply_marking(passport, marking)
    passport.save(force_insert=True)
    record(actor=actor, action="people.passport.create", target=passport, changes={"person": str(person.pk)})
    return passport


@service
def next_of_kin_add(*, actor: Actor, person: Person, name: str, relationship: str, phone: str = "",
                    address: str = "", marking: Marking) -> NextOfKin:
    _require(actor, "change", person)
    _require(actor, "create", model=NextOfKin)
    if "PERSONAL-DATA" not in marking.compartments:
        marking = dataclasses.replace(marking, compartments=(*marking.compartments, "PERSONAL-DATA"))
    check_no_write_up(actor, marking)
    kin = NextOfKin(person=person, name=name, relationship=relationship, phone=phone, address=address)
    apply_marking(kin, marking)
    kin.save(force_insert=True)
    record(actor=actor, action="people.next_of_kin.create", target=kin, changes={"person": str(person.pk)})
    return kin


@service
def language_set(*, actor: Actor, person: Person, language: str, level: str) -> LanguageSkill:
    _require(actor, "change", person)
    skill, created = LanguageSkill.objects.update_or_create(person=person, language=language.lower(),
                                                            defaults={"level": level})
    record(actor=actor, action="people.language.set", target=person,
           changes={"language": skill.language, "level": level, "created": created})
    return skill


@service
def person_import(*, actor: Actor, rows: list[tuple[PersonData, Marking]], source: str) -> list[Person]:
    """Create every validated row, or nothing: one transaction for the whole file."""
    _require(actor, "import")
    created = []
    for data, marking in rows:
        check_no_write_up(actor, marking)
        person = Person(**data.as_fields())
        apply_marking(person, marking)
        person.refresh_search_name()
        person.save(force_insert=True)
        record(actor=actor, action="people.person.create", target=person,
               changes={"service_number": person.service_number, "source": source})
        created.append(person)
    record(actor=actor, action="people.person.import", changes={"source": source, "created": len(created)})
    return created


def person_import_file(*, actor: Actor, name: str, content: bytes) -> tuple[list[Person], list]:
    """Read, validate and import one file: (created, []) or ([], errors). Nothing is written on errors.

    Raises io.ImportFileError when the file as a whole cannot be read.
    """
    from . import io

    records = io.read_table(name, content)
    numbers = {r.get("service_number", "").upper() for r in records}
    existing = set(Person.objects.unrestricted().filter(service_number__in=numbers)
                   .values_list("service_number", flat=True))
    report = io.validate(records, actor=actor, existing_numbers=existing)
    if not report.ok:
        return [], report.errors
    return person_import(actor=actor, rows=report.rows, source=name), []


def person_export_audit(*, actor: Actor, count: int, fmt: str, filters: dict) -> None:
    """Exports are audited: who took how many records, in which format, with which filter."""
    from django.db import transaction

    with transaction.atomic():
        record(actor=actor, action="people.person.export", changes={"count": count, "format": fmt, "filters": filters})
