from peaceops.access.policies import ClassifiedPolicy, Policy, register

from .models import LanguageSkill, NextOfKin, Passport, Person

PERSONNEL_WRITERS = frozenset({"admin", "personnel", "planner"})


@register(Person)
class PersonPolicy(ClassifiedPolicy):
    roles = {
        "create": PERSONNEL_WRITERS,
        "change": PERSONNEL_WRITERS,
        "delete": frozenset({"admin"}),
        "export": PERSONNEL_WRITERS | {"auditor", "medical"},
        "import": PERSONNEL_WRITERS,
        "downgrade": frozenset({"declassifier"}),
    }


@register(Passport)
class PassportPolicy(ClassifiedPolicy):
    roles = {"create": PERSONNEL_WRITERS, "change": PERSONNEL_WRITERS, "downgrade": frozenset({"declassifier"})}


@register(NextOfKin)
class NextOfKinPolicy(ClassifiedPolicy):
    roles = {"create": PERSONNEL_WRITERS, "change": PERSONNEL_WRITERS, "downgrade": frozenset({"declassifier"})}


@register(LanguageSkill)
class LanguageSkillPolicy(Policy):
    """A language skill is seen with its person and only then."""

    roles = {"create": PERSONNEL_WRITERS, "change": PERSONNEL_WRITERS, "delete": PERSONNEL_WRITERS}

    def base_queryset(self, actor):
        return LanguageSkill.objects.filter(person__in=Person.objects.visible_to(actor).values("pk"))
