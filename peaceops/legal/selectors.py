"""Reads in legal, always through the actor's visibility (the policies start every query)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for

from . import compliance, discipline
from .models import CaseTransition, ComplianceRecord, DisciplineCase, Instrument


def instrument_list(*, actor: Actor) -> QuerySet[Instrument]:
    return policy_for(Instrument).scope(actor, "view").select_related("mission", "unit", "rotation", "owning_agency")


def instrument_get(*, actor: Actor, pk) -> Instrument:
    return get_object_or_404(instrument_list(actor=actor), pk=pk)


def case_list(*, actor: Actor) -> QuerySet[DisciplineCase]:
    return policy_for(DisciplineCase).scope(actor, "view").select_related("mission", "rotation", "person",
                                                                          "owning_agency")


def case_get(*, actor: Actor, pk) -> DisciplineCase:
    return get_object_or_404(case_list(actor=actor), pk=pk)


def case_transitions(*, case: DisciplineCase) -> list[CaseTransition]:
    return list(CaseTransition.objects.filter(case=case).order_by("created_at", "id"))


def case_steps(*, actor: Actor, case: DisciplineCase) -> list[discipline.Step]:
    if not policy_for(DisciplineCase).allows(actor, "change", case):
        return []
    return discipline.available(case.status)


def instrument_documents(*, actor: Actor, instrument: Instrument) -> list:
    """Documents the actor may see, linked to the instrument (documents.Link)."""
    from django.contrib.contenttypes.models import ContentType

    from peaceops.documents.models import Document, Link

    content_type = ContentType.objects.get_for_model(Instrument)
    visible = policy_for(Document).scope(actor, "view")
    links = (Link.objects.filter(target_type=content_type, target_id=str(instrument.pk), document__in=visible)
             .select_related("document").order_by("created_at"))
    return [link.document for link in links]


@dataclass
class RotationChecklist:
    rotation: object
    rows: list[compliance.Row]
    instruments: dict  # reference → Instrument (visible ones)

    @property
    def ok(self) -> bool:
        return all(row.ok for row in self.rows)

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.ok)


def rotation_list(*, actor: Actor):
    from peaceops.missions.models import Rotation

    return policy_for(Rotation).scope(actor, "view").select_related("mission", "unit")


def compliance_for(*, actor: Actor, rotations) -> list[RotationChecklist]:
    """The checklist of each rotation, from the instruments the actor may see and the recorded items.

    An instrument the actor may not see counts as absent for them (the item shows red, never a hint).
    """
    rotations = list(rotations)
    if not rotations:
        return []
    instruments = list(instrument_list(actor=actor).exclude(kind="partner_agreement"))
    facts = [compliance.InstrumentFacts(i.pk, i.reference, i.kind, i.status, i.mission_id, i.unit_id, i.rotation_id,
                                        i.in_force_on, i.expires_on) for i in instruments]
    by_reference = {i.reference: i for i in instruments}
    records: dict = {}
    for record in ComplianceRecord.objects.filter(rotation__in=[r.pk for r in rotations]).order_by("done_on"):
        records.setdefault(record.rotation_id, []).append(compliance.Record(record.item, record.done_on,
                                                                            record.evidence))
    result = []
    for rotation in rotations:
        rotation_facts = compliance.RotationFacts(rotation.pk, rotation.mission_id, rotation.unit_id,
                                                  rotation.start_date, rotation.end_date)
        rows = compliance.checklist(rotation_facts, facts, records.get(rotation.pk, []))
        result.append(RotationChecklist(rotation, rows, by_reference))
    return result
