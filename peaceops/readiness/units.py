"""Unit readiness: a unit against its table of organisation for one tour — the share of posts an
eligible member can fill, the gaps by skill, and the PCRS level reached with the evidence for each
criterion (DOMAIN_FACTS.md §4).

Reads go through the access layer (the unit's members the reader may see; pledges through
missions' selectors; evidence through its marking); the one write is `evidence_record` (audited).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.actor import Actor
from peaceops.access.marking import Marking, apply_marking, check_no_write_up
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service
from peaceops.org.models import Unit
from peaceops.people.models import Person

from . import eligibility as engine
from .matrix import first_failing_by_person
from .models import PostType
from .unit_models import EvidenceOutcome, PCRSCriterion, TablePostType, UnitReadinessEvidence
from .units_matching import fill_posts

# PCRS levels in order, each with the criterion that reaches it (missions.choices.PCRSLevel codes).
LEVELS = [("level_1", PCRSCriterion.PLEDGE_REGISTERED), ("level_2", PCRSCriterion.AAV_PASSED),
          ("level_3", PCRSCriterion.REQUIREMENT_MATCHED), ("rapid_deployment", PCRSCriterion.RDL_VERIFIED)]
LEVEL_ORDER = {code: index for index, (code, _c) in enumerate(LEVELS)}


def unit_list(*, actor: Actor):
    """Units with a table of organisation (reference data: every signed-in reader sees them)."""
    return policy_for(Unit).scope(actor, "view").filter(table_posts__isnull=False).distinct().order_by("code")


def post_type_of() -> dict[str, str]:
    """{table post code: readiness post type code} (reference data). A line with no row here follows the
    post type of its own code when there is one (NURSE → NURSE); otherwise it is not assessed."""
    return dict(TablePostType.objects.values_list("post_code", "post_type_code"))


@dataclass
class PostLine:
    post_code: str
    title: str
    count: int
    post_type: PostType | None
    filled: int = 0
    eligible_members: int = 0
    reasons: list[tuple[str, int]] = field(default_factory=list)  # members' first failing checks (rank aside)

    @property
    def gap(self) -> int:
        return self.count - self.filled if self.post_type else 0


@dataclass
class Criterion:
    code: str
    label: str
    met: bool
    evidence: list[dict]  # {"source", "on", "text", "reference", "hidden"}


@dataclass
class UnitReadiness:
    unit: Unit
    tour: engine.Tour
    members: int
    lines: list[PostLine]
    criteria: list[Criterion]
    pledge_level: str | None  # the PCRS level in force in missions' pledge history, if any

    @property
    def posts(self) -> int:
        return sum(line.count for line in self.lines)

    @property
    def assessed_posts(self) -> int:
        return sum(line.count for line in self.lines if line.post_type)

    @property
    def filled(self) -> int:
        return sum(line.filled for line in self.lines)

    @property
    def share(self) -> float | None:
        return self.filled / self.assessed_posts if self.assessed_posts else None

    @property
    def level(self) -> str | None:
        """The highest PCRS level whose criterion and every lower one are met."""
        reached = None
        for (code, _criterion), criterion in zip(LEVELS, self.criteria, strict=True):
            if not criterion.met:
                break
            reached = code
        return reached

    @property
    def gaps(self) -> list[PostLine]:
        return sorted((line for line in self.lines if line.gap), key=lambda line: -line.gap)


def unit_readiness(*, actor: Actor, unit: Unit, tour: engine.Tour, today: dt.date | None = None) -> UnitReadiness:
    """The unit's readiness for this reader and tour (see the module doc). A fixed number of queries."""
    today = today or timezone.localdate()
    lines = list(unit.table_posts.all().order_by("post_code"))
    mapping = post_type_of()
    for line in lines:
        mapping.setdefault(line.post_code, line.post_code)
    post_types = {p.code: p for p in PostType.objects.filter(code__in=set(mapping.values()))}
    members = list(policy_for(Person).scope(actor, "view").filter(unit=unit).values_list("pk", flat=True))
    used = sorted({mapping[line.post_code] for line in lines if mapping.get(line.post_code) in post_types})
    verdicts = first_failing_by_person(actor=actor, tour=tour, post_types=[post_types[c] for c in used],
                                       person_ids=members) if members and used else {}
    rows = []
    for line in lines:
        code = mapping.get(line.post_code)
        rows.append(PostLine(post_code=line.post_code, title=line.title, count=line.count,
                             post_type=post_types.get(code)))
    eligible = {pid: {row.post_code for row in rows if row.post_type and v.get(row.post_type.code) == ""}
                for pid, v in verdicts.items()}
    filled = fill_posts([(row.post_code, row.count) for row in _specialised_first(rows, verdicts, tour)], eligible)
    for row in rows:
        if not row.post_type:
            continue
        row.filled = len(filled.get(row.post_code, ()))
        reasons = Counter(v[row.post_type.code] for v in verdicts.values() if row.post_type.code in v)
        row.eligible_members = reasons.pop("", 0)
        reasons.pop(engine.RANK, None)
        row.reasons = reasons.most_common(3)
    pledges = _pledges(actor, unit)
    return UnitReadiness(unit=unit, tour=tour, members=len(members), lines=rows,
                         criteria=_criteria(actor, unit, pledges, today),
                         pledge_level=max((p.level_on(today) for p in pledges if p.level_on(today)),
                                          key=lambda code: LEVEL_ORDER.get(code, -1), default=None))


def _specialised_first(rows: list[PostLine], verdicts: dict, tour: engine.Tour) -> list[PostLine]:
    """The assessed lines, the most demanding first (more required qualifications, then fewer eligible
    members), so the assignment puts a nurse on a nurse's post before an administrative one. Two queries."""
    from .selectors import rules_in_force

    assessed = [row for row in rows if row.post_type]
    if not assessed:
        return []
    rules = rules_in_force(post_types=list({row.post_type.code: row.post_type for row in assessed}.values()),
                           on=tour.start)
    eligible_count = Counter(code for v in verdicts.values() for code, first in v.items() if first == "")

    def demand(row: PostLine):
        found = rules.get(row.post_type.code)
        return (-len(found.rules.qualifications) if found else 0, eligible_count[row.post_type.code], row.post_code)

    return sorted(assessed, key=demand)


def _pledges(actor, unit) -> list:
    try:
        from peaceops.missions import selectors as missions
    except ImportError:  # pragma: no cover - missions is installed with the project
        return []
    return list(missions.pledge_list(actor=actor, unit=unit))


def _criteria(actor, unit, pledges, today) -> list[Criterion]:
    """Each criterion with its evidence: missions' pledge facts, then the evidence recorded here. The
    outcome uses every record (like a verdict); a record the reader may not see shows as hidden."""
    visible = set(UnitReadinessEvidence.objects.visible_to(actor).filter(unit=unit).values_list("pk", flat=True))
    recorded: dict[str, list[UnitReadinessEvidence]] = {}
    for item in (UnitReadinessEvidence.objects.unrestricted().filter(unit=unit).select_related("recorded_by")
                 .order_by("-on", "-created_at")):
        recorded.setdefault(item.criterion, []).append(item)
    answer = []
    for level, criterion in LEVELS:
        evidence, met = [], None
        for pledge in pledges:
            if criterion == PCRSCriterion.PLEDGE_REGISTERED and pledge.registered_on:
                evidence.append({"source": "pledge", "on": pledge.registered_on, "hidden": False, "reference": "",
                                 "text": _("Pledge “%(capability)s” registered in PCRS") % {
                                     "capability": pledge.capability}})
                met = True
            for step in pledge.levels.all():
                if step.from_date <= today and LEVEL_ORDER.get(step.level, -1) >= LEVEL_ORDER[level] \
                        and criterion != PCRSCriterion.PLEDGE_REGISTERED:
                    evidence.append({"source": "pledge_level", "on": step.from_date, "hidden": False,
                                     "reference": step.source, "text": step.evidence})
                    met = True
        for index, item in enumerate(recorded.get(criterion, ())):
            hidden = item.pk not in visible
            evidence.append({"source": "recorded", "on": item.on, "hidden": hidden, "outcome": item.outcome,
                             "id": None if hidden else item.pk,
                             "text": "" if hidden else item.evidence, "reference": "" if hidden else item.reference,
                             "assessed_by": "" if hidden else item.assessed_by,
                             "recorded_by": "" if hidden or not item.recorded_by else item.recorded_by.username})
            if index == 0:  # the latest recorded evidence decides when missions' history says nothing
                met = met or item.outcome == EvidenceOutcome.MET
        answer.append(Criterion(code=criterion, label=str(PCRSCriterion(criterion).label), met=bool(met),
                                evidence=sorted(evidence, key=lambda e: e["on"], reverse=True)))
    return answer


def unit_get(*, actor: Actor, code: str) -> Unit:
    """A unit with a table of organisation, or 404 (unknown code, no table)."""
    from django.http import Http404

    unit = unit_list(actor=actor).filter(code=code).first()
    if unit is None:
        raise Http404
    return unit


def evidence_list(*, actor: Actor, unit: Unit | None = None):
    """Recorded evidence the reader may see (by its marking), newest first."""
    queryset = (UnitReadinessEvidence.objects.visible_to(actor).select_related("unit", "recorded_by")
                .order_by("-on", "-created_at", "pk"))
    return queryset.filter(unit=unit) if unit is not None else queryset


def readiness_summary(readiness: UnitReadiness) -> dict:
    """The figures of a unit's readiness, for the API, the CLI and the list page."""
    return {"posts": readiness.posts, "assessed_posts": readiness.assessed_posts, "filled": readiness.filled,
            "gap": sum(line.gap for line in readiness.lines),
            "share": round(readiness.share, 4) if readiness.share is not None else None,
            "members": readiness.members, "level": readiness.level, "pledge_level": readiness.pledge_level}


def readiness_dict(readiness: UnitReadiness) -> dict:
    """The whole readiness of a unit: summary, every post line, the gaps, each criterion with its evidence."""
    unit = readiness.unit

    def line_dict(line: PostLine) -> dict:
        return {"post_code": line.post_code, "title": line.title, "count": line.count,
                "post_type": line.post_type.code if line.post_type else None,
                "filled": line.filled if line.post_type else None, "gap": line.gap,
                "eligible_members": line.eligible_members,
                "reasons": [{"check": check, "members": n} for check, n in line.reasons]}

    return {
        "unit": {"code": unit.code, "name": unit.label, "location": unit.location},
        "tour": {"start": readiness.tour.start, "end": readiness.tour.end},
        **readiness_summary(readiness),
        "lines": [line_dict(line) for line in readiness.lines],
        "gaps": [{"post_code": line.post_code, "post_type": line.post_type.code, "gap": line.gap,
                  "reasons": [{"check": check, "members": n} for check, n in line.reasons]}
                 for line in readiness.gaps],
        "criteria": [{"criterion": c.code, "label": c.label, "met": c.met,
                      "evidence": [{"source": e["source"], "on": e["on"], "hidden": e["hidden"],
                                    "outcome": e.get("outcome", EvidenceOutcome.MET), "id": e.get("id"),
                                    "text": e["text"], "reference": e["reference"],
                                    "assessed_by": e.get("assessed_by", ""), "recorded_by": e.get("recorded_by", "")}
                                   for e in c.evidence]}
                     for c in readiness.criteria],
    }


@service
def evidence_record(*, actor: Actor, unit: Unit, criterion: str, outcome: str, on: dt.date, evidence: str,
                    reference: str = "", assessed_by: str = "", marking: Marking) -> UnitReadinessEvidence:
    """Record evidence for one PCRS criterion of a unit (an AAV report, a verification visit): what it
    is, the day, the document it rests on and who assessed it; the writer is kept as `recorded_by`."""
    if not policy_for(UnitReadinessEvidence).allows(actor, "create"):
        raise NotPermitted()
    check_no_write_up(actor, marking)
    if not unit.table_posts.exists():
        raise ServiceError(_("This unit has no table of organisation."), field="unit")
    if criterion not in PCRSCriterion.values:
        raise ServiceError(_("Choose a PCRS criterion."), field="criterion")
    if outcome not in EvidenceOutcome.values:
        raise ServiceError(_("Choose met or not met."), field="outcome")
    if on > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field="on")
    if not evidence.strip():
        raise ServiceError(_("Say what the evidence is."), field="evidence")
    if len(reference.strip()) > 200:
        raise ServiceError(_("The reference is longer than 200 characters."), field="reference")
    if len(assessed_by.strip()) > 200:
        raise ServiceError(_("“Assessed by” is longer than 200 characters."), field="assessed_by")
    item = UnitReadinessEvidence(unit=unit, criterion=criterion, outcome=outcome, on=on, evidence=evidence.strip(),
                                 reference=reference.strip(), assessed_by=assessed_by.strip(),
                                 recorded_by_id=actor.user_id)
    apply_marking(item, marking)
    item.save(force_insert=True)
    record(actor=actor, action="readiness.unit_evidence.create", target=item,
           changes={"unit": unit.code, "criterion": criterion, "outcome": outcome, "on": on.isoformat(),
                    "reference": item.reference, "assessed_by": item.assessed_by, "marking": item.marking_dict()})
    return item
