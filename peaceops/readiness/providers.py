"""Data that readiness needs from modules that do not exist yet.

`last_tour_end(person_ids)` answers "when did each person's last tour end?" from
missions.Deployment. That app is not built: until it registers a provider, the answer is empty,
so the rest-between-tours rule passes for everyone (the verdict cannot know of earlier tours).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db.models import QuerySet

Provider = Callable[[list], dict]
_providers: list[Provider] = []


def register_last_tour_end(provider: Provider) -> Provider:
    """missions registers `provider(person_ids) -> {person_id: date}` in its AppConfig.ready()."""
    _providers.append(provider)
    return provider


def last_tour_end(person_ids: Iterable) -> dict[object, dt.date]:
    """{person_id: end of their last tour} for the people who have one; {} while no provider exists.

    A provider must answer in a fixed number of queries (one), whatever the number of people.
    """
    # A queryset of ids stays a subquery (the matrix asks for everyone a reader may see at once).
    ids = person_ids if isinstance(person_ids, QuerySet) else list(person_ids)
    answer: dict[object, dt.date] = {}
    if not isinstance(ids, QuerySet) and not ids:
        return answer
    for provider in _providers:
        for person_id, day in provider(ids).items():
            if day is not None and (person_id not in answer or day > answer[person_id]):
                answer[person_id] = day
    return answer
