"""Demo: force generation — pledges with PCRS level history, UN requirements, rotations, deployments and
monthly strength returns (missions app).

Deterministic (fixed dates around scenario.TODAY, people chosen by their demo index) and idempotent
(every record is looked up by its natural key before it is created; a second run creates nothing).
Everything goes through the missions services, so it is audited like an officer's work.

- L2FH-7 (Level-2 field hospital, 63 posts) pledged in PCRS: Level 1 when registered, Level 2 after
  the assessment and advisory visit, Level 3 once aligned with the UNMISS requirement. Three
  rotations in UNMISS: R1 done (its people repatriated), R2 current (the hospital's own people
  deployed, two extended, one repatriated early, one withdrawn before departure), R3 upcoming with
  every slot open for the planner, and a cohort selected and prepared for it (below).
- ENG-4 (engineering company, 184 posts) pledged for UNISFA; its first rotation is upcoming.
- Individual staff-officer and military-observer posts in MINUSCA and UNISFA, with the UGPS 2028
  women's share (25 %, DOMAIN_FACTS §5).
Only the requirement lines whose post type exists in readiness are created: with the reference data's
post types (the clinical ones and, since 2026-12-02, the commander, dentist, technicians, pharmacists,
drivers, logistics, administration and power lines) that is every one of the hospital's 63 posts.

The R3 cohort: as the department does before a rotation, people who are not deployed, nor back from a
tour, nor in a unit about to deploy, and whose rank, age and passport fit a line of R3 are selected —
about one and a half per post, medical staff first for the clinical lines, with women enough for the
line's share target (a demo of 800 people has few women in some services) — and prepared: the
English test, medical examination, vetting, contingent pre-deployment training and the line's
professional certificate they lack are filed for them (readiness services, audited, reference
"R3-COHORT-…"). Without it the demo's pools for R3 are nearly empty (the hospital's own people are
resting after R2) and a plan fills a handful of posts. People are chosen in service-number order: the
same every time.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

from peaceops.access.marking import Marking
from peaceops.missions import services
from peaceops.missions.models import Deployment, Mission, Pledge, PledgeLevel, Requirement, Rotation
from peaceops.org.models import Unit
from peaceops.people.choices import Rank
from peaceops.people.models import Person
from peaceops.readiness import eligibility as engine
from peaceops.readiness import selectors as readiness
from peaceops.readiness import services as readiness_services
from peaceops.readiness.models import PostType, Qualification

from .scenario import TODAY
from .structure import ENGINEERING_TABLE, HOSPITAL_TABLE

DEMO_NUMBER = re.compile(r"^[A-Z]{2}-(\d{7})$")
TROOPS_WOMEN = Decimal("0.150")  # UGPS 2028 target for contingents (DOMAIN_FACTS §5)
INDIVIDUAL_WOMEN = Decimal("0.250")  # UGPS 2028 target for military observers and staff officers

PLEDGES = [
    # unit, capability, personnel, mission, registered on, [(level, from, evidence, source)]
    ("L2FH-7", "Level-2 field hospital", 63, "UNMISS", dt.date(2017, 3, 15), [
        ("level_1", dt.date(2017, 3, 15), "Pledge registered in PCRS through UN Force Link with its table of "
         "organisation and equipment lists (demo).", "PCRS registration (demo)"),
        ("level_2", dt.date(2017, 11, 20), "Successful assessment and advisory visit to the hospital (demo).",
         "AAV report (demo)"),
        ("level_3", dt.date(2018, 6, 1), "Personnel and equipment aligned with the UNMISS statement of unit "
         "requirement for a Level-2 hospital (demo).", "SUR alignment note (demo)"),
    ]),
    ("ENG-4", "Engineering company (horizontal construction)", 184, "UNISFA", dt.date(2019, 5, 10), [
        ("level_1", dt.date(2019, 5, 10), "Pledge registered in PCRS through UN Force Link (demo).",
         "PCRS registration (demo)"),
        ("level_2", dt.date(2020, 2, 14), "Successful assessment and advisory visit to the company (demo).",
         "AAV report (demo)"),
        ("level_3", dt.date(2025, 9, 1), "Aligned with the UNISFA engineering requirement (demo).",
         "SUR alignment note (demo)"),
    ]),
]

HOSPITAL_ROTATIONS = [
    # number, start, end, overlap days
    (1, dt.date(2024, 12, 15), dt.date(2025, 12, 28), 14),
    (2, dt.date(2025, 12, 15), dt.date(2026, 12, 28), 14),
    (3, dt.date(2026, 12, 15), dt.date(2027, 12, 28), 14),
]
ENGINEERING_ROTATION = (1, dt.date(2027, 2, 1), dt.date(2028, 1, 31), 0)
INDIVIDUAL_ROTATIONS = [
    # mission, number, start, end, [(post type, count, place)]
    ("MINUSCA", 1, dt.date(2027, 1, 15), dt.date(2028, 1, 14), [("SO", 4, "Bangui"), ("MEM", 3, "Bria")]),
    ("UNISFA", 1, dt.date(2027, 3, 1), dt.date(2028, 2, 29), [("SO", 2, "Abyei"), ("MEM", 2, "Abyei")]),
]


def _counted(counts: dict, key: str, created: bool) -> None:
    if created:
        counts[key] = counts.get(key, 0) + 1


def _demo_people(indexes) -> dict[int, Person]:
    wanted = set(indexes)
    found = {}
    numbers = [f"{prefix}-{i:07d}" for i in wanted for prefix in ("YT", "QN", "HQ", "CA", "CV", "KQ")]
    for person in Person.objects.unrestricted().filter(service_number__in=numbers):
        found[int(DEMO_NUMBER.match(person.service_number).group(1))] = person
    return found


def _table_posts(table) -> dict[str, int]:
    return {code: count for code, _vi, _en, count, _low, _high in table}


def _pledges(actor, missions, units, counts) -> dict[str, Pledge]:
    pledges = {}
    for unit_code, capability, personnel, acronym, registered, levels in PLEDGES:
        unit = units[unit_code]
        pledge = Pledge.objects.filter(unit=unit, capability=capability).first()
        if pledge is None:
            pledge = services.pledge_create(actor=actor, unit=unit, capability=capability, personnel=personnel,
                                            mission=missions[acronym], registered_on=registered)
            _counted(counts, "pledges", True)
        for level, day, evidence, source in levels:
            if not PledgeLevel.objects.filter(pledge=pledge, from_date=day).exists():
                services.pledge_level_set(actor=actor, pledge=pledge, level=level, from_date=day, evidence=evidence,
                                          source=source)
                _counted(counts, "pledge_levels", True)
        pledges[unit_code] = pledge
    return pledges


def _rotation(actor, counts, *, mission, unit, number, start, end, overlap, pledge=None, phased=None, notes=""):
    rotation = Rotation.objects.filter(mission=mission, unit=unit, number=number).first()
    if rotation is None:
        rotation = services.rotation_create(actor=actor, mission=mission, unit=unit, number=number, start_date=start,
                                            end_date=end, overlap_days=overlap, pledge=pledge,
                                            phased_return=phased or [], notes=notes)
        _counted(counts, "rotations", True)
    return rotation


def _requirement(actor, counts, *, rotation, post_type, count, place, women, language="en") -> Requirement:
    requirement = Requirement.objects.filter(rotation=rotation, post_type=post_type).first()
    if requirement is None:
        requirement = services.requirement_create(
            actor=actor, mission=rotation.mission, rotation=rotation, post_type=post_type, count=count,
            start_date=rotation.start_date, end_date=rotation.end_date, place=place, language=language,
            women_target=women)
        _counted(counts, "requirements", True)
    return requirement


def _deploy(actor, counts, *, person, rotation, requirement, steps) -> None:
    """Nominate `person` and walk the given steps [(status, on, extra)], unless already on the rotation."""
    if Deployment.objects.unrestricted().filter(person=person, rotation=rotation).exists():
        return
    nominated_on = rotation.start_date - dt.timedelta(days=120)
    deployment = services.deployment_create(actor=actor, person=person, rotation=rotation, requirement=requirement,
                                            start_date=rotation.start_date, end_date=rotation.end_date,
                                            on=nominated_on, reason="Demo nomination")
    for status, on, extra in steps:
        services.deployment_transition(actor=actor, deployment=deployment, to_status=status, on=on, **extra)
    _counted(counts, "deployments", True)


def _hospital(actor, missions, units, pledges, types, counts) -> None:
    unmiss, hospital = missions["UNMISS"], units["L2FH-7"]
    table = _table_posts(HOSPITAL_TABLE)
    clinical = [code for code in table if code in types]  # the posts that have a readiness post type
    rotations = {}
    for number, start, end, overlap in HOSPITAL_ROTATIONS:
        phased = [{"on": (end - dt.timedelta(days=14)).isoformat(), "count": 30},
                  {"on": end.isoformat(), "count": 33}]
        rotations[number] = _rotation(actor, counts, mission=unmiss, unit=hospital, number=number, start=start,
                                      end=end, overlap=overlap, pledge=pledges["L2FH-7"], phased=phased,
                                      notes="Level-2 hospital, Bentiu (demo).")
    requirements = {number: {code: _requirement(actor, counts, rotation=rotation, post_type=types[code],
                                                count=table[code], place="Bentiu", women=TROOPS_WOMEN)
                             for code in clinical}
                    for number, rotation in rotations.items()}

    # R2 (current): the hospital's own people in its clinical posts (demo people 0–62 by their post).
    index, by_post = 0, {}
    for code, _vi, _en, count, _low, _high in HOSPITAL_TABLE:
        for _ in range(count):
            by_post.setdefault(code, []).append(index)
            index += 1
    r2 = rotations[2]
    people = _demo_people(range(63))
    arrived = r2.start_date
    for code in clinical:
        for position, person_index in enumerate(by_post[code]):
            person = people.get(person_index)
            if person is None:
                continue
            steps = [("accepted", arrived - dt.timedelta(days=45), {}), ("deployed", arrived, {})]
            if code == "NURSE" and position == 19:
                steps = [("withdrawn", arrived - dt.timedelta(days=30), {"reason": "Family emergency (demo)"})]
            elif code == "MEDIC" and position == 5:
                steps.append(("repatriated", dt.date(2026, 6, 12), {"reason": "Medical evacuation (demo)"}))
            elif code in ("SURGEON", "ANAESTH") and position == 0:
                steps.append(("extended", dt.date(2026, 10, 1),
                              {"end_date": r2.end_date + dt.timedelta(days=31),
                               "reason": "Handover to R3 delayed by the rainy season (demo)"}))
            _deploy(actor, counts, person=person, rotation=r2, requirement=requirements[2][code], steps=steps)

    # R1 (done): earlier medical staff from the wider pool, all home since the end of the tour.
    r1 = rotations[1]
    pool = (Person.objects.unrestricted().filter(service="medical", service_number__startswith="YT-")
            .exclude(service_number__in=[f"YT-{i:07d}" for i in range(63)]).order_by("service_number"))
    candidates = iter(pool[:63])
    for code in clinical:
        for _ in range(table[code]):
            person = next(candidates, None)
            if person is None:
                break
            steps = [("accepted", r1.start_date - dt.timedelta(days=45), {}), ("deployed", r1.start_date, {}),
                     ("repatriated", r1.end_date, {})]
            _deploy(actor, counts, person=person, rotation=r1, requirement=requirements[1][code], steps=steps)

    _cohort(actor, rotations[3], [requirements[3][code] for code in clinical], counts)


COHORT_REFERENCE = "R3-COHORT"
COHORT_PER_POST = 1.5
CLINICAL = {"SURGEON", "ANAESTH", "PHYSICIAN", "NURSE", "MEDIC", "DENTIST", "RADIOLOGY", "LAB", "PHARMACIST"}
FIXABLE = (engine.ENGLISH, engine.MEDICAL, engine.VETTING, engine.QUALIFICATION)
PREPARED_ON = TODAY - dt.timedelta(days=21)


def _fixable(verdict) -> bool:
    return all(c.check.split(":", 1)[0] in FIXABLE for c in verdict.failed)


def _cohort(actor, rotation, requirements, counts) -> None:
    """Select and prepare the next rotation's cohort (see the module docstring). Idempotent: once any record
    of the cohort exists, nothing is done."""
    if Qualification.objects.unrestricted().filter(reference__startswith=COHORT_REFERENCE).exists():
        return
    busy = set(Deployment.objects.unrestricted().values_list("person_id", flat=True))
    people = [p for p in Person.objects.unrestricted().select_related("unit")
              .filter(service__in=["medical", "army", "navy"]).exclude(unit__code__in=["L2FH-7", "ENG-4"])
              .order_by("service_number") if p.pk not in busy and not p.rank.startswith("CI")]
    facts = {}
    for start in range(0, len(people), 500):
        facts |= readiness.facts_for(people[start:start + 500])
    types = readiness.qualification_types()
    tour = engine.Tour(rotation.start_date, rotation.end_date)
    rules = readiness.rules_in_force(post_types=[r.post_type for r in requirements], on=tour.start, types=types)
    chosen: set = set()
    # the scarcest lines first: clinical officers, then the other clinical lines, then the rest
    order = sorted(requirements, key=lambda r: (r.post_type.code not in CLINICAL, r.post_type.sort_order))
    for requirement in order:
        in_force = rules.get(requirement.post_type.code)
        if in_force is None:
            continue
        rule = in_force.rules
        want = max(requirement.count + 1, round(requirement.count * COHORT_PER_POST))
        share = float(requirement.women_target or 0)
        women_wanted = min(want, math.ceil(share * requirement.count) + 1) if share else 0
        services_first = ("medical", "army", "navy") if requirement.post_type.code in CLINICAL else ("army", "navy")
        fits = []
        for person in people:
            if person.pk in chosen or person.service not in services_first or person.pk not in facts:
                continue
            verdict = engine.evaluate(facts[person.pk], rule, tour, rank_order=Rank.values)
            if _fixable(verdict):
                fits.append((services_first.index(person.service), person, verdict))
        fits.sort(key=lambda f: f[0])
        women = [f for f in fits if f[1].gender == "F"][:women_wanted]
        rest = [f for f in fits if f not in women][:want - len(women)]
        for _rank, person, verdict in women + rest:
            chosen.add(person.pk)
            for check in verdict.failed:
                _prepare(actor, person, rule.requirement_for(check.check), types, requirement, counts)


def _prepare(actor, person, needed, types, requirement, counts) -> None:
    """File the record that meets `needed` for `person` (dated three weeks before the demo's today)."""
    kind = types[needed.type_code]
    scale = engine.SCALES[kind.scale]
    result = needed.min_level or max(scale, key=scale.get)
    if needed.type_code == "ENGLISH":
        result = needed.min_level or "B1"
    valid_until = engine.add_months(PREPARED_ON, kind.validity_months) if kind.validity_months else None
    confidential = needed.type_code in ("MEDICAL", "VETTING")
    readiness_services.qualification_record(
        actor=actor, person=person, type=kind, result=result, taken_on=PREPARED_ON, valid_until=valid_until,
        reference=f"{COHORT_REFERENCE}-{requirement.post_type.code}"[:40],
        marking=Marking(level=1 if confidential else 0, owning_agency_id=person.owning_agency_id))
    _counted(counts, "cohort_records", True)


def _engineering(actor, missions, units, pledges, types, counts) -> None:
    number, start, end, overlap = ENGINEERING_ROTATION
    rotation = _rotation(actor, counts, mission=missions["UNISFA"], unit=units["ENG-4"], number=number, start=start,
                         end=end, overlap=overlap, pledge=pledges["ENG-4"], notes="Engineering company, Abyei (demo).")
    table = _table_posts(ENGINEERING_TABLE)
    for code in table:
        if code in types:
            _requirement(actor, counts, rotation=rotation, post_type=types[code], count=table[code], place="Abyei",
                         women=TROOPS_WOMEN)


def _individual(actor, missions, types, counts) -> None:
    for acronym, number, start, end, posts in INDIVIDUAL_ROTATIONS:
        rotation = _rotation(actor, counts, mission=missions[acronym], unit=None, number=number, start=start,
                             end=end, overlap=7, notes="Individual posts (demo).")
        for code, count, place in posts:
            if code in types:
                _requirement(actor, counts, rotation=rotation, post_type=types[code], count=count, place=place,
                             women=INDIVIDUAL_WOMEN, language="fr" if acronym == "MINUSCA" else "en")


STRENGTH = {
    # mission: [(category, gender, count at the start, monthly change pattern)]
    "UNMISS": [("troops", "F", 10), ("troops", "M", 51), ("staff_officers", "M", 2), ("staff_officers", "F", 1),
               ("experts", "M", 2)],
    "MINUSCA": [("staff_officers", "M", 3), ("staff_officers", "F", 1), ("experts", "M", 2), ("experts", "F", 1)],
    "UNISFA": [("staff_officers", "M", 2), ("experts", "M", 1), ("experts", "F", 1)],
}


def _strength(actor, missions, counts) -> None:
    months = []
    day = dt.date(TODAY.year - 1, TODAY.month, 1)
    while day < TODAY.replace(day=1):
        months.append(day)
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    for acronym, lines in STRENGTH.items():
        for position, month in enumerate(months):
            for category, gender, base in lines:
                count = base
                if acronym == "UNMISS" and category == "troops":
                    # The hospital's handover in December: the overlap doubles the strength for the month.
                    count = base * 2 if month.month == 12 else base
                    if gender == "M" and month >= dt.date(2026, 6, 1):
                        count -= 1  # the medic evacuated in June
                elif (position + len(category)) % 5 == 0:
                    count = max(0, base - 1)
                _row, outcome = services.strength_return_record(actor=actor, mission=missions[acronym], month=month,
                                                                category=category, gender=gender, count=count)
                _counted(counts, "strength_lines", outcome == "created")


def load(actor) -> dict:
    """Load this part of the demo idempotently; returns counts of what was created."""
    counts: dict[str, int] = {}
    missions = {m.acronym: m for m in Mission.objects.filter(acronym__in=["UNMISS", "MINUSCA", "UNISFA"])}
    units = {u.code: u for u in Unit.objects.filter(code__in=["L2FH-7", "ENG-4"])}
    if len(missions) < 3 or len(units) < 2:
        return {"skipped": 1}  # the catalogue or the structure is not loaded
    types = {t.code: t for t in PostType.objects.all()}
    pledges = _pledges(actor, missions, units, counts)
    _hospital(actor, missions, units, pledges, types, counts)
    _engineering(actor, missions, units, pledges, types, counts)
    _individual(actor, missions, types, counts)
    _strength(actor, missions, counts)
    return counts
