"""Writes to the missions catalogue. Only the loader writes today; every change is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from peaceops.access.actor import Actor
from peaceops.access.marking import Marking, apply_marking
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.core.services import service, update_fields_checked

from . import reference, transitions
from .choices import DeploymentStatus, PCRSLevel, RotationKind, StrengthCategory
from .models import (
    Deployment,
    DeploymentStatusChange,
    Mission,
    MissionStatus,
    Pledge,
    PledgeLevel,
    Requirement,
    Rotation,
    StrengthReturn,
)

CONFIDENTIAL = 1
TEXT_MAX = 4000

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


# -- force generation ----------------------------------------------------------------------------
# Every write checks the policy, validates, writes and audits in one transaction (@service).


def _require_obj(actor: Actor, action: str, model, obj=None) -> None:
    if not policy_for(model).allows(actor, action, obj):
        raise NotPermitted()


def _text(value, *, name: str, limit: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ServiceError(_("This text is too long."), field=name)
    return value


def _dates_in_order(start: dt.date | None, end: dt.date | None, *, field: str = "end_date") -> None:
    if start is None:
        raise ServiceError(_("Give a start date."), field="start_date")
    if end is None:
        raise ServiceError(_("Give an end date."), field="end_date")
    if end < start:
        raise ServiceError(_("The end date is before the start date."), field=field)


def _positive(value, *, name: str, message: str) -> int:
    if value is None or isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ServiceError(message, field=name)
    return value


def _share(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        share = Decimal(str(value))
    except ArithmeticError:
        raise ServiceError(_("The women's share is a number between 0 and 1."), field="women_target") from None
    if not share.is_finite() or share < 0 or share > 1:
        raise ServiceError(_("The women's share is a number between 0 and 1."), field="women_target")
    return share.quantize(Decimal("0.001"))


# -- requirements --------------------------------------------------------------------------------

REQUIREMENT_FIELDS = ("mission", "rotation", "post_type", "count", "place", "start_date", "end_date", "language",
                      "women_target", "notes")


def _requirement_values(values: dict) -> dict:
    clean = dict(values)
    _positive(clean.get("count"), name="count", message=_("The number of posts must be at least one."))
    _dates_in_order(clean.get("start_date"), clean.get("end_date"))
    clean["women_target"] = _share(clean.get("women_target"))
    clean["place"] = _text(clean.get("place"), name="place", limit=120)
    clean["language"] = _text(clean.get("language") or "en", name="language", limit=8)
    clean["notes"] = _text(clean.get("notes"), name="notes")
    rotation = clean.get("rotation")
    if rotation is not None and rotation.mission_id != clean["mission"].pk:
        raise ServiceError(_("The rotation belongs to another mission."), field="rotation")
    return clean


@service
def requirement_create(*, actor: Actor, mission: Mission, post_type, count: int, start_date: dt.date,
                       end_date: dt.date, rotation: Rotation | None = None, place: str = "", language: str = "en",
                       women_target=None, notes: str = "") -> Requirement:
    _require_obj(actor, "create", Requirement)
    values = _requirement_values(dict(mission=mission, rotation=rotation, post_type=post_type, count=count,
                                      place=place, start_date=start_date, end_date=end_date, language=language,
                                      women_target=women_target, notes=notes))
    requirement = Requirement.objects.create(**values)
    record(actor=actor, action="missions.requirement.create", target=requirement,
           changes={"mission": mission.acronym, "post_type": post_type.code, "count": count,
                    "rotation": str(rotation) if rotation else None, "start_date": start_date,
                    "end_date": end_date, "women_target": values["women_target"]})
    return requirement


@service
def requirement_update(*, actor: Actor, requirement: Requirement, expected_version: int | None,
                       **fields) -> Requirement:
    """Edit a requirement; a save based on an older version is refused (StaleEdit)."""
    _require_obj(actor, "change", Requirement, requirement)
    unknown = set(fields) - set(REQUIREMENT_FIELDS) - {"mission"}
    if unknown:
        raise ServiceError(_("Unknown field."), field=sorted(unknown)[0])
    merged = {name: getattr(requirement, name) for name in REQUIREMENT_FIELDS} | fields
    values = _requirement_values(merged)
    if values["count"] < requirement.deployments.filter(status__in=transitions.ACTIVE).count():
        raise ServiceError(_("More people hold these posts than the new number; withdraw some first."),
                           field="count")
    changes = update_fields_checked(requirement, expected_version=expected_version, fields=values)
    if changes:
        record(actor=actor, action="missions.requirement.update", target=requirement,
               changes={k: [str(v[0]) if hasattr(v[0], "pk") else v[0], str(v[1]) if hasattr(v[1], "pk") else v[1]]
                        for k, v in changes.items()})
    return requirement


# -- pledges ------------------------------------------------------------------------------------


@service
def pledge_create(*, actor: Actor, unit, capability: str, personnel: int, mission: Mission | None = None,
                  registered_on: dt.date | None = None, notes: str = "") -> Pledge:
    _require_obj(actor, "create", Pledge)
    capability = _text(capability, name="capability", limit=200)
    if not capability:
        raise ServiceError(_("Say which capability is pledged."), field="capability")
    _positive(personnel, name="personnel", message=_("A pledge has at least one person."))
    pledge = Pledge.objects.create(unit=unit, capability=capability, personnel=personnel, mission=mission,
                                   registered_on=registered_on, notes=_text(notes, name="notes"))
    record(actor=actor, action="missions.pledge.create", target=pledge,
           changes={"unit": unit.code, "capability": capability, "personnel": personnel,
                    "mission": mission.acronym if mission else None, "registered_on": registered_on})
    return pledge


@service
def pledge_level_set(*, actor: Actor, pledge: Pledge, level: str, from_date: dt.date, evidence: str,
                     source: str = "") -> PledgeLevel:
    """Record that `pledge` is at PCRS `level` from `from_date`, with the evidence (an AAV report…)."""
    _require_obj(actor, "change", Pledge, pledge)
    if level not in PCRSLevel.values:
        raise ServiceError(_("Unknown PCRS level."), field="level")
    if from_date is None:
        raise ServiceError(_("Give the date the level applies from."), field="from_date")
    evidence = _text(evidence, name="evidence")
    if not evidence:
        raise ServiceError(_("Say what shows this level (for Level 2, the assessment and advisory visit)."),
                           field="evidence")
    if pledge.registered_on and from_date < pledge.registered_on:
        raise ServiceError(_("A level cannot start before the pledge was registered."), field="from_date")
    if PledgeLevel.objects.filter(pledge=pledge, from_date=from_date).exists():
        raise ServiceError(_("This pledge already has a level on that day."), field="from_date")
    step = PledgeLevel.objects.create(pledge=pledge, level=level, from_date=from_date, evidence=evidence,
                                      source=_text(source, name="source", limit=300))
    Pledge.objects.filter(pk=pledge.pk).update(version=pledge.version + 1)
    pledge.version += 1
    record(actor=actor, action="missions.pledge.level", target=pledge,
           changes={"level": level, "from_date": from_date, "evidence": evidence, "source": step.source})
    return step


# -- rotations ----------------------------------------------------------------------------------

ROTATION_FIELDS = ("mission", "unit", "number", "kind", "start_date", "end_date", "overlap_days", "phased_return",
                   "pledge", "proposal", "notes")


def _phased_return(value) -> list:
    if value in (None, "", []):
        return []
    if not isinstance(value, list) or len(value) > 50:
        raise ServiceError(_("The phased return is a list of groups."), field="phased_return")
    groups = []
    for group in value:
        if not isinstance(group, dict) or set(group) - {"on", "count", "note"}:
            raise ServiceError(_("Each return group has a date and a number of people."), field="phased_return")
        on, count = group.get("on"), group.get("count")
        try:
            on = dt.date.fromisoformat(on) if isinstance(on, str) else on
        except ValueError:
            on = None
        if not isinstance(on, dt.date) or isinstance(count, bool) or not isinstance(count, int) or count <= 0:
            raise ServiceError(_("Each return group has a date and a number of people."), field="phased_return")
        groups.append({"on": on.isoformat(), "count": count, **({"note": str(group["note"])[:200]}
                                                                 if group.get("note") else {})})
    return sorted(groups, key=lambda g: g["on"])


def _rotation_values(values: dict, *, instance: Rotation | None = None) -> dict:
    clean = dict(values)
    if clean.get("kind") not in RotationKind.values:
        raise ServiceError(_("Unknown kind of rotation."), field="kind")
    if clean["kind"] == RotationKind.UNIT and clean.get("unit") is None:
        raise ServiceError(_("A unit rotation names its unit."), field="unit")
    _positive(clean.get("number"), name="number", message=_("Rotations are numbered from 1."))
    _dates_in_order(clean.get("start_date"), clean.get("end_date"))
    overlap = clean.get("overlap_days") or 0
    if isinstance(overlap, bool) or not isinstance(overlap, int) or overlap < 0 or overlap > 365:
        raise ServiceError(_("The handover overlap is between 0 and 365 days."), field="overlap_days")
    clean["overlap_days"] = overlap
    clean["phased_return"] = _phased_return(clean.get("phased_return"))
    clean["notes"] = _text(clean.get("notes"), name="notes")
    pledge = clean.get("pledge")
    if pledge is not None and clean.get("unit") is not None and pledge.unit_id != clean["unit"].pk:
        raise ServiceError(_("The pledge is another unit's."), field="pledge")
    clash = Rotation.objects.filter(mission=clean["mission"], unit=clean.get("unit"), number=clean["number"])
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise ServiceError(_("This rotation number is already used for this unit in this mission."), field="number")
    return clean


@service
def rotation_create(*, actor: Actor, mission: Mission, number: int, start_date: dt.date, end_date: dt.date,
                    unit=None, kind: str | None = None, overlap_days: int = 0, phased_return=None,
                    pledge: Pledge | None = None, proposal=None, notes: str = "") -> Rotation:
    _require_obj(actor, "create", Rotation)
    kind = kind or (RotationKind.UNIT if unit is not None else RotationKind.INDIVIDUAL)
    values = _rotation_values(dict(mission=mission, unit=unit, number=number, kind=kind, start_date=start_date,
                                   end_date=end_date, overlap_days=overlap_days, phased_return=phased_return,
                                   pledge=pledge, proposal=proposal, notes=notes))
    rotation = Rotation.objects.create(**values)
    record(actor=actor, action="missions.rotation.create", target=rotation,
           changes={"rotation": str(rotation), "kind": kind, "start_date": start_date, "end_date": end_date,
                    "overlap_days": values["overlap_days"], "phased_return": values["phased_return"]})
    return rotation


@service
def rotation_update(*, actor: Actor, rotation: Rotation, expected_version: int | None, **fields) -> Rotation:
    """Edit a rotation (dates, overlap, phased return…); a stale save is refused (StaleEdit)."""
    _require_obj(actor, "change", Rotation, rotation)
    unknown = set(fields) - set(ROTATION_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown field."), field=sorted(unknown)[0])
    merged = {name: getattr(rotation, name) for name in ROTATION_FIELDS} | fields
    values = _rotation_values(merged, instance=rotation)
    changes = update_fields_checked(rotation, expected_version=expected_version, fields=values)
    if changes:
        record(actor=actor, action="missions.rotation.update", target=rotation,
               changes={k: [str(v[0]) if hasattr(v[0], "pk") else v[0], str(v[1]) if hasattr(v[1], "pk") else v[1]]
                        for k, v in changes.items()})
    return rotation


# -- deployments --------------------------------------------------------------------------------


def deployment_marking(person, *, level: int = CONFIDENTIAL) -> Marking:
    """A deployment is marked at least CONFIDENTIAL (and never below its person), owned by the person's
    agency and released where the person is: whoever may see the person may see where they serve."""
    return Marking(level=max(level, person.level_id), owning_agency_id=person.owning_agency_id,
                   compartments=(), _releasable_mask=person.releasable_mask)


def _check_slot(requirement: Requirement | None, rotation: Rotation, exclude=None) -> None:
    if requirement is None:
        return
    if requirement.rotation_id not in (None, rotation.pk) or requirement.mission_id != rotation.mission_id:
        raise ServiceError(_("The post belongs to another rotation."), field="requirement")
    held = requirement.deployments.filter(status__in=transitions.ACTIVE)
    if exclude is not None:
        held = held.exclude(pk=exclude.pk)
    if held.count() >= requirement.count:
        raise ServiceError(_("Every post of this requirement is already filled."), field="requirement")


@service
def deployment_create(*, actor: Actor, person, rotation: Rotation, requirement: Requirement | None = None,
                      status: str = DeploymentStatus.NOMINATED, start_date: dt.date, end_date: dt.date,
                      source_plan=None, level: int = CONFIDENTIAL, reason: str = "",
                      on: dt.date | None = None, notes: str = "") -> Deployment:
    """Put `person` on `rotation` (and a requirement's post). Planning calls this when it publishes a plan."""
    from peaceops.people.models import Person

    _require_obj(actor, "create", Deployment)
    if not policy_for(Person).allows(actor, "view", person):
        raise NotPermitted()
    if status not in transitions.ACTIVE:
        raise ServiceError(_("A new deployment starts nominated, accepted, deployed or extended."), field="status")
    _dates_in_order(start_date, end_date)
    marking = deployment_marking(person, level=level)
    if not actor.is_system and marking.level > actor.level:
        raise NotPermitted(_("You cannot mark a record above your own clearance."), field="level")
    if Deployment.objects.unrestricted().filter(person=person, rotation=rotation,
                                                status__in=transitions.ACTIVE).exists():
        raise ServiceError(_("This person already holds a post on this rotation."), field="person")
    _check_slot(requirement, rotation)
    deployment = Deployment(person=person, rotation=rotation, requirement=requirement, status=status,
                            start_date=start_date, end_date=end_date, source_plan=source_plan,
                            notes=_text(notes, name="notes", limit=300))
    apply_marking(deployment, marking)
    try:
        deployment.save(force_insert=True)
    except IntegrityError:  # a concurrent nomination of the same person won the race
        raise ServiceError(_("This person already holds a post on this rotation."), field="person") from None
    DeploymentStatusChange.objects.create(deployment=deployment, from_status="", to_status=status,
                                          on=on or timezone.localdate(),
                                          reason=_text(reason, name="reason"), actor_id=actor.user_id,
                                          actor_label=actor.label[:200])
    record(actor=actor, action="missions.deployment.create", target=deployment,
           changes={"person": str(person.pk), "rotation": str(rotation), "status": status,
                    "requirement": str(requirement.pk) if requirement else None, "start_date": start_date,
                    "end_date": end_date, "source_plan": str(source_plan) if source_plan else None})
    return deployment


def refusal_message(from_status: str, to_status: str) -> str:
    labels = dict(DeploymentStatus.choices)
    allowed = transitions.next_statuses(from_status)
    if not allowed:
        return _("A %(from)s deployment is final; it cannot become %(to)s.") % {
            "from": labels.get(from_status, from_status), "to": labels.get(to_status, to_status)}
    return _("A %(from)s deployment cannot become %(to)s; it can become: %(allowed)s.") % {
        "from": labels.get(from_status, from_status), "to": labels.get(to_status, to_status),
        "allowed": ", ".join(str(labels[s]) for s in allowed)}


@service
def deployment_transition(*, actor: Actor, deployment: Deployment, to_status: str, on: dt.date, reason: str = "",
                          end_date: dt.date | None = None, expected_version: int | None = None) -> Deployment:
    """Move a deployment along the table in transitions.py; a move the table does not allow is refused.

    Extending needs the new end date; repatriation and withdrawal end the tour on `on`."""
    _require_obj(actor, "change", Deployment, deployment)
    if to_status not in DeploymentStatus.values:
        raise ServiceError(_("Unknown deployment status."), field="to_status")
    if on is None:
        raise ServiceError(_("Give the date of the change."), field="on")
    from_status = deployment.status
    if not transitions.allowed(from_status, to_status):
        raise ServiceError(refusal_message(from_status, to_status), field="to_status")
    reason = _text(reason, name="reason")
    fields: dict = {"status": to_status}
    if to_status == DeploymentStatus.EXTENDED:
        if end_date is None or end_date <= deployment.end_date:
            raise ServiceError(_("An extension needs a new end date after the current one."), field="end_date")
        fields["end_date"] = end_date
    elif to_status == DeploymentStatus.DEPLOYED:
        if on > deployment.end_date:
            raise ServiceError(_("The departure date is after the end of the tour."), field="on")
        fields["start_date"] = on
    elif to_status == DeploymentStatus.REPATRIATED:
        if on < deployment.start_date:
            raise ServiceError(_("The return date is before the tour started."), field="on")
        fields["end_date"] = on
    elif to_status == DeploymentStatus.WITHDRAWN and not reason:
        raise ServiceError(_("Say why the person is withdrawn."), field="reason")
    if to_status == DeploymentStatus.WITHDRAWN and on < deployment.start_date:
        fields["end_date"] = max(deployment.start_date, deployment.end_date)
    changes = update_fields_checked(deployment, expected_version=expected_version, fields=fields)
    DeploymentStatusChange.objects.create(deployment=deployment, from_status=from_status, to_status=to_status, on=on,
                                          reason=reason, actor_id=actor.user_id, actor_label=actor.label[:200])
    record(actor=actor, action="missions.deployment.transition", target=deployment, reason=reason,
           changes={**changes, "status": [from_status, to_status], "on": on})
    return deployment


# -- strength returns ---------------------------------------------------------------------------


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


@service
def strength_return_record(*, actor: Actor, mission: Mission, month: dt.date, category: str, gender: str,
                           count: int, notes: str = "") -> tuple[StrengthReturn, str]:
    """Record (or correct) one line of a monthly return; returns (row, "created"|"updated"|"unchanged")."""
    from peaceops.people.choices import Gender

    if category not in StrengthCategory.values:
        raise ServiceError(_("Unknown category."), field="category")
    if gender not in Gender.values:
        raise ServiceError(_("Unknown gender."), field="gender")
    if month is None:
        raise ServiceError(_("Give the month."), field="month")
    if isinstance(count, bool) or not isinstance(count, int) or count < 0 or count > 1_000_000:
        raise ServiceError(_("The number is a whole number, zero or more."), field="count")
    month = first_of_month(month)
    notes = _text(notes, name="notes", limit=300)
    row = StrengthReturn.objects.filter(mission=mission, month=month, category=category, gender=gender).first()
    if row is None:
        _require_obj(actor, "create", StrengthReturn)
        row = StrengthReturn.objects.create(mission=mission, month=month, category=category, gender=gender,
                                            count=count, notes=notes)
        record(actor=actor, action="missions.strength.create", target=row,
               changes={"mission": mission.acronym, "month": month, "category": category, "gender": gender,
                        "count": count})
        return row, "created"
    _require_obj(actor, "change", StrengthReturn, row)
    changes = update_fields_checked(row, expected_version=None, fields={"count": count, "notes": notes})
    if not changes:
        return row, "unchanged"
    record(actor=actor, action="missions.strength.update", target=row, changes=changes)
    return row, "updated"


@dataclass
class StrengthImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    bad_rows: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.bad_rows


@service
def strength_returns_import(*, actor: Actor, text: str, source: str = "") -> StrengthImportReport:
    """Import a CSV of strength-return lines, all or nothing: one bad row and nothing is written."""
    from peaceops.people.choices import Gender

    from . import strength_csv

    _require_obj(actor, "import", StrengthReturn)
    missions = {m.acronym: m for m in Mission.objects.all()}
    lines, bad = strength_csv.parse(text, missions=set(missions), categories=set(StrengthCategory.values),
                                    genders=set(Gender.values))
    report = StrengthImportReport(bad_rows=bad)
    if bad:
        return report
    for line in lines:
        _row, outcome = strength_return_record(actor=actor, mission=missions[line.mission], month=line.month,
                                               category=line.category, gender=line.gender, count=line.count,
                                               notes=line.notes)
        setattr(report, outcome, getattr(report, outcome) + 1)
    record(actor=actor, action="missions.strength.import",
           changes={"source": source[:200], "lines": len(lines), "created": report.created,
                    "updated": report.updated, "unchanged": report.unchanged})
    return report
