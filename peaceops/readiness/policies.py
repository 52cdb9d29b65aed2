"""Who may read and write readiness records."""

from peaceops.access.policies import ClassifiedPolicy, Policy, ReferencePolicy, register
from peaceops.people.models import Person

from .models import EligibilityRuleSet, PostType, Qualification, QualificationType, ServiceRecord

# Who files results: personnel officers (tests, courses, vetting), health officers (medical fitness,
# vaccinations), administrators. The marking check does the rest: a medical record needs MEDICAL.
QUALIFICATION_WRITERS = frozenset({"admin", "personnel", "medical"})
POOL_EXPORTERS = frozenset({"admin", "personnel", "planner", "auditor"})


@register(PostType)
class PostTypePolicy(ReferencePolicy):
    """Reference data; exporting a pool of people is a separate right (POOL_EXPORTERS)."""

    roles = {**ReferencePolicy.roles, "export": POOL_EXPORTERS}


@register(QualificationType)
class QualificationTypePolicy(ReferencePolicy):
    pass


@register(EligibilityRuleSet)
class EligibilityRuleSetPolicy(ReferencePolicy):
    pass


@register(Qualification)
class QualificationPolicy(ClassifiedPolicy):
    roles = {"create": QUALIFICATION_WRITERS, "change": QUALIFICATION_WRITERS,
             "downgrade": frozenset({"declassifier"})}


@register(ServiceRecord)
class ServiceRecordPolicy(Policy):
    """Seen with its person and only then; written by those who edit people."""

    roles = {"create": frozenset({"admin", "personnel", "planner"}),
             "change": frozenset({"admin", "personnel", "planner"})}

    def base_queryset(self, actor):
        return ServiceRecord.objects.filter(person__in=Person.objects.visible_to(actor).values("pk"))


from . import training_policies  # noqa: E402,F401  (courses, sessions, enrolments, exercises)
from .unit_models import TablePostType, UnitReadinessEvidence  # noqa: E402

# Who records PCRS evidence for a unit: planners, trainers, liaison with the UN, administrators.
UNIT_EVIDENCE_WRITERS = frozenset({"admin", "planner", "training", "liaison"})


@register(TablePostType)
class TablePostTypePolicy(ReferencePolicy):
    pass


@register(UnitReadinessEvidence)
class UnitReadinessEvidencePolicy(ClassifiedPolicy):
    roles = {"create": UNIT_EVIDENCE_WRITERS, "change": UNIT_EVIDENCE_WRITERS,
             "downgrade": frozenset({"declassifier"})}
