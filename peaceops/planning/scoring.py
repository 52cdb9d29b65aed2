"""The planner's score of a candidate on a post: transparent, small, pure (no Django).

The solver first fills the most posts (each filled post earns FILL_WEIGHT), then maximises the sum of
these scores. Every part is a whole number ≥ 0 and is shown to the user with its weight, so a planner
can see why one candidate ranks above another:

* **qualification surplus** — CEFR levels of English above the post's minimum (at most 3 counted):
  a B2 speaker on a B1 post scores one level;
* **seniority fit** — how close the rank is to the middle of the post's rank window (3 points in the
  middle, one less per rank step away, never below 0); no rank rule: no points;
* **never deployed first** — a person with no earlier tour gets the bonus; others get nothing.

FILL_WEIGHT dwarfs the largest score (3·8 + 3·6 + 25 = 67 < 1000), so no score ever outweighs one more
filled post.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

FILL_WEIGHT = 1000
WEIGHTS = {
    "english_surplus": 8,  # points per CEFR level above the minimum
    "seniority_fit": 6,  # points per fit step (0..3)
    "never_deployed": 25,  # once, for a person with no earlier tour
}
MAX_ENGLISH_SURPLUS = 3
MAX_FIT = 3


@dataclass(frozen=True)
class ScoreInput:
    english_rank: int | None = None  # the person's best valid English result (CEFR rank 1..6)
    english_min_rank: int | None = None  # the post's minimum (None: no English rule)
    rank: str | None = None
    rank_window: Sequence[str] | None = None  # the ranks the post admits, in order (None: no rank rule)
    last_tour_end: dt.date | None = None


def english_surplus(data: ScoreInput) -> int:
    if data.english_rank is None:
        return 0
    floor = data.english_min_rank if data.english_min_rank is not None else data.english_rank
    return max(0, min(MAX_ENGLISH_SURPLUS, data.english_rank - floor))


def seniority_fit(data: ScoreInput) -> int:
    window = list(data.rank_window or ())
    if not window or data.rank not in window:
        return 0
    middle = (len(window) - 1) / 2
    distance = abs(window.index(data.rank) - middle)
    return max(0, MAX_FIT - int(distance + 0.5))


def score(data: ScoreInput) -> tuple[int, dict[str, int]]:
    """(total, {part: points}) for one candidate on one post."""
    parts = {
        "english_surplus": WEIGHTS["english_surplus"] * english_surplus(data),
        "seniority_fit": WEIGHTS["seniority_fit"] * seniority_fit(data),
        "never_deployed": WEIGHTS["never_deployed"] if data.last_tour_end is None else 0,
    }
    return sum(parts.values()), parts


def max_score() -> int:
    return (WEIGHTS["english_surplus"] * MAX_ENGLISH_SURPLUS + WEIGHTS["seniority_fit"] * MAX_FIT
            + WEIGHTS["never_deployed"])
