"""Which open offers answer which shortfall: pure Python (no Django), tested alone.

Two kinds of shortfall (see partners/shortfalls.py):

- **people short of a qualification** a post type's rules require (post type P, qualification type T,
  lowest level L): an offer answers it when it gives T, brings people to L or higher (an offer that
  states no level answers only a requirement without one), and names no post type or P itself;
- **a unit short of a skill** (a table-of-organisation line of post type P with unfilled posts): an
  offer answers it when it serves P, or when it names no post type and gives a qualification that the
  line's members lack first (at the level the rules ask).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class OfferFacts:
    id: Any
    quantity: int
    post_type: str | None = None  # post type code
    qualification_type: str | None = None  # qualification type code
    level_rank: int | None = None  # rank of the offer's level on the type's scale; None: no level stated


@dataclass(frozen=True)
class Requirement:
    qualification_type: str
    min_rank: int = 1
    min_level: str = ""


@dataclass(frozen=True)
class PeopleNeed:
    post_type: str
    requirement: Requirement
    short: int


@dataclass(frozen=True)
class UnitNeed:
    post_type: str
    short: int
    lacking: tuple[Requirement, ...] = field(default_factory=tuple)


def gives(offer: OfferFacts, requirement: Requirement) -> bool:
    """The offer gives the required qualification at the required level."""
    if offer.qualification_type != requirement.qualification_type:
        return False
    if not requirement.min_level:
        return True
    return offer.level_rank is not None and offer.level_rank >= requirement.min_rank


def answers_people(offer: OfferFacts, need: PeopleNeed) -> bool:
    return gives(offer, need.requirement) and offer.post_type in (None, need.post_type)


def answers_unit(offer: OfferFacts, need: UnitNeed) -> bool:
    if offer.post_type is not None:
        return offer.post_type == need.post_type
    return any(gives(offer, requirement) for requirement in need.lacking)


def matching(need: PeopleNeed | UnitNeed, offers: Iterable[OfferFacts]) -> list[OfferFacts]:
    test = answers_people if isinstance(need, PeopleNeed) else answers_unit
    return [offer for offer in offers if test(offer, need)]


def covered(short: int, offers: Iterable[OfferFacts]) -> int:
    """How much of the shortfall the offers could cover together (never more than the shortfall)."""
    return min(short, sum(offer.quantity for offer in offers))
