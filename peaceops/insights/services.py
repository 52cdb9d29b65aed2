"""Loading the UN datasets (the only writer of this app). Idempotent: a file whose sha256 and row
count are already in the database is skipped; a changed file replaces its rows in one transaction.
Every load is audited with its sha256 and cleaning tally."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted
from peaceops.core.services import service

from . import cleaning, reference
from .models import (
    Contribution,
    ContributorMonth,
    Dataset,
    Fatality,
    MissionMonth,
    Ranking,
    YearlyContribution,
)

BATCH = 5000
MODELS = {
    "contributions-gender": Contribution, "contributions-yearly": YearlyContribution,
    "contributor-months": ContributorMonth, "mission-months": MissionMonth, "fatalities": Fatality,
    "ranking": Ranking,
}


@dataclass
class DatasetLoad:
    key: str
    status: str  # "loaded" | "unchanged"
    rows_loaded: int
    seconds: float


def _parse(key: str, data: bytes, countries: cleaning.Countries):
    """(model, records as field dicts, tally) for one dataset."""
    lines = reference.text_lines(data, bom=(key == "ranking"))
    if key == "contributions-gender":
        records, tally = cleaning.gender_contributions(cleaning.read_rows(lines))
        return Contribution, [asdict(r) for r in records], tally
    if key == "contributions-yearly":
        records, tally = cleaning.yearly_contributions(cleaning.read_dicts(lines), countries)
        return YearlyContribution, [asdict(r) for r in records], tally
    if key == "contributor-months":
        records, tally = cleaning.contributor_months(cleaning.read_dicts(lines), countries)
        return ContributorMonth, [{**asdict(r), "total": r.total} for r in records], tally
    if key == "mission-months":
        records, tally = cleaning.mission_months(cleaning.read_dicts(lines))
        return MissionMonth, [asdict(r) for r in records], tally
    if key == "fatalities":
        records, tally = cleaning.fatalities(cleaning.read_dicts(lines))
        return Fatality, [asdict(r) for r in records], tally
    if key == "ranking":
        records, tally = cleaning.ranking(cleaning.read_dicts(lines))
        rows = [{"as_of": r.as_of, "country_iso3": r.iso3, "m49": r.m49, "country_name": r.country, "rank": r.rank,
                 "female": r.female, "male": r.male, "total": r.total} for r in records]
        return Ranking, rows, tally
    raise KeyError(key)


def _require(actor: Actor, action: str) -> None:
    if not policy_for(Dataset).allows(actor, action):
        raise NotPermitted()


@service
def dataset_load(*, actor: Actor, key: str, progress: Callable[[int], None] | None = None,
                 countries: cleaning.Countries | None = None) -> DatasetLoad:
    """Load one shipped dataset; skip it when the same file is already fully loaded."""
    started = time.perf_counter()
    meta = reference.entry(key)
    data = reference.raw_bytes(meta["file"])
    digest = reference.sha256(data)
    existing = Dataset.objects.filter(key=key).first()
    model = MODELS[key]
    if existing is not None and existing.sha256 == digest and model.objects.filter(dataset=existing).count() == (
            existing.cleaning.get("records_stored")):
        # The same file, fully loaded: nothing to do (no parse, no write, no audit row).
        if progress:
            progress(existing.cleaning["records_stored"])
        return DatasetLoad(key, "unchanged", existing.rows_loaded, time.perf_counter() - started)
    countries = countries or cleaning.Countries(reference.countries_rows())
    model, rows, tally = _parse(key, data, countries)
    tally.counts["records_stored"] = len(rows)
    _require(actor, "create" if existing is None else "change")
    values = {
        "title": meta["title"], "file_name": meta["file"], "publisher": meta["publisher"],
        "source_repo": meta["source_repo"], "source_path": meta["source_path"],
        "source_commit": meta["source_commit"], "licence_note": meta["licence_note"], "caveats": meta["caveats"],
        "sha256": digest, "rows_in_file": tally.rows_in_file, "rows_loaded": tally.rows_loaded,
        "cleaning": tally.counts, "loaded_at": timezone.now(),
    }
    with transaction.atomic():
        if existing is None:
            dataset = Dataset.objects.create(key=key, **values)
        else:
            dataset = existing
            model.objects.filter(dataset=dataset).delete()
            for name, value in values.items():
                setattr(dataset, name, value)
            dataset.save()
        for start in range(0, len(rows), BATCH):
            chunk = rows[start:start + BATCH]
            model.objects.bulk_create([model(dataset=dataset, **row) for row in chunk], batch_size=BATCH)
            if progress:
                progress(len(chunk))
        record(actor=actor, action="insights.dataset.load", target=dataset,
               changes={"sha256": digest, "rows_in_file": tally.rows_in_file, "rows_loaded": tally.rows_loaded,
                        "records": len(rows), "cleaning": tally.counts,
                        "expected_sha256": meta["sha256"], "replaced": existing is not None})
    return DatasetLoad(key, "loaded", tally.rows_loaded, time.perf_counter() - started)


def dataset_keys() -> list[str]:
    return [d["key"] for d in reference.manifest()]


@service
def datasets_load(*, actor: Actor, keys: list[str] | None = None,
                  progress: Callable[[str, int], None] | None = None) -> list[DatasetLoad]:
    countries = cleaning.Countries(reference.countries_rows())
    results = []
    for key in keys or dataset_keys():
        step = (lambda n, key=key: progress(key, n)) if progress else None
        results.append(dataset_load(actor=actor, key=key, progress=step, countries=countries))
    return results
