"""Writes to readiness. Each checks the policy, writes, and audits in one transaction."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.actor import Actor
from peaceops.access.marking import Marking, apply_marking, check_no_write_up
from peaceops.access.models import Compartment
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service
from peaceops.people.choices import Rank
from peaceops.people.models import Person

from . import eligibility
from .models import EligibilityRuleSet, PostType, Qualification, QualificationType, ServiceRecord

REFERENCE_FILE = Path(__file__).resolve().parent / "reference" / "eligibility_rules.json"


def _require(actor: Actor, action: str, model, obj=None) -> None:
    if not policy_for(model).allows(actor, action, obj):
        raise NotPermitted()


# -- qualification records ------------------------------------------------------------------------

@service
def qualification_record(*, actor: Actor, person: Person, type: QualificationType, result: str,
                         taken_on: dt.date, valid_until: dt.date | None = None, score: Decimal | None = None,
                         reference: str = "", marking: Marking) -> Qualification:
    """File a result. The type's compartment is added to the marking whatever the writer chose, so a
    medical record is always MEDICAL and only someone holding MEDICAL can file one (no write up)."""
    _require(actor, "create", Qualification)
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise NotPermitted()
    if type.compartment_id and type.compartment_id not in marking.compartments:
        marking = dataclasses.replace(marking, compartments=(*marking.compartments, type.compartment_id))
    check_no_write_up(actor, marking)
    scale = eligibility.SCALES[type.scale]
    if result not in scale:
        raise ServiceError(_("This result is not on the scale of this qualification."), field="result")
    if taken_on > timezone.localdate():
        raise ServiceError(_("The date taken cannot be in the future."), field="taken_on")
    if valid_until is not None and valid_until < taken_on:
        raise ServiceError(_("The validity cannot end before the date taken."), field="valid_until")
    qualification = Qualification(person=person, type=type, result=result, result_rank=scale[result], score=score,
                                  taken_on=taken_on, valid_until=valid_until, reference=reference)
    apply_marking(qualification, marking)
    qualification.save(force_insert=True)
    record(actor=actor, action="readiness.qualification.create", target=qualification,
           changes={"person": str(person.pk), "type": type.code, "result": result,
                    "valid_until": valid_until.isoformat() if valid_until else None,
                    "marking": qualification.marking_dict()})
    return qualification


@service
def service_start_set(*, actor: Actor, person: Person, service_start: dt.date) -> ServiceRecord:
    """Record when a person's service counted for eligibility began."""
    _require(actor, "change", ServiceRecord)
    if not policy_for(Person).allows(actor, "change", person):
        raise NotPermitted()
    if service_start > timezone.localdate():
        raise ServiceError(_("The service start cannot be in the future."), field="service_start")
    if person.date_of_birth and service_start < person.date_of_birth:
        raise ServiceError(_("The service start cannot be before the date of birth."), field="service_start")
    current = ServiceRecord.objects.filter(person=person).first()
    old = current.service_start if current else None
    if current is None:
        current = ServiceRecord(person=person, service_start=service_start)
        current.save(force_insert=True)
    elif current.service_start != service_start:
        current.service_start = service_start
        current.version += 1
        current.save(update_fields=["service_start", "version", "updated_at"])
    if old != service_start:
        record(actor=actor, action="readiness.service_start.set", target=person,
               changes={"service_start": [old.isoformat() if old else None, service_start.isoformat()]})
    return current


# -- reference data -------------------------------------------------------------------------------

class ReferenceError(ServiceError):
    """The reference file is unusable; `problems` lists every fault found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class LoadReport:
    post_types: int = 0
    qualification_types: int = 0
    rule_sets: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.post_types or self.qualification_types or self.rule_sets)


def read_reference(path: Path | None = None) -> dict:
    return json.loads((path or REFERENCE_FILE).read_text(encoding="utf-8"))


def _upsert(model, key: dict, values: dict) -> bool:
    """Create or update a reference row; True when something changed."""
    obj = model.objects.filter(**key).first()
    if obj is None:
        model(**key, **values).save(force_insert=True)
        return True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(obj, name, values[name])
    obj.version += 1
    obj.save(update_fields=[*changed, "version", "updated_at"])
    return True


@service
def reference_load(*, actor: Actor, data: dict | None = None, source: str = "") -> LoadReport:
    """Load post types, qualification types and rule sets. Idempotent: a second run changes nothing.

    A rule-set version already loaded with different rules is refused (versions are immutable:
    publish a new version). Every rule set is validated against the schema first; on any problem
    nothing is written.
    """
    _require(actor, "create", EligibilityRuleSet)
    data = read_reference() if data is None else data
    source = source or REFERENCE_FILE.name
    report = LoadReport()
    known_compartments = set(Compartment.objects.values_list("code", flat=True))
    type_scales = {q["code"]: q["scale"] for q in data.get("qualification_types", [])}
    type_scales |= dict(QualificationType.objects.exclude(code__in=type_scales).values_list("code", "scale"))
    post_codes = {p["code"] for p in data.get("post_types", [])}
    post_codes |= set(PostType.objects.values_list("code", flat=True))
    problems = []
    for q in data.get("qualification_types", []):
        if q.get("compartment") and q["compartment"] not in known_compartments:
            problems.append(f"qualification type {q['code']}: unknown compartment {q['compartment']!r}")
        if q.get("scale") not in eligibility.SCALES:
            problems.append(f"qualification type {q['code']}: unknown scale {q.get('scale')!r}")
    for entry in data.get("rule_sets", []):
        label = f"rule set {entry.get('post_type')} v{entry.get('version')}"
        if entry.get("post_type") not in post_codes:
            problems.append(f"{label}: unknown post type")
        problems += [f"{label}: {p}" for p in eligibility.rules_problems(
            entry.get("rules"), rank_order=Rank.values, type_scales=type_scales)]
        existing = EligibilityRuleSet.objects.filter(post_type__code=entry.get("post_type"),
                                                     version=entry.get("version")).first()
        if existing is not None and (existing.rules != entry["rules"]
                                     or existing.valid_from.isoformat() != entry["valid_from"]):
            problems.append(f"{label}: this version is already loaded with other rules; publish a new version")
    if problems:
        raise ReferenceError(problems)
    for p in data.get("post_types", []):
        report.post_types += _upsert(PostType, {"code": p["code"]}, {
            "name_vi": p["name_vi"], "name_en": p["name_en"], "category": p["category"],
            "sort_order": p.get("sort_order", 0)})
    for q in data.get("qualification_types", []):
        report.qualification_types += _upsert(QualificationType, {"code": q["code"]}, {
            "name_vi": q["name_vi"], "name_en": q["name_en"], "kind": q["kind"], "scale": q["scale"],
            "compartment_id": q.get("compartment"), "validity_months": q.get("validity_months"),
            "sort_order": q.get("sort_order", 0)})
    posts = {p.code: p for p in PostType.objects.all()}
    for entry in data.get("rule_sets", []):
        exists = EligibilityRuleSet.objects.filter(post_type=posts[entry["post_type"]],
                                                   version=entry["version"]).exists()
        if exists:
            report.unchanged += 1
            continue
        EligibilityRuleSet(post_type=posts[entry["post_type"]], version=entry["version"],
                           valid_from=dt.date.fromisoformat(entry["valid_from"]), rules=entry["rules"],
                           source=entry.get("source", "")[:300]).save(force_insert=True)
        report.rule_sets += 1
    if report.changed:
        record(actor=actor, action="readiness.reference.load",
               changes={"source": source, "post_types": report.post_types,
                        "qualification_types": report.qualification_types, "rule_sets": report.rule_sets})
    return report


# -- audited reads --------------------------------------------------------------------------------

def pool_export_audit(*, actor: Actor, post_type: str, tour: eligibility.Tour, count: int, fmt: str) -> None:
    """Exports are audited: who took which pool, for which tour, how many people."""
    from django.db import transaction

    with transaction.atomic():
        record(actor=actor, action="readiness.pool.export",
               changes={"post_type": post_type, "from": tour.start.isoformat(), "to": tour.end.isoformat(),
                        "count": count, "format": fmt})
