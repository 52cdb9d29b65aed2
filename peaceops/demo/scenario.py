"""Load the demo scenario idempotently: a second run changes nothing, a larger --people adds the rest."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction

from peaceops.access.models import compartments_to_mask
from peaceops.accounts import services as account_services
from peaceops.accounts.models import User
from peaceops.audit.recorder import record
from peaceops.org import services as org_services
from peaceops.people.models import LanguageSkill, NextOfKin, Passport, Person, search_name_for

from .names import KIN_RELATIONS, PROVINCES, vietnamese_name
from .structure import AGENCIES, DEMO_PASSWORD, ENGINEERING_TABLE, HOSPITAL_TABLE, PERSONAS, UNITS

BATCH = 2000
TODAY = dt.date(2026, 11, 1)  # fixed, so that a re-run produces identical records
LEVEL_WEIGHTS = [(0, 15), (1, 62), (2, 20), (3, 3)]
KIN_LIMIT = 5000  # next of kin for the first people only: enough to show, cheap at 200,000


def load_structure(actor) -> dict:
    agencies = {}
    for code, bit, kind, vi, en in AGENCIES:
        agencies[code] = org_services.agency_upsert(actor=actor, code=code, bit=bit, kind=kind, label_vi=vi,
                                                    label_en=en)
    units = {}
    for code, agency, parent, kind, vi, en, location in UNITS:
        units[code] = org_services.unit_upsert(actor=actor, code=code, agency=agencies[agency],
                                               parent=units.get(parent), kind=kind, label_vi=vi, label_en=en,
                                               location=location)
    for unit_code, table in (("L2FH-7", HOSPITAL_TABLE), ("ENG-4", ENGINEERING_TABLE)):
        for post, vi, en, count, rank_min, rank_max in table:
            org_services.table_post_upsert(actor=actor, unit=units[unit_code], post_code=post, title_vi=vi,
                                           title_en=en, count=count, rank_min=rank_min, rank_max=rank_max)
    return {"agencies": agencies, "units": units}


def load_personas(actor, agencies) -> list[str]:
    created = []
    for username, full_name, level, compartments, agency_codes, roles in PERSONAS:
        if User.objects.filter(username=username).exists():
            continue
        user = account_services.user_create(actor=actor, username=username, full_name=full_name,
                                            password=DEMO_PASSWORD)
        account_services.clearance_grant(actor=actor, user=user, level=level, compartments=compartments,
                                         agencies=[agencies[c] for c in agency_codes],
                                         valid_from=dt.date(2024, 1, 1))
        for role in roles:
            account_services.role_grant(actor=actor, user=user, role=role, valid_from=dt.date(2024, 1, 1))
        created.append(username)
    return created


# Pools by index: the first 63 staff the hospital, the next 184 the engineering company.
POOLS = [
    # (share of the rest, unit codes, service, owner, released to, women share)
    (0.52, ["MR-1", "DIV-304", "ENG-BDE-249", "MOD-HQ"], "army", "MOD", ["VDPO"], 0.10),
    (0.12, ["HOSP-108", "MMA"], "medical", "MOD", ["VDPO", "MOH"], 0.35),
    (0.15, ["MPS-MOBILE", "MPS-HQ"], "police", "MPS", ["VDPO"], 0.18),
    (0.10, ["MOH-BACHMAI", "MOH-HQ"], "medical", "MOH", ["VDPO"], 0.45),
    (0.04, ["VDPO-HQ", "VDPO-TC"], "army", "VDPO", ["MOD"], 0.20),
    (0.03, ["MFA-IO"], "civilian", "MFA", ["VDPO"], 0.40),
    (0.04, ["DIV-304"], "navy", "MOD", ["VDPO"], 0.08),
]
PREFIX = {"army": "QN", "navy": "HQ", "air_force": "KQ", "police": "CA", "medical": "YT", "civilian": "CV"}
OFFICER_RANKS = [("OF-1", 10), ("OF-2", 22), ("OF-3", 26), ("OF-4", 20), ("OF-5", 8), ("OF-6", 1)]
ENLISTED_RANKS = [("OR-4", 30), ("OR-5", 35), ("OR-7", 20), ("OR-9", 15)]


def _pool_for(index: int, rng: random.Random):
    if index < 63:
        return ["L2FH-7"], "medical", "VDPO", ["MOD", "MOH"], 0.16
    if index < 63 + 184:
        return ["ENG-4"], "army", "VDPO", ["MOD"], 0.10
    pick = rng.random()
    for share, units, service, owner, released, women in POOLS:
        if pick < share:
            return units, service, owner, released, women
        pick -= share
    return POOLS[0][1:]


def _weighted(rng: random.Random, pairs):
    return rng.choices([v for v, _w in pairs], [w for _v, w in pairs])[0]


def person_record(index: int, refs: dict) -> tuple[Person, Passport | None, list[LanguageSkill], NextOfKin | None]:
    """Person number `index`, the same every time (seeded by the index)."""
    rng = random.Random(index * 7919 + 17)
    units, service, owner, released, women_share = _pool_for(index, rng)
    gender = "F" if rng.random() < women_share else "M"
    family, middle, given = vietnamese_name(rng, gender)
    officer = rng.random() < (0.75 if index < 63 else 0.35)
    rank = "CIV" if service == "civilian" else _weighted(rng, OFFICER_RANKS if officer else ENLISTED_RANKS)
    if service == "medical" and owner == "MOH":
        rank = "CIV"
    born = dt.date(1968, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 32))
    level = _weighted(rng, LEVEL_WEIGHTS)
    agencies = refs["agencies"]
    release_mask = 0
    for code in released:
        release_mask |= 1 << agencies[code].bit
    number = f"{PREFIX[service]}-{index:07d}"
    person = Person(
        service=service, rank=rank, service_number=number, family_name=family, middle_name=middle,
        given_name=given, gender=gender, date_of_birth=born, unit=refs["units"][rng.choice(units)],
        email=f"{number.lower()}@mail.gov.vn", phone=f"09{rng.randrange(10**7, 10**8)}",
        level_id=level, owning_agency=agencies[owner], releasable_mask=release_mask,
        classified_by="Phòng Cán bộ" if level else "", search_name=search_name_for(family, middle, given, number),
    )
    passport = None
    if rng.random() < 0.7:
        passport = Passport(
            person=person, number=f"C{index:08d}", expires_on=TODAY + dt.timedelta(days=rng.randrange(-200, 3000)),
            level_id=1, compartment_mask=refs["personal_data"], owning_agency=agencies[owner],
            releasable_mask=release_mask,
        )
    languages = []
    if rng.random() < 0.6:
        languages.append(LanguageSkill(person=person, language="en",
                                       level=_weighted(rng, [("A2", 15), ("B1", 35), ("B2", 35), ("C1", 15)])))
    if rng.random() < 0.05:
        languages.append(LanguageSkill(person=person, language="fr", level=rng.choice(["A2", "B1", "B2"])))
    kin = None
    if index < KIN_LIMIT:
        kin_family, kin_middle, kin_given = vietnamese_name(rng, rng.choice("FM"))
        kin = NextOfKin(
            person=person, name=f"{kin_family} {kin_middle} {kin_given}", relationship=rng.choice(KIN_RELATIONS),
            phone=f"09{rng.randrange(10**7, 10**8)}", address=rng.choice(PROVINCES), level_id=1,
            compartment_mask=refs["personal_data"], owning_agency=agencies[owner], releasable_mask=release_mask,
        )
    return person, passport, languages, kin


def load_people(actor, refs: dict, total: int, progress: Callable[[int, int], None] | None = None) -> int:
    """Create people 0..total-1 that do not exist yet, in batches, one audit event per batch."""
    refs = {**refs, "personal_data": compartments_to_mask(["PERSONAL-DATA"])}
    existing = set(Person.objects.unrestricted().values_list("service_number", flat=True))
    created = 0
    for start in range(0, total, BATCH):
        stop = min(start + BATCH, total)
        people, passports, languages, kin = [], [], [], []
        for index in range(start, stop):
            person, passport, skills, next_of_kin = person_record(index, refs)
            if person.service_number in existing:
                continue
            people.append(person)
            passports += [passport] if passport else []
            languages += skills
            kin += [next_of_kin] if next_of_kin else []
        if people:
            with transaction.atomic():
                Person.objects.bulk_create(people)
                Passport.objects.bulk_create(passports)
                LanguageSkill.objects.bulk_create(languages)
                NextOfKin.objects.bulk_create(kin)
                record(actor=actor, action="demo.people.load",
                       changes={"from": start, "to": stop, "people": len(people), "passports": len(passports),
                                "next_of_kin": len(kin)})
            created += len(people)
        if progress:
            progress(stop, total)
    return created
