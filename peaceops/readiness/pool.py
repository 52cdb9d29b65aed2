"""A post type's eligible pool: who the reader may see and may send, and why the others may not.

Set-wise, in a fixed number of queries whatever the number of people or the page size:

1. one GROUP BY over the people the reader may see, labelling each with its first failing check as
   a CASE over the same checks, in the same order and with the same cut-off dates as the engine
   (rank window, birth and service cut-offs, "a record of this type at this level valid through
   that day", passport valid until). Every check but the rest between tours is exact in SQL, so
   the counts are the engine's counts;
2. the people who pass every SQL check (the candidates), with their display columns;
3. their qualifications (of the required types) and passports, and their last tours (a provider);
4. the engine on the candidates only: it confirms each and applies the rest rule.

People are read through the reader's visibility; their records are read unrestricted (the verdict
must not depend on the reader), and the pool never shows those records' content.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Value, When

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for
from peaceops.people.choices import Rank
from peaceops.people.models import Passport, Person

from . import eligibility as engine
from .models import Qualification, ServiceRecord
from .providers import last_tour_end
from .selectors import Rules, _assemble, _qualifications

ID_CHUNK = 900  # below SQLite's 999 parameters a statement

PERSON_COLUMNS = ("id", "rank", "date_of_birth", "family_name", "middle_name", "given_name", "service",
                  "service_number", "gender", "search_name", "unit__code", "level", "compartment_mask",
                  "declassify_on", "downgrade_level")


@dataclass
class Pool:
    rules: Rules
    tour: engine.Tour
    eligible: list[Person]  # in name order
    failing: list[tuple[str, int]]  # (first failing check, how many), in check order
    hidden: set[str] = field(default_factory=set)  # checks whose details the reader may not see

    @property
    def eligible_count(self) -> int:
        return len(self.eligible)

    @property
    def not_eligible_count(self) -> int:
        return sum(n for _c, n in self.failing)

    @property
    def seen_count(self) -> int:
        return self.eligible_count + self.not_eligible_count


def fails(check: str, rules: Rules, tour: engine.Tour):
    """The SQL condition "this person fails `check`" (None for a check the engine alone decides)."""
    rule = rules.rules
    if check == engine.RANK:
        return ~Q(rank__in=engine.rank_window(rule, Rank.values))
    if check == engine.SERVICE:
        cutoff = engine.service_cutoff(rule, tour)
        return ~Exists(ServiceRecord.objects.filter(person=OuterRef("pk"), service_start__lte=cutoff))
    if check == engine.AGE:
        latest, after = engine.birth_cutoffs(rule, tour)
        too_young = Q(date_of_birth__gt=latest) if latest is not None else None
        too_old = Q(date_of_birth__lte=after) if after is not None else None
        if too_young is not None and too_old is not None:
            return too_young | too_old
        return too_young if too_young is not None else too_old
    if check == engine.PASSPORT:
        needed = engine.passport_needed_until(rule, tour)
        return ~Exists(Passport.objects.unrestricted().filter(person=OuterRef("pk"), expires_on__gte=needed))
    if check == engine.REST:
        return None
    requirement = rule.requirement_for(check)
    qualification_type = rules.types.get(requirement.type_code)
    if qualification_type is None:
        return Q(pk__isnull=False)  # a type that does not exist: nobody can hold it
    day = tour.day(requirement.valid_through)
    return ~Exists(Qualification.objects.unrestricted().filter(
        person=OuterRef("pk"), type_id=qualification_type.pk, result_rank__gte=requirement.min_rank,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day)))


def eligible_pool(*, actor: Actor, rules: Rules, tour: engine.Tour) -> Pool:
    """The pool of one post type for one tour, as this reader may see it (see the module doc)."""
    # PostgreSQL: the CASE of hashed subplans is estimated so dear that PostgreSQL JIT-compiles it, which
    # costs more (≈0.8 s at 200,000 people) than the query itself; `statement_settings` turns JIT off for
    # its transaction. SQLite: no transaction, which would take the write lock (see statement_settings).
    from .matrix import statement_settings

    with statement_settings():
        return _eligible_pool(actor, rules, tour)


def _eligible_pool(actor: Actor, rules: Rules, tour: engine.Tour) -> Pool:
    people = policy_for(Person).scope(actor, "view")
    conditions = [(check, fails(check, rules, tour)) for check in rules.rules.checks()]
    conditions = [(check, condition) for check, condition in conditions if condition is not None]
    failing: Counter = Counter()
    if conditions:
        first = Case(*[When(condition, then=Value(check)) for check, condition in conditions],
                     default=Value(""), output_field=CharField())
        for check, count in (people.annotate(first_failing=first).order_by().values("first_failing")
                             .annotate(n=Count("pk")).values_list("first_failing", "n")):
            if check:
                failing[check] += count
    candidates_qs = people
    for _check, condition in conditions:
        candidates_qs = candidates_qs.exclude(condition)
    candidates = list(candidates_qs.select_related("unit").only(*PERSON_COLUMNS)
                      .annotate(service_start=F("service_record__service_start")).order_by("search_name", "pk"))
    type_ids = [rules.types[code].pk for code in _required_codes(rules) if code in rules.types]
    # The candidates' ids as a list, in chunks: re-running the prefilter as a subquery costs as much
    # as the prefilter itself. Candidates are few (they pass every SQL check), so this is one query
    # per table up to ID_CHUNK candidates.
    ids = [p.pk for p in candidates]
    qualification_rows, passports = [], []
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start:start + ID_CHUNK]
        qualification_rows += list(_qualifications(
            Qualification.objects.unrestricted().filter(person_id__in=chunk), type_ids))
        passports += list(Passport.objects.unrestricted().filter(person_id__in=chunk)
                          .values_list("person_id", "expires_on"))
    facts = _assemble(
        candidates, {p.pk: p.service_start for p in candidates}, qualification_rows, passports,
        last_tour_end(ids) if engine.REST in rules.rules.checks() else {},
    )
    eligible = []
    for person in candidates:
        verdict = engine.evaluate(facts[person.pk], rules.rules, tour, rank_order=Rank.values)
        if verdict.eligible:
            eligible.append(person)
        else:
            failing[verdict.first_failing] += 1
    order = {check: index for index, check in enumerate(rules.rules.checks())}
    return Pool(rules=rules, tour=tour, eligible=eligible,
                failing=sorted(failing.items(), key=lambda item: order.get(item[0], len(order))),
                hidden=rules.hidden_for(actor))


def _required_codes(rules: Rules) -> list[str]:
    rule = rules.rules
    return [r.type_code for r in (rule.english, *rule.qualifications, rule.medical, rule.vetting) if r]
