"""Demo readiness data: the reference rules, a service start and realistic qualifications per person.

Deterministic (each person's records are seeded by the index in their service number) and
idempotent (people who already have a service record are skipped), in batches for 200,000 people.
The shares make the pools non-trivial: a few eligible people per post type, many failing on
English or on a medical certificate that expires before the tour ends; the two units preparing to
deploy (L2FH-7, ENG-4) are the best prepared.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable

from django.db import transaction

from peaceops.access.models import compartments_to_mask
from peaceops.audit.recorder import record
from peaceops.people.models import Person
from peaceops.readiness import services as readiness_services
from peaceops.readiness.eligibility import SCALES, add_months, shift_years
from peaceops.readiness.models import Qualification, QualificationType, ServiceRecord

from .scenario import TODAY
from .structure import ENGINEERING_TABLE, HOSPITAL_TABLE

BATCH = 5000
DEMO_NUMBER = re.compile(r"^[A-Z]{2}-(\d{7})$")
POST_QUALIFICATION = {"SURGEON": "SURGERY", "ANAESTH": "ANAESTHESIA", "PHYSICIAN": "INTERNAL_MEDICINE",
                      "NURSE": "NURSING", "MEDIC": "MEDIC_CERT", "ENG-OFF": "ENGINEERING", "DEMINER": "EOD",
                      "PLANT-OP": "PLANT_OPERATOR"}
ENGLISH_LEVELS = [("A1", 8), ("A2", 24), ("B1", 38), ("B2", 22), ("C1", 7), ("C2", 1)]
UNIT_ENGLISH_LEVELS = [("A2", 8), ("B1", 32), ("B2", 40), ("C1", 17), ("C2", 3)]
OFFICER = re.compile(r"^OF-")


def _posts(table, first: int) -> dict[int, str]:
    """Index → post code for a unit whose members are people first … first + len(table) - 1."""
    posts, index = {}, first
    for code, _vi, _en, count, _low, _high in table:
        for _ in range(count):
            posts[index] = code
            index += 1
    return posts


UNIT_POSTS = _posts(HOSPITAL_TABLE, 0) | _posts(ENGINEERING_TABLE, 63)


def _weighted(rng: random.Random, pairs):
    return rng.choices([v for v, _w in pairs], [w for _v, w in pairs])[0]


def _months_ago(rng: random.Random, low: int, high: int) -> dt.date:
    return TODAY - dt.timedelta(days=rng.randrange(low * 30, high * 30 + 1))


def records_for(index: int, person: dict, types: dict[str, QualificationType],
                masks: dict[str, int]) -> tuple[ServiceRecord, list[Qualification]]:
    """The service start and qualifications of demo person `index` (the same every time)."""
    rng = random.Random(index * 104729 + 7)
    in_unit = index in UNIT_POSTS
    officer = bool(OFFICER.match(person["rank"]))
    service = person["service"]
    born = person["date_of_birth"]
    start = min(shift_years(born, rng.randrange(19, 25)), TODAY)
    service_record = ServiceRecord(person_id=person["id"], service_start=start)
    quals: list[Qualification] = []

    def add(code: str, level: str, taken_on: dt.date, months: int | None = None, *, confidential: bool = False):
        qualification_type = types[code]
        months = qualification_type.validity_months if months is None else months
        valid_until = add_months(taken_on, months) if months else None
        quals.append(Qualification(
            person_id=person["id"], type=qualification_type, result=level,
            result_rank=SCALES[qualification_type.scale][level], taken_on=taken_on, valid_until=valid_until,
            reference=f"{code[:3]}-{index:07d}", level_id=1 if confidential else 0,
            compartment_mask=masks.get(qualification_type.compartment_id or "", 0),
            owning_agency_id=person["owning_agency_id"], releasable_mask=person["releasable_mask"],
        ))

    # A person chosen for the candidate cohort has most courses and tests; the rest have some.
    prepared = rng.random() < (0.9 if in_unit else 0.3)

    def chance(if_prepared: float, otherwise: float) -> bool:
        return rng.random() < (if_prepared if prepared else otherwise)

    if chance(0.97, 0.6):
        add("ENGLISH", _weighted(rng, UNIT_ENGLISH_LEVELS if prepared else ENGLISH_LEVELS), _months_ago(rng, 1, 30))
    if chance(0.95, 0.7):
        # Medical certificates (24 months): the cohort's are recent, yet many lapse before a tour ends.
        add("MEDICAL", "fit" if rng.random() < 0.96 else "unfit", _months_ago(rng, 0, (9 if in_unit else 14) if prepared else 26),
            confidential=True)
    if chance(0.97, 0.5):
        add("VETTING", "cleared" if rng.random() < 0.97 else "not_cleared", _months_ago(rng, 0, 20),
            confidential=True)
    if chance(0.3, 0.04):
        add("VACCINATION_YF", "completed", _months_ago(rng, 1, 60), confidential=True)
    if service in ("army", "navy", "police") and chance(0.92, 0.3 if officer else 0.15):
        add("DRIVING_4X4", "passed" if rng.random() < 0.93 else "failed", _months_ago(rng, 1, 30))
    if service == "police" and chance(0.95, 0.55):
        add("FIREARMS", "passed" if rng.random() < 0.93 else "failed", _months_ago(rng, 0, 14 if prepared else 24))
    if chance(0.95, 0.5 if officer else 0.3):
        add("COMPUTER", "passed", _months_ago(rng, 6, 120))
    if chance(0.92, 0.1):
        add("UN_CPTM", "completed", _months_ago(rng, 1, 48))
    if service in ("army", "navy") and person["rank"] in ("OF-2", "OF-3") and chance(0.8, 0.05):
        add("UN_STM_MEM", "completed", _months_ago(rng, 1, 48))
    if service in ("army", "navy") and officer and chance(0.6, 0.04):
        add("UN_STM_SO", "completed", _months_ago(rng, 1, 48))
    if service == "police" and chance(0.85, 0.08):
        add("UN_STM_POLICE", "completed", _months_ago(rng, 1, 48))
    if in_unit and rng.random() < 0.9 or not in_unit and chance(0.25, 0.01):
        add("CONTINGENT_PDT", "completed", _months_ago(rng, 0, 10))
    profession = POST_QUALIFICATION.get(UNIT_POSTS.get(index, ""))
    if profession is None and service == "medical":
        profession = _weighted(rng, [("SURGERY", 14), ("ANAESTHESIA", 7), ("INTERNAL_MEDICINE", 16),
                                     ("NURSING", 40), ("MEDIC_CERT", 15), ("", 8)])
    elif profession is None and service == "army" and rng.random() < 0.14:
        profession = _weighted(rng, [("ENGINEERING", 3), ("EOD", 4), ("PLANT_OPERATOR", 5)])
    if profession:
        add(profession, "completed", _months_ago(rng, 12, 180))
    return service_record, quals


PERSON_FIELDS = ("id", "service_number", "service", "rank", "date_of_birth", "owning_agency_id", "releasable_mask")


def load_readiness(actor, progress: Callable[[int, int], None] | None = None) -> dict:
    """Load the reference rules, then records for every demo person who has none yet."""
    report = readiness_services.reference_load(actor=actor)
    types = {t.code: t for t in QualificationType.objects.all()}
    masks = {"MEDICAL": compartments_to_mask(["MEDICAL"]), "PERSONAL-DATA": compartments_to_mask(["PERSONAL-DATA"])}
    people = (Person.objects.unrestricted().filter(service_record__isnull=True)
              .order_by("service_number").values_list(*PERSON_FIELDS))
    todo = [dict(zip(PERSON_FIELDS, row, strict=True)) for row in people.iterator(chunk_size=BATCH)]
    todo = [p for p in todo if DEMO_NUMBER.match(p["service_number"])]
    created = 0
    for start in range(0, len(todo), BATCH):
        batch = todo[start:start + BATCH]
        starts, quals = [], []
        for person in batch:
            service_record, records = records_for(int(DEMO_NUMBER.match(person["service_number"]).group(1)), person,
                                                  types, masks)
            starts.append(service_record)
            quals += records
        with transaction.atomic():
            ServiceRecord.objects.bulk_create(starts, batch_size=BATCH)
            Qualification.objects.bulk_create(quals, batch_size=BATCH)
            record(actor=actor, action="demo.readiness.load",
                   changes={"people": len(starts), "qualifications": len(quals)})
        created += len(quals)
        if progress:
            progress(start + len(batch), len(todo))
    return {"reference_changed": report.changed, "people": len(todo), "qualifications": created}
