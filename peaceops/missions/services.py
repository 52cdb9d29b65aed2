"""Writes to the missions catalogue. Only the loader writes today; every change is audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted
from peaceops.core.services import service

from . import reference
from .models import Mission, MissionStatus

MISSION_FIELDS = ("source_id", "name", "lead_department", "location", "country", "country_iso3", "region",
                  "longitude", "latitude", "start_date", "end_date", "source_updated")


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    statuses_created: int = 0
    statuses_deleted: int = 0
    changed: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.statuses_created + self.statuses_deleted


def _require(actor: Actor, action: str, model) -> None:
    if not policy_for(model).allows(actor, action):
        raise NotPermitted()


@service
def mission_upsert(*, actor: Actor, acronym: str, values: dict) -> tuple[Mission, str]:
    """Create or update one mission from reference values; returns (mission, "created"|"updated"|"unchanged")."""
    mission = Mission.objects.filter(acronym=acronym).first()
    if mission is None:
        _require(actor, "create", Mission)
        mission = Mission.objects.create(acronym=acronym, **values)
        record(actor=actor, action="missions.mission.create", target=mission, changes={"acronym": acronym, **values})
        return mission, "created"
    changes = {name: [getattr(mission, name), value] for name, value in values.items()
               if getattr(mission, name) != value}
    if not changes:
        return mission, "unchanged"
    _require(actor, "change", Mission)
    for name, (_old, new) in changes.items():
        setattr(mission, name, new)
    mission.version += 1
    mission.save(update_fields=[*changes, "version", "updated_at"])
    record(actor=actor, action="missions.mission.update", target=mission, changes=changes)
    return mission, "updated"


@service
def mission_status_record(*, actor: Actor, mission: Mission, status: str, from_date, source: str) -> tuple[
        MissionStatus, bool]:
    """Add a dated status to a mission's history (or refresh its source); returns (row, created)."""
    row = MissionStatus.objects.filter(mission=mission, status=status, from_date=from_date).first()
    if row is None:
        _require(actor, "create", MissionStatus)
        row = MissionStatus.objects.create(mission=mission, status=status, from_date=from_date, source=source)
        record(actor=actor, action="missions.status.create", target=row,
               changes={"mission": mission.acronym, "status": status, "from_date": from_date, "source": source})
        return row, True
    if row.source != source:
        _require(actor, "change", MissionStatus)
        record(actor=actor, action="missions.status.update", target=row, changes={"source": [row.source, source]})
        row.source = source
        row.version += 1
        row.save(update_fields=["source", "version", "updated_at"])
    return row, False


@service
def mission_status_remove(*, actor: Actor, row: MissionStatus) -> None:
    _require(actor, "delete", MissionStatus)
    record(actor=actor, action="missions.status.delete", target=row,
           changes={"mission": row.mission.acronym, "status": row.status, "from_date": row.from_date})
    row.delete()


@service
def missions_load(*, actor: Actor, progress: Callable[[int, int], None] | None = None) -> LoadReport:
    """Load the shipped catalogue and status history; idempotent (a second run changes nothing)."""
    report = LoadReport()
    rows = reference.missions()
    statuses = reference.statuses()
    total = len(rows) + len(statuses)
    done = 0
    by_acronym = {}
    for row in rows:
        values = {name: getattr(row, name) for name in MISSION_FIELDS}
        mission, outcome = mission_upsert(actor=actor, acronym=row.acronym, values=values)
        by_acronym[row.acronym] = mission
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome != "unchanged":
            report.changed.append(row.acronym)
        done += 1
        if progress:
            progress(done, total)
    wanted = set()
    for status in statuses:
        mission = by_acronym[status.acronym]
        row, created = mission_status_record(actor=actor, mission=mission, status=status.status,
                                             from_date=status.from_date, source=status.source)
        wanted.add(row.pk)
        report.statuses_created += int(created)
        done += 1
        if progress:
            progress(done, total)
    for stale in MissionStatus.objects.filter(mission__in=by_acronym.values()).exclude(pk__in=wanted).select_related(
            "mission"):
        mission_status_remove(actor=actor, row=stale)
        report.statuses_deleted += 1
    return report
