"""Who may do what in legal. Discipline cases are in the DISCIPLINE compartment: an actor without it sees
none of them, nor their transitions, anywhere."""

from peaceops.access.policies import ClassifiedPolicy, Policy, register

from .models import CaseTransition, ComplianceRecord, DisciplineCase, Instrument

LEGAL_WRITERS = frozenset({"admin", "legal"})
COMPLIANCE_WRITERS = LEGAL_WRITERS | {"planner", "training"}


@register(Instrument)
class InstrumentPolicy(ClassifiedPolicy):
    roles = {"create": LEGAL_WRITERS, "change": LEGAL_WRITERS, "export": LEGAL_WRITERS | {"auditor", "planner"},
             "downgrade": frozenset({"declassifier"})}


@register(DisciplineCase)
class DisciplineCasePolicy(ClassifiedPolicy):
    roles = {"create": LEGAL_WRITERS, "change": LEGAL_WRITERS, "export": LEGAL_WRITERS | {"auditor"},
             "downgrade": frozenset({"declassifier"})}


@register(CaseTransition)
class CaseTransitionPolicy(Policy):
    """Visible when the case is; written only by the legal services."""

    def base_queryset(self, actor):
        return CaseTransition.objects.filter(case__in=DisciplineCase.objects.visible_to(actor))


@register(ComplianceRecord)
class ComplianceRecordPolicy(Policy):
    """Rotations are not classified; neither is the fact that a briefing or insurance is done."""

    roles = {"create": COMPLIANCE_WRITERS, "change": COMPLIANCE_WRITERS}
