"""Reads for readiness: rule sets, a person's facts and verdicts, redacted for the reader.

The verdict is the same for every reader who may see the person: it is computed from all of the
person's records (the engine reads them unrestricted, for people the reader may see and no one
else). What a reader may not see is the content of the records behind a check: when the reader
lacks the compartment of the records a check reads (MEDICAL for medical fitness, PERSONAL-DATA
for vetting and passports), or when any one of those records is above them, the check shows its
outcome and "not visible to you" instead of dates, levels, or whether a record exists at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for
from peaceops.people.choices import Rank
from peaceops.people.models import Passport, Person

from . import eligibility as engine
from .models import EligibilityRuleSet, PostType, Qualification, QualificationType, ServiceRecord
from .providers import last_tour_end

# Passports carry PERSONAL-DATA by default (people.Passport): a reader without it never sees their dates.
PASSPORT_COMPARTMENT = "PERSONAL-DATA"
DEFAULT_TOUR_MONTHS = 12  # national policy choice, as in reference/eligibility_rules.json "defaults"
DEFAULT_LEAD_MONTHS = 3


def post_type_list(*, actor: Actor) -> QuerySet[PostType]:
    return policy_for(PostType).scope(actor, "view")


def post_type_get(*, actor: Actor, code: str) -> PostType:
    return get_object_or_404(post_type_list(actor=actor), code=code)


def default_tour(today: dt.date) -> engine.Tour:
    """The window shown when none is given: a 12-month tour from the first of the month 3 months ahead."""
    start = engine.add_months(today.replace(day=1), DEFAULT_LEAD_MONTHS)
    return engine.Tour(start, engine.add_months(start, DEFAULT_TOUR_MONTHS) - dt.timedelta(days=1))


@dataclass(frozen=True)
class Rules:
    """A rule set in force, parsed, with what the wording and the redaction need."""

    rule_set: EligibilityRuleSet
    rules: engine.RuleSet
    types: dict[str, QualificationType]

    @property
    def post_type(self) -> PostType:
        return self.rule_set.post_type

    def type_ids(self) -> dict[str, object]:
        return {code: t.pk for code, t in self.types.items()}

    def check_compartment(self, check: str) -> str | None:
        """The compartment the records behind a check carry (None: no compartment)."""
        if check == engine.PASSPORT:
            return PASSPORT_COMPARTMENT
        requirement = self.rules.requirement_for(check)
        if requirement is None:
            return None
        qualification_type = self.types.get(requirement.type_code)
        return qualification_type.compartment_id if qualification_type else None

    def hidden_for(self, actor: Actor) -> set[str]:
        """Checks whose records' compartment the reader does not hold."""
        if actor.is_system:
            return set()
        return {c for c in self.rules.checks() if (comp := self.check_compartment(c)) and comp not in actor.compartments}


def qualification_types() -> dict[str, QualificationType]:
    return {t.code: t for t in QualificationType.objects.all()}


def rules_in_force(*, post_types: list[PostType], on: dt.date,
                   types: dict[str, QualificationType] | None = None) -> dict[str, Rules]:
    """{post type code: the rule set in force on `on`} in one query (post types without one are left out)."""
    types = qualification_types() if types is None else types
    scales = {code: t.scale for code, t in types.items()}
    chosen: dict[str, EligibilityRuleSet] = {}
    rows = (EligibilityRuleSet.objects.filter(post_type__in=post_types, valid_from__lte=on)
            .select_related("post_type").order_by("post_type_id", "-version"))
    for rule_set in rows:
        chosen.setdefault(rule_set.post_type.code, rule_set)
    return {code: Rules(rs, engine.RuleSet.from_json(code, rs.version, rs.rules, scales=scales), types)
            for code, rs in chosen.items()}


def facts_for(people: list[Person], *, type_ids: list | None = None) -> dict[object, engine.PersonFacts]:
    """The engine's input for these people, in four queries whatever their number: service starts,
    qualifications (of `type_ids`, or all), passports, last tours (a provider; none today).

    Records are read unrestricted: the verdict must not depend on the reader (see the module doc).
    Only call this for people the reader may see.
    """
    ids = [p.pk for p in people]
    starts = dict(ServiceRecord.objects.filter(person_id__in=ids).values_list("person_id", "service_start"))
    return _assemble(people, starts, _qualifications(Qualification.objects.unrestricted().filter(person_id__in=ids),
                                                     type_ids),
                     Passport.objects.unrestricted().filter(person_id__in=ids), last_tour_end(ids))


def _qualifications(queryset, type_ids):
    if type_ids is not None:
        queryset = queryset.filter(type_id__in=type_ids)
    return queryset.values_list("person_id", "type__code", "result_rank", "result", "taken_on", "valid_until", "pk")


def _assemble(people, starts, qualification_rows, passports, last_tours) -> dict[object, engine.PersonFacts]:
    quals: dict[object, list] = {}
    for person_id, code, rank, level, taken_on, valid_until, pk in qualification_rows:
        quals.setdefault(person_id, []).append(engine.QualificationFact(code, rank, level, taken_on, valid_until, pk))
    expiries: dict[object, list] = {}
    rows = passports.values_list("person_id", "expires_on") if hasattr(passports, "values_list") else passports
    for person_id, expires_on in rows:
        expiries.setdefault(person_id, []).append(expires_on)
    return {
        p.pk: engine.PersonFacts(
            person_id=p.pk, rank=p.rank, birth_date=p.date_of_birth, service_start=starts.get(p.pk),
            qualifications=tuple(quals.get(p.pk, ())), passport_expiries=tuple(expiries.get(p.pk, ())),
            last_tour_end=last_tours.get(p.pk))
        for p in people
    }


# -- one person ------------------------------------------------------------------------------------

@dataclass
class PersonReadiness:
    """A person's records the reader may see, and their verdicts for each post type (redacted)."""

    person: Person
    tour: engine.Tour
    verdicts: list[tuple[Rules, engine.Verdict]]
    qualifications: list[Qualification]  # those the reader may see
    passports: list[Passport]  # those the reader may see
    service_start: dt.date | None

    @property
    def shown_records(self) -> list:
        """The records whose content the verdicts may show: they raise the page's marking."""
        return [*self.qualifications, *self.passports]


def person_readiness(*, actor: Actor, person: Person, tour: engine.Tour,
                     post_types: list[PostType] | None = None) -> PersonReadiness:
    """Verdicts for one visible person (all post types, or those given) on one tour.

    Queries: post types, types, rule sets, the four fact reads, visible qualifications and
    visible passports (for the redaction): a fixed number, whatever the post types.
    """
    post_types = list(post_type_list(actor=actor)) if post_types is None else post_types
    types = qualification_types()
    in_force = rules_in_force(post_types=post_types, on=tour.start, types=types)
    facts = facts_for([person])[person.pk]
    visible_quals = list(Qualification.objects.visible_to(actor).filter(person=person).select_related("type"))
    visible_ids = {q.pk for q in visible_quals}
    passports = list(Passport.objects.visible_to(actor).filter(person=person))
    visible_passports = len(passports) == len(facts.passport_expiries)
    verdicts = []
    for post_type in post_types:
        rules = in_force.get(post_type.code)
        if rules is None:
            continue
        verdict = engine.evaluate(facts, rules.rules, tour, rank_order=Rank.values)
        verdicts.append((rules, verdict.redacted(_hidden_checks(actor, rules, facts, visible_ids, visible_passports))))
    return PersonReadiness(person=person, tour=tour, verdicts=verdicts, qualifications=visible_quals,
                           passports=passports,
                           service_start=facts.service_start)


def _hidden_checks(actor, rules: Rules, facts: engine.PersonFacts, visible_ids: set, passports_visible: bool):
    hidden = rules.hidden_for(actor)
    if actor.is_system:
        return hidden
    for check in rules.rules.checks():
        if check == engine.PASSPORT and not passports_visible:
            hidden.add(check)
        requirement = rules.rules.requirement_for(check)
        if requirement and any(q.type_code == requirement.type_code and q.record_id not in visible_ids
                               for q in facts.qualifications):
            hidden.add(check)
    return hidden


def person_verdict(*, actor: Actor, person: Person, post_type: PostType, tour: engine.Tour):
    """(Rules, redacted verdict) for one person and post type, or None when no rule set is in force."""
    readiness = person_readiness(actor=actor, person=person, tour=tour, post_types=[post_type])
    return readiness.verdicts[0] if readiness.verdicts else None


def qualification_list(*, actor: Actor) -> QuerySet[Qualification]:
    return policy_for(Qualification).scope(actor, "view").select_related("type", "person")
