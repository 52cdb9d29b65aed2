"""The gap view: readiness shortfalls beside the open offers that could close them.

Two sources, both read through readiness's public functions and the reader's visibility:

- **people short of a qualification**: the eligibility matrix (readiness/matrix.py) counts, set-wise,
  per post type and per check how many of the people the reader may see fail it. Every check that
  reads a qualification (English, courses and certificates, medical fitness, vetting) is a shortfall
  of that qualification at the rule's level; "first blocker" is how many fail it first (they pass
  every check before it). Counts only: a check whose records the reader may not read shows its count
  (an outcome) and is marked hidden, as on the matrix page;
- **units short of a skill**: unit readiness (readiness/units.py) per unit with a table of
  organisation — each line's posts that no eligible member can fill, with what the line's members
  lack first.

Matching is pure (partners/matching.py). Offers are open (status open, last day today or later).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from peaceops.access.actor import Actor

from . import matching, selectors
from .models import Offer
from .services import level_rank

SHOWN_OFFERS = 2  # per shortfall on the page; the rest fold away


def available(offer: Offer) -> int:
    return max(offer.quantity - (getattr(offer, "requested", 0) or 0), 0)


@dataclass
class Gap:
    kind: str  # "people" | "unit"
    post_type: object  # readiness.PostType
    short: int
    offers: list[Offer] = field(default_factory=list)
    check: str = ""
    label: str = ""
    requirement: str = ""
    qualification_type: str = ""
    min_level: str = ""
    first: int = 0
    hidden: bool = False
    unit: object = None  # org.Unit
    post_code: str = ""
    post_title: str = ""
    posts: int = 0
    lacking: list[str] = field(default_factory=list)

    @property
    def offered(self) -> int:
        """What the matching offers still hold: their quantity less the open requests the reader may see."""
        return sum(available(offer) for offer in self.offers)

    @property
    def shown_offers(self) -> list[Offer]:
        return self.offers[:SHOWN_OFFERS]

    @property
    def more_offers(self) -> list[Offer]:
        return self.offers[SHOWN_OFFERS:]

    @property
    def covered(self) -> int:
        return min(self.short, self.offered)

    @property
    def remaining(self) -> int:
        return self.short - self.covered

    @property
    def key(self) -> str:
        if self.kind == "unit":
            return f"unit:{self.unit.code}:{self.post_code}"
        return f"people:{self.post_type.code}:{self.check}"


@dataclass
class GapReport:
    tour: object  # readiness.eligibility.Tour
    seen: int
    people: list[Gap]
    units: list[Gap]
    open_offers: list[Offer]

    @property
    def people_matched(self) -> list[Gap]:
        return [g for g in self.people if g.offers]

    @property
    def people_unmatched(self) -> list[Gap]:
        return [g for g in self.people if not g.offers]

    @property
    def units_matched(self) -> list[Gap]:
        return [g for g in self.units if g.offers]

    @property
    def units_unmatched(self) -> list[Gap]:
        return [g for g in self.units if not g.offers]

    @property
    def matched(self) -> list[Gap]:
        return [g for g in self.people + self.units if g.offers]

    @property
    def unmatched(self) -> list[Gap]:
        return [g for g in self.people + self.units if not g.offers]


def _facts(offer: Offer) -> matching.OfferFacts:
    return matching.OfferFacts(
        id=offer.pk, quantity=offer.quantity,
        post_type=offer.post_type.code if offer.post_type_id else None,
        qualification_type=offer.qualification_type.code if offer.qualification_type_id else None,
        level_rank=level_rank(offer.qualification_type, offer.level) if offer.level else None)


def _requirement(rules, check: str) -> matching.Requirement | None:
    requirement = rules.requirement_for(check)
    if requirement is None:
        return None
    return matching.Requirement(requirement.type_code, requirement.min_rank, requirement.min_level)


def _matched(need, offers: list[Offer], facts: dict) -> list[Offer]:
    """The offers that answer the need, closest first: those naming the post type, then the lowest level
    that is enough, then the most places still held."""
    chosen = {f.id for f in matching.matching(need, facts.values())}
    return sorted((offer for offer in offers if offer.pk in chosen),
                  key=lambda o: (o.post_type_id is None, facts[o.pk].level_rank or 0, -available(o), o.title))


def people_gaps(*, actor: Actor, tour, offers: list[Offer], post_types: list | None = None) -> tuple[int, list[Gap]]:
    """(people the reader may see, one gap per post type × qualification check that some of them fail)."""
    from peaceops.readiness import wording
    from peaceops.readiness.matrix import eligibility_matrix

    matrix = eligibility_matrix(actor=actor, tour=tour, post_types=post_types)
    facts = {offer.pk: _facts(offer) for offer in offers}
    gaps = []
    for row in matrix.rows:
        rules = row.rules
        first = dict(row.first_failing)
        for check, count in row.fails:
            requirement = _requirement(rules.rules, check)
            if requirement is None or not count:
                continue
            need = matching.PeopleNeed(row.post_type.code, requirement, count)
            gaps.append(Gap(kind="people", post_type=row.post_type, short=count, check=check,
                            label=wording.check_label(check, rules.types, rules.rules),
                            requirement=wording.requirement_text(check, rules.rules, tour, rules.types),
                            qualification_type=requirement.qualification_type, min_level=requirement.min_level,
                            first=first.get(check, 0), hidden=check in row.hidden,
                            offers=_matched(need, offers, facts)))
    return matrix.seen, gaps


def unit_gaps(*, actor: Actor, tour, offers: list[Offer], today: dt.date | None = None) -> list[Gap]:
    """One gap per table-of-organisation line with posts no eligible member can fill, per unit."""
    from peaceops.readiness import wording
    from peaceops.readiness.selectors import qualification_types, rules_in_force
    from peaceops.readiness.units import unit_list, unit_readiness

    facts = {offer.pk: _facts(offer) for offer in offers}
    types = qualification_types()
    gaps = []
    for unit in unit_list(actor=actor):
        readiness = unit_readiness(actor=actor, unit=unit, tour=tour, today=today)
        lines = readiness.gaps
        in_force = rules_in_force(post_types=[line.post_type for line in lines], on=tour.start, types=types)
        for line in lines:
            rules = in_force.get(line.post_type.code)
            lacking, labels = [], []
            for check, count in line.reasons:
                if rules is None:
                    continue
                labels.append(f"{wording.check_label(check, types, rules.rules)} ({count})")
                requirement = _requirement(rules.rules, check)
                if requirement is not None:
                    lacking.append(requirement)
            need = matching.UnitNeed(line.post_type.code, line.gap, tuple(lacking))
            gaps.append(Gap(kind="unit", post_type=line.post_type, short=line.gap, unit=unit,
                            post_code=line.post_code, post_title=line.title, posts=line.count, lacking=labels,
                            offers=_matched(need, offers, facts)))
    return gaps


def gap_report(*, actor: Actor, tour, today: dt.date | None = None, post_type: str = "") -> GapReport:
    """Everything the gap view shows, for this reader and tour (one post type's when `post_type` is given).
    People's shortfalls come first-blocker first (the candidates a requirement alone holds back), then
    by how many fall short; units' by unfilled posts."""
    today = today or timezone.localdate()
    offers = list(selectors.open_offers(actor=actor, today=today).order_by("available_until", "title"))
    chosen = None
    if post_type:
        from peaceops.readiness.selectors import post_type_list

        chosen = list(post_type_list(actor=actor).filter(code=post_type))
    seen, people = people_gaps(actor=actor, tour=tour, offers=offers, post_types=chosen)
    units = unit_gaps(actor=actor, tour=tour, offers=offers, today=today)
    if post_type:
        units = [g for g in units if g.post_type.code == post_type]
    return GapReport(
        tour=tour, seen=seen, open_offers=offers,
        people=sorted(people, key=lambda g: (-g.first, -g.short, g.post_type.sort_order, g.key)),
        units=sorted(units, key=lambda g: (-g.short, g.unit.code, g.post_code)))


def gap_dict(gap: Gap) -> dict:
    """One gap as the API and the CLI show it."""
    body = {"key": gap.key, "kind": gap.kind, "post_type": gap.post_type.code, "post_type_name": gap.post_type.name,
            "short": gap.short, "offered": gap.offered, "covered": gap.covered, "remaining": gap.remaining,
            "offers": [{"id": str(o.pk), "title": o.title, "partner": o.partner.code, "quantity": o.quantity,
                        "requested": getattr(o, "requested", 0), "available": available(o), "unit_label": o.unit_label,
                        "available_until": o.available_until.isoformat(), "fictional": o.partner.fictional}
                       for o in gap.offers]}
    if gap.kind == "people":
        body.update(check=gap.check, label=str(gap.label), requirement=str(gap.requirement),
                    qualification_type=gap.qualification_type, min_level=gap.min_level, fails_first=gap.first,
                    hidden=gap.hidden)
    else:
        body.update(unit=gap.unit.code, post_code=gap.post_code, post_title=gap.post_title, posts=gap.posts,
                    lacking=gap.lacking)
    return body


def report_dict(report: GapReport) -> dict:
    return {"tour": {"start": report.tour.start.isoformat(), "end": report.tour.end.isoformat()},
            "people_seen": report.seen, "open_offers": len(report.open_offers),
            "people": [gap_dict(g) for g in report.people], "units": [gap_dict(g) for g in report.units]}
