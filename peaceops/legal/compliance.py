"""The legal compliance checklist of a rotation (pure: no Django).

Three items are computed from the instruments on file (a national decision in force, the MOU for the
unit and rotation, the SOFA/SOMA of the mission); three are recorded by officers (insurance, rules of
engagement briefed, conduct and discipline training done).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

LEGAL_BASIS, MOU_SIGNED, SOFA_SOMA = "legal_basis", "mou_signed", "sofa_soma"
INSURANCE, ROE_BRIEFED, CONDUCT_TRAINING = "insurance", "roe_briefed", "conduct_training"
ORDER = (LEGAL_BASIS, MOU_SIGNED, SOFA_SOMA, INSURANCE, ROE_BRIEFED, CONDUCT_TRAINING)
COMPUTED = {LEGAL_BASIS: "national_decision", MOU_SIGNED: "mou", SOFA_SOMA: "sofa_soma"}
EFFECTIVE = ("signed", "in_force")


@dataclass(frozen=True)
class RotationFacts:
    id: object
    mission_id: object
    unit_id: object | None
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class InstrumentFacts:
    id: object
    reference: str
    kind: str
    status: str
    mission_id: object | None
    unit_id: object | None
    rotation_id: object | None
    in_force_on: dt.date | None
    expires_on: dt.date | None


@dataclass(frozen=True)
class Record:
    item: str
    done_on: dt.date
    evidence: str


@dataclass(frozen=True)
class Row:
    item: str
    ok: bool
    reason: str  # a key the page translates
    evidence: str  # the instrument reference or the recorded evidence


def covers(instrument: InstrumentFacts, rotation: RotationFacts) -> bool:
    """In force on the rotation's first day and not expiring before its last."""
    if instrument.status not in EFFECTIVE or instrument.in_force_on is None:
        return False
    if instrument.in_force_on > rotation.start:
        return False
    return instrument.expires_on is None or instrument.expires_on >= rotation.end


def applies(instrument: InstrumentFacts, rotation: RotationFacts) -> bool:
    if instrument.kind == "national_decision":
        return instrument.mission_id in (None, rotation.mission_id)
    if instrument.kind == "sofa_soma":
        return instrument.mission_id == rotation.mission_id
    if instrument.kind == "mou":
        if instrument.rotation_id is not None:
            return instrument.rotation_id == rotation.id
        return instrument.mission_id == rotation.mission_id and instrument.unit_id == rotation.unit_id
    return False


def checklist(rotation: RotationFacts, instruments: list[InstrumentFacts], records: list[Record]) -> list[Row]:
    rows = []
    for item in ORDER:
        if item in COMPUTED:
            kind = COMPUTED[item]
            candidates = [i for i in instruments if i.kind == kind and applies(i, rotation)]
            good = sorted((i for i in candidates if covers(i, rotation)), key=lambda i: i.reference)
            if good:
                rows.append(Row(item, True, "in_force", ", ".join(i.reference for i in good)))
            elif candidates:
                rows.append(Row(item, False, "not_in_force_for_rotation",
                                ", ".join(sorted(i.reference for i in candidates))))
            else:
                rows.append(Row(item, False, "no_instrument", ""))
        else:
            found = [r for r in records if r.item == item]
            if found:
                latest = max(found, key=lambda r: r.done_on)
                if latest.done_on <= rotation.start:
                    rows.append(Row(item, True, "recorded", latest.evidence))
                else:
                    rows.append(Row(item, False, "recorded_after_start", latest.evidence))
            else:
                rows.append(Row(item, False, "not_recorded", ""))
    return rows
