"""The eligibility matrix: every post type × everyone the reader may see, for one tour, set-wise.

One SQL statement computes, for each person, the facts every rule reads (rank, birth date, service
start, for each qualification type and day "the best level of a record valid through that day",
the latest passport expiry), turns them into each post type's first failing check as a CASE over
the same checks, in the same order and with the same cut-off dates as the engine (the pool's
prefilter, readiness/pool.py, is the model), and counts the people per combination of the post
types' verdicts. The database returns a few hundred rows whatever the number of people; Python only
adds them up. The same statement also sums, for every distinct condition, how many people fail it
(a person may fail several rules: the "reasons histogram").

The rest between tours comes from another module (readiness/providers.py): one query answers the
last tour of everyone the reader may see who has one (few people), and a second statement, run
only for those whose rest falls short of some post type's rule, reads their first failing checks
to move them from "eligible" to "rest". So a matrix costs: rule sets, qualification types, the
statement, the last tours, and (only when someone is short of rest) that one correction.

People are read through the reader's visibility; their records are read unrestricted (the verdict
must not depend on the reader), exactly as the pool does: a planner without MEDICAL gets the same
counts as a health officer who sees the same people; `hidden` names the checks whose records the
reader may not read (their counts are outcomes, never record content).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Max, Q, When

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for
from peaceops.people.choices import Rank
from peaceops.people.models import Passport, Person

from . import eligibility as engine
from .models import PostType, Qualification
from .providers import last_tour_end
from .selectors import Rules, post_type_list, qualification_types, rules_in_force

BITS = 4  # bits of the combined key per post type: 0 = passes every SQL check, i = the i-th check fails
MAX_POST_TYPES = 15  # 15 × 4 = 60 bits: the key stays a signed 64-bit integer on both engines
ID_CHUNK = 900


def rest_cutoff(months: int, start: dt.date) -> dt.date:
    """The last day a tour may have ended for `months` of rest to be over by `start`:
    the latest d with add_months(d, months) ≤ start (add_months never decreases with d)."""
    day = engine.add_months(start, -months)
    while engine.add_months(day + dt.timedelta(days=1), months) <= start:
        day += dt.timedelta(days=1)
    while engine.add_months(day, months) > start:
        day -= dt.timedelta(days=1)
    return day


@dataclass
class PostTypeRow:
    """One post type's line of the matrix."""

    post_type: PostType
    rules: Rules
    eligible: int
    first_failing: list[tuple[str, int]]  # (check, how many fail it first), in check order
    fails: list[tuple[str, int]]  # (check, how many fail it at all), in check order
    hidden: set[str] = field(default_factory=set)

    @property
    def not_eligible(self) -> int:
        return sum(n for _c, n in self.first_failing)

    @property
    def checks(self) -> list[str]:
        return self.rules.rules.checks()


@dataclass
class Matrix:
    tour: engine.Tour
    seen: int  # people the reader may see
    rows: list[PostTypeRow]
    without_rules: list[PostType] = field(default_factory=list)  # no rule set in force on the tour's start

    @property
    def checks(self) -> list[str]:
        """Every check some post type applies, in the engine's order (the columns of the reasons table)."""
        order = {c: i for i, c in enumerate(engine.CHECK_ORDER)}
        seen: list[str] = []
        for row in self.rows:
            for check in row.checks:
                if check not in seen:
                    seen.append(check)
        return sorted(seen, key=lambda c: (order.get(c.split(":")[0], 99), c))


class _Statement:
    """The SQL of the matrix for one reader, tour and set of rule sets (built once, run once or twice)."""

    def __init__(self, actor: Actor, rules: list[Rules], tour: engine.Tour):
        self.rules, self.tour = rules, tour
        self.people = policy_for(Person).scope(actor, "view")
        self.params: list = []
        self.atoms: dict[tuple, int] = {}  # condition → its index; a condition shared by post types is computed once
        self.requirement_columns: dict[tuple, str] = {}  # (type id, day) → column of the best level
        self._atom_sql: dict[tuple, str] = {}
        self.failing_sql: list[list[tuple[str, str]]] = []  # per post type: (check, atom column) in order
        for rule in rules:
            self.failing_sql.append([(check, self._fails(check, rule)) for check in rule.rules.checks()
                                     if check != engine.REST])

    # -- conditions --------------------------------------------------------------------------------
    def _date(self, day: dt.date):
        return connection.ops.adapt_datefield_value(day)

    def _atom(self, key: tuple, sql: str) -> str:
        self.atoms.setdefault(key, len(self.atoms))
        self._atom_sql[key] = sql
        return f"a{self.atoms[key]}"

    def _fails(self, check: str, rules: Rules) -> str:
        """The column name of the condition "fails `check`" (1/0), registered once per distinct condition."""
        rule, tour = rules.rules, self.tour
        if check == engine.RANK:
            window = tuple(engine.rank_window(rule, Rank.values))
            ranks = ", ".join(_quote(r) for r in window)
            return self._atom(("rank", window), f"(p.p_rank IS NULL OR p.p_rank NOT IN ({ranks}))")
        if check == engine.SERVICE:
            cutoff = engine.service_cutoff(rule, tour)
            return self._atom(("service", cutoff),
                              f"(p.p_service IS NULL OR p.p_service > {_quote(self._date(cutoff))})")
        if check == engine.AGE:
            latest, after = engine.birth_cutoffs(rule, tour)
            parts = ["p.p_born IS NULL"]
            if latest is not None:
                parts.append(f"p.p_born > {_quote(self._date(latest))}")
            if after is not None:
                parts.append(f"p.p_born <= {_quote(self._date(after))}")
            return self._atom(("age", latest, after), "(" + " OR ".join(parts) + ")")
        if check == engine.PASSPORT:
            needed = engine.passport_needed_until(rule, tour)
            return self._atom(("passport", needed),
                              f"(pp.expires IS NULL OR pp.expires < {_quote(self._date(needed))})")
        requirement = rule.requirement_for(check)
        qualification_type = rules.types.get(requirement.type_code)
        if qualification_type is None:
            return self._atom(("nobody",), "(1 = 1)")  # a type that does not exist: nobody can hold it
        day = tour.day(requirement.valid_through)
        column = self.requirement_columns.setdefault((qualification_type.pk, day),
                                                     f"q{len(self.requirement_columns)}")
        return self._atom(("requirement", qualification_type.pk, day, requirement.min_rank),
                          f"(q.{column} IS NULL OR q.{column} < {int(requirement.min_rank)})")

    # -- the statement -----------------------------------------------------------------------------
    def _compiled(self, queryset) -> tuple[str, tuple]:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
        return sql, tuple(params)

    def _sources(self) -> tuple[str, list]:
        """FROM … : the people the reader may see, with their qualification and passport aggregates."""
        people_sql, people_params = self._compiled(
            self.people.order_by().values(p_id=F("pk"), p_rank=F("rank"), p_born=F("date_of_birth"),
                                          p_service=F("service_record__service_start")))
        params = list(people_params)
        sources = f"({people_sql}) p"
        if self.requirement_columns:
            aggregates = {
                column: Max(Case(When(Q(type_id=type_id) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day)),
                                      then=F("result_rank")), output_field=IntegerField()))
                for (type_id, day), column in self.requirement_columns.items()}
            type_ids = sorted({type_id for type_id, _day in self.requirement_columns}, key=str)
            quals_sql, quals_params = self._compiled(
                Qualification.objects.unrestricted().filter(type_id__in=type_ids).order_by()
                .values("person_id").annotate(**aggregates).values("person_id", *aggregates))
            sources += f" LEFT OUTER JOIN ({quals_sql}) q ON q.person_id = p.p_id"
            params += quals_params
        if any(key[0] == "passport" for key in self.atoms):
            passports_sql, passports_params = self._compiled(
                Passport.objects.unrestricted().order_by().values("person_id")
                .annotate(expires=Max("expires_on")).values("person_id", "expires"))
            sources += f" LEFT OUTER JOIN ({passports_sql}) pp ON pp.person_id = p.p_id"
            params += passports_params
        return sources, params

    def _key(self) -> str:
        """Σ (index of the first failing check, 1-based; 0 when none) × 16^post type."""
        terms = []
        for position, failing in enumerate(self.failing_sql):
            if not failing:
                continue
            whens = " ".join(f"WHEN a.{atom} = 1 THEN {index + 1}" for index, (_c, atom) in enumerate(failing))
            terms.append(f"(CASE {whens} ELSE 0 END) * {1 << (BITS * position)}")
        return " + ".join(terms) if terms else "0"

    def _atoms_select(self) -> str:
        by_index = {index: key for key, index in self.atoms.items()}
        return ", ".join(f"CASE WHEN {self._atom_sql[by_index[i]]} THEN 1 ELSE 0 END AS a{i}"
                         for i in range(len(self.atoms))) or "0 AS a_none"

    def grouped(self) -> tuple[str, list]:
        """key, how many, and per condition how many fail it; one row per combination of verdicts."""
        sources, params = self._sources()
        sums = "".join(f", SUM(a.a{i})" for i in range(len(self.atoms)))
        sql = (f"SELECT k.key, COUNT(*){sums.replace('a.a', 'k.a')} FROM ("
               f"SELECT {self._key()} AS key{''.join(f', a.a{i}' for i in range(len(self.atoms)))} "
               f"FROM (SELECT {self._atoms_select()} FROM {sources}) a) k GROUP BY k.key")
        return sql, params

    def per_person(self, person_ids: list) -> tuple[str, list]:
        """Person id and key, for the people named (or everyone the reader may see when None)."""
        sources, params = self._sources()
        where = ""
        if person_ids is not None:
            where = f" WHERE p.p_id IN ({', '.join(['%s'] * len(person_ids))})"
            params = [*params, *(Person._meta.pk.get_db_prep_value(pk, connection) for pk in person_ids)]
        sql = (f"SELECT a.p_id, {self._key()} FROM (SELECT p.p_id, {self._atoms_select()} FROM {sources}{where}) a")
        return sql, params


def _quote(value) -> str:
    """A constant of the statement as an SQL literal (dates, rank codes: never user input)."""
    text = str(value)
    if "'" in text:
        raise ValueError(text)
    return f"'{text}'"


def _decode(key: int, failing: list[tuple[str, str]], position: int) -> str:
    """The first failing check of one post type in a combined key ('' = passes every SQL check)."""
    index = (key >> (BITS * position)) & ((1 << BITS) - 1)
    return failing[index - 1][0] if index else ""


def _run(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _rest_rules(rules: list[Rules], tour: engine.Tour) -> dict[int, dt.date]:
    """{position: the last day a previous tour may have ended} for post types with a rest rule."""
    return {i: rest_cutoff(r.rules.rest_months, tour.start) for i, r in enumerate(rules)
            if r.rules.rest_months is not None}


def eligibility_matrix(*, actor: Actor, tour: engine.Tour, post_types: list[PostType] | None = None) -> Matrix:
    """The matrix for this reader and tour (see the module doc); post types without rules are listed apart."""
    post_types = list(post_type_list(actor=actor)) if post_types is None else post_types
    if len(post_types) > MAX_POST_TYPES:
        raise ValueError(f"at most {MAX_POST_TYPES} post types in one matrix")
    in_force = rules_in_force(post_types=post_types, on=tour.start, types=qualification_types())
    with_rules = [p for p in post_types if p.code in in_force]
    rules = [in_force[p.code] for p in with_rules]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # see pool.py: JIT costs more than it saves here
                cursor.execute("SET LOCAL jit = off")
        return _matrix(actor, tour, with_rules, rules, [p for p in post_types if p.code not in in_force])


def _matrix(actor, tour, post_types, rules, without_rules) -> Matrix:
    statement = _Statement(actor, rules, tour)
    first: list[Counter] = [Counter() for _ in rules]
    atom_fails = [0] * len(statement.atoms)
    seen = 0
    sql, params = statement.grouped()
    for row in _run(sql, params):
        key, count, sums = int(row[0]), int(row[1]), row[2:]
        seen += count
        for i, value in enumerate(sums):
            atom_fails[i] += int(value or 0)
        for position, failing in enumerate(statement.failing_sql):
            first[position][_decode(key, failing, position)] += count
    rest_fails = [0] * len(rules)
    cutoffs = _rest_rules(rules, tour)
    if cutoffs and seen:
        last = last_tour_end(statement.people.order_by().values("pk"))
        short = {pid: day for pid, day in last.items() if day > min(cutoffs.values())}
        for position, cutoff in cutoffs.items():
            rest_fails[position] = sum(1 for day in last.values() if day > cutoff)
        ids = list(short)
        for start in range(0, len(ids), ID_CHUNK):
            sql, params = statement.per_person(ids[start:start + ID_CHUNK])
            for person_id, key in _run(sql, params):
                day = short[_pk(person_id)]
                for position, cutoff in cutoffs.items():
                    if day > cutoff and _decode(int(key), statement.failing_sql[position], position) == "":
                        first[position][""] -= 1
                        first[position][engine.REST] += 1
    rows = []
    for position, (post_type, rule) in enumerate(zip(post_types, rules, strict=True)):
        atom_of = dict(statement.failing_sql[position])
        checks = rule.rules.checks()
        fails = [(c, rest_fails[position] if c == engine.REST else atom_fails[int(atom_of[c][1:])]) for c in checks]
        counts = first[position]
        rows.append(PostTypeRow(
            post_type=post_type, rules=rule, eligible=counts.get("", 0),
            first_failing=[(c, counts[c]) for c in checks if counts.get(c)],
            fails=fails, hidden=rule.hidden_for(actor)))
    return Matrix(tour=tour, seen=seen, rows=rows, without_rules=without_rules)


def _pk(value):
    """A person id as the provider returns it (UUID), from what the cursor returned (SQLite: hex text)."""
    return Person._meta.pk.to_python(value)


def first_failing_by_person(*, actor: Actor, tour: engine.Tour, post_types: list[PostType],
                            person_ids: list | None = None) -> dict[object, dict[str, str]]:
    """{person id: {post type code: first failing check, '' when eligible}} for the people the reader may
    see (or those of `person_ids` among them), rest included: the matrix's verdict person by person.
    Small sets only (a unit, a test population): it returns one row per person."""
    in_force = rules_in_force(post_types=post_types, on=tour.start, types=qualification_types())
    with_rules = [p for p in post_types if p.code in in_force]
    rules = [in_force[p.code] for p in with_rules]
    statement = _Statement(actor, rules, tour)
    answer: dict = {}
    chunks = [None] if person_ids is None else [person_ids[i:i + ID_CHUNK] for i in range(0, len(person_ids),
                                                                                       ID_CHUNK)]
    for chunk in chunks:
        sql, params = statement.per_person(chunk)
        for person_id, key in _run(sql, params):
            answer[_pk(person_id)] = {p.code: _decode(int(key), statement.failing_sql[i], i)
                                      for i, p in enumerate(with_rules)}
    cutoffs = _rest_rules(rules, tour)
    if cutoffs and answer:
        for person_id, day in last_tour_end(list(answer)).items():
            for position, cutoff in cutoffs.items():
                code = with_rules[position].code
                if day > cutoff and answer[person_id][code] == "":
                    answer[person_id][code] = engine.REST
    return answer


def matrix_dict(matrix: Matrix) -> dict:
    """The matrix as the page, the API and the CLI show it (labels in the reader's language)."""
    from . import wording

    tour = matrix.tour
    rows = []
    for row in matrix.rows:
        rules = row.rules
        first = dict(row.first_failing)

        def check_dict(check, count, rules=rules, first=first, hidden=row.hidden):
            return {"check": check, "label": wording.check_label(check, rules.types, rules.rules),
                    "requirement": wording.requirement_text(check, rules.rules, tour, rules.types),
                    "fails": count, "fails_first": first.get(check, 0), "hidden": check in hidden}

        rows.append({"post_type": row.post_type.code, "name": row.post_type.name,
                     "category": row.post_type.category,
                     "rule_set": {"post_type": row.post_type.code, "version": rules.rule_set.version,
                                  "valid_from": rules.rule_set.valid_from},
                     "eligible": row.eligible, "not_eligible": row.not_eligible,
                     "checks": [check_dict(c, n) for c, n in row.fails]})
    return {"tour": {"start": tour.start, "end": tour.end}, "seen": matrix.seen, "post_types": rows,
            "without_rules": [p.code for p in matrix.without_rules]}
