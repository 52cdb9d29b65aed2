"""The readiness dashboard's figures: eligible people per post type (one eligibility matrix), records
expiring soon (only those the reader may see), and women's share of the eligible per UN category
against the gender-parity targets (reference/gender_parity.json; unverified figures flagged)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db.models import Count
from django.utils.translation import get_language

from peaceops.access.actor import Actor
from peaceops.people.models import Person

from . import eligibility as engine
from . import selectors
from .matrix import eligibility_matrix
from .models import Qualification, QualificationType

EXPIRY_DAYS = 90
EXPIRY_LIST = 50
PARITY_FILE = Path(__file__).resolve().parent / "reference" / "gender_parity.json"


@cache
def parity_reference() -> dict:
    return json.loads(PARITY_FILE.read_text(encoding="utf-8"))


@dataclass
class PostRow:
    code: str
    name: str
    category: str
    eligible: int
    women: int
    has_rules: bool


@dataclass
class CategoryShare:
    code: str
    label: str
    eligible: int
    women: int
    target_2028: float
    verified: bool

    @property
    def share(self) -> float | None:
        return round(100 * self.women / self.eligible, 1) if self.eligible else None


@dataclass
class Dashboard:
    tour: engine.Tour
    posts: list[PostRow]
    categories: list[CategoryShare]
    expiring: list[Qualification]
    expiring_count: int
    expiring_by_type: list[tuple[str, str, int]]
    hidden: set[str] = field(default_factory=set)
    unverified_yearly: list[dict] = field(default_factory=list)
    verified_interim: list[dict] = field(default_factory=list)

    def chart(self) -> dict:
        return {
            "posts": {"labels": [p.code for p in self.posts], "eligible": [p.eligible for p in self.posts],
                      "women": [p.women for p in self.posts]},
            "parity": {"labels": [c.label for c in self.categories],
                       "share": [c.share for c in self.categories],
                       "target": [c.target_2028 for c in self.categories]},
            "expiring": {"labels": [code for code, _n, _c in self.expiring_by_type],
                         "count": [count for _code, _n, count in self.expiring_by_type]},
        }


def expiring_records(*, actor: Actor, today: dt.date, days: int = EXPIRY_DAYS):
    """Records the reader may see, of people the reader may see, whose validity ends within `days`.

    "Of any type" is spelled out so that SQLite reads the few records of the window from the (type,
    valid until) index instead of every visible person's records (the first page: 2.5 → 1.1 s of CPU at
    200,000 people)."""
    return (Qualification.objects.visible_to(actor)
            .filter(type__in=QualificationType.objects.values("pk"),
                    valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=days),
                    person__in=Person.objects.visible_to(actor).values("pk")))


def dashboard(*, actor: Actor, today: dt.date) -> Dashboard:
    """The figures in a fixed number of queries: one eligibility matrix (readiness/matrix.py, by gender)
    gives every post type's eligible people and women, and each UN category's people eligible for at
    least one of its post types (each counted once), whatever the number of people or post types."""
    tour = selectors.default_tour(today)
    post_types = list(selectors.post_type_list(actor=actor))
    matrix = eligibility_matrix(actor=actor, tour=tour, post_types=post_types, by_gender=True)
    rows = {row.post_type.code: row for row in matrix.rows}
    posts, codes_by_category, hidden = [], {}, set()
    for post_type in post_types:
        row = rows.get(post_type.code)
        if row is not None:
            hidden |= row.hidden
        posts.append(PostRow(post_type.code, post_type.name, post_type.category, row.eligible if row else 0,
                             row.women if row else 0, row is not None))
        codes_by_category.setdefault(post_type.category, []).append(post_type.code)
    reference = parity_reference()
    vietnamese = (get_language() or "vi")[:2] == "vi"
    categories = []
    for entry in reference["categories"]:
        codes = [code for category in entry["post_categories"] for code in codes_by_category.get(category, ())]
        eligible, women = matrix.eligible_in_any(codes)
        categories.append(CategoryShare(
            entry["code"], entry["label_vi"] if vietnamese else entry["label_en"], eligible, women,
            entry["target_2028"], entry["verified_2028"]))
    expiring = expiring_records(actor=actor, today=today)
    by_type = list(expiring.order_by().values("type__code", "type__name_en").annotate(n=Count("pk"))
                   .values_list("type__code", "type__name_en", "n").order_by("type__code"))
    return Dashboard(
        tour=tour, posts=posts, categories=categories,
        expiring=list(expiring.select_related("person", "type").order_by("valid_until", "person__search_name", "pk")
                      [:EXPIRY_LIST]),
        expiring_count=sum(n for _c, _n, n in by_type), expiring_by_type=by_type, hidden=hidden,
        unverified_yearly=reference["unverified_yearly"], verified_interim=reference["verified_interim"])
