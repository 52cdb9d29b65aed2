"""The eligibility matrix: every post type × everyone the reader may see, for one tour, set-wise.

One SQL statement reduces each person to the few facts every rule reads, each already compared
with every cut-off date of the rules in force, and counts the people per combination:

- the rank's position in the rank order;
- the birth date, the service start and the latest passport expiry, each as "how many of the
  rules' cut-off days lie before it" (one CASE per fact, whatever the number of post types);
- a bit mask of the qualification requirements met ("a record of this type, at this level, valid
  through that day"): each passing record still valid on the tour's start gives the bits of its own
  type's requirements it meets, and a person's mask is the OR of their records' bits, in one GROUP BY
  person over the qualifications (`_Statement._requirements`: BIT_OR on PostgreSQL; on SQLite the SUM,
  which is the OR unless two counted records share a type, and those few people get the exact
  per-type form in a correlated subquery);
- with `by_gender`, whether the person is a woman (the dashboard's figures).

The database returns one row per class of people with the same facts (a few thousand at 200,000
people) and how many they are; the checks of every post type run once per class, vectorised over
the classes with numpy (`_Statement.failing`), in the engine's order and with the engine's
cut-off dates — the pool's prefilter (readiness/pool.py) is the model. Nothing runs per person.

The rest between tours comes from another module (readiness/providers.py): one query answers the
last tour of everyone the reader may see who has one, and one more statement, run only when some of
them are short of rest for some post type, reads those people's classes to move them from
"eligible" to "rest" (rest is the last check). So a matrix costs: qualification types, the rule
sets, the statement, the last tours, and only when someone is short of rest, that correction.

SQLite runs it outside any transaction (the project's SQLite transactions are IMMEDIATE and would hold
the write lock for the statement's duration) and in parts: one per id range of the people, each on a
connection of its own, in a forked process of its own, all at once (`_parts`: SQLite has no parallel query); PostgreSQL inside one
transaction, with JIT off and a work_mem that keeps the per-person hash tables in memory
(`statement_settings`), and its own parallel workers. Figures: bench/README.md.

People are read through the reader's visibility; their records are read unrestricted (the verdict
must not depend on the reader), exactly as the pool does: a planner without MEDICAL gets the same
counts as a health officer who sees the same people; `hidden` names the checks whose records the
reader may not read (their counts are outcomes, never record content).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import uuid
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for
from peaceops.people.choices import Gender, Rank
from peaceops.people.models import Passport, Person

from . import eligibility as engine
from .models import PostType, Qualification
from .providers import last_tour_end
from .selectors import Rules, post_type_list, qualification_types, rules_in_force

MAX_REQUIREMENTS = 62  # distinct (type, day, level) requirements: one bit each in a signed 64-bit mask
ID_CHUNK = 900
WORK_MEM = "64MB"  # PostgreSQL, for the statement's transaction only
NULL = -1  # the bucket of a missing fact (no birth date, no service start, no passport): fails its checks


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
    women: int | None = None  # eligible women (a matrix `by_gender` only)

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
    # For `eligible_in_any` (a matrix `by_gender`): per class its count and whether the class is women, per
    # post type code whether the class is eligible before the rest rule, and per person short of rest
    # (female, codes eligible before the rest rule, codes eligible after it).
    _counts: np.ndarray | None = field(default=None, repr=False)
    _female: np.ndarray | None = field(default=None, repr=False)
    _eligible: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _short: list[tuple[bool, frozenset, frozenset]] = field(default_factory=list, repr=False)

    def eligible_in_any(self, codes) -> tuple[int, int]:
        """(people, women) eligible for at least one of the post types `codes`: each person counted once."""
        if self._counts is None:
            raise ValueError("eligible_in_any needs a matrix computed with by_gender=True")
        codes = [c for c in codes if c in self._eligible]
        if not codes:
            return 0, 0
        chosen = np.zeros(len(self._counts), dtype=bool)
        for code in codes:
            chosen |= self._eligible[code]
        people = int(self._counts[chosen].sum())
        women = int(self._counts[chosen & self._female].sum())
        wanted = set(codes)
        for female, before, after in self._short:
            if before & wanted and not after & wanted:  # the rest rule took away their last post type
                people -= 1
                women -= int(female)
        return people, women

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
    """The SQL of the matrix for one reader, tour and set of rule sets, and the cut-offs it compares with."""

    def __init__(self, actor: Actor, rules: list[Rules], tour: engine.Tour, *, gender: bool = False):
        self.rules, self.tour, self.gender = rules, tour, gender
        self.width = 6 if gender else 5  # fact columns: rank, born, service, passport, bits[, female]
        self.people = policy_for(Person).scope(actor, "view")
        # (type id, tour_start | tour_end, lowest rank) → its bit in the per-person mask of requirements met
        self.requirement_bits: dict[tuple, int] = {}
        birth, service, passport = set(), set(), set()
        for rule in rules:
            r = rule.rules
            checks = r.checks()
            if engine.AGE in checks:
                birth.update(day for day in engine.birth_cutoffs(r, tour) if day is not None)
            if engine.SERVICE in checks:
                service.add(engine.service_cutoff(r, tour))
            if engine.PASSPORT in checks:
                # "valid until the needed day" is "expires after the day before"
                passport.add(engine.passport_needed_until(r, tour) - dt.timedelta(days=1))
            for check in checks:
                requirement = r.requirement_for(check)
                if requirement is None or requirement.type_code not in rule.types:
                    continue
                key = (rule.types[requirement.type_code].pk, requirement.valid_through, requirement.min_rank)
                self.requirement_bits.setdefault(key, 1 << len(self.requirement_bits))
        if len(self.requirement_bits) > MAX_REQUIREMENTS:
            raise ValueError(f"at most {MAX_REQUIREMENTS} distinct qualification requirements in one matrix")
        self.points = {"born": sorted(birth), "service": sorted(service), "passport": sorted(passport)}

    # -- the statement -----------------------------------------------------------------------------
    def _compiled(self, queryset) -> tuple[str, list]:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
        return sql, list(params)

    def _bucket(self, column: str, points: list[dt.date]) -> tuple[str, list]:
        """How many of `points` (ascending) lie strictly before the value; NULL for a missing value."""
        if not points:
            return f"CASE WHEN {column} IS NULL THEN {NULL} ELSE 0 END", []
        whens = " ".join(f"WHEN {column} <= %s THEN {index}" for index in range(len(points)))
        return (f"CASE WHEN {column} IS NULL THEN {NULL} {whens} ELSE {len(points)} END",
                [connection.ops.adapt_datefield_value(day) for day in points])

    def _record_bits(self, alias: str) -> tuple[str, list]:
        """The requirements one qualification record meets, as bits: CASE over its type, then for each of
        the type's requirements its level and (for "valid through the tour's end") its validity. The rows
        read are already passing and valid through the tour's start (`_valid_on_start`)."""
        by_type: dict = {}
        for (type_id, through, min_rank), bit in self.requirement_bits.items():
            by_type.setdefault(type_id, []).append((through, int(min_rank), bit))
        whens, params = [], []
        type_field = Qualification._meta.get_field("type").target_field
        end = connection.ops.adapt_datefield_value(self.tour.end)
        for type_id, requirements in by_type.items():
            params.append(type_field.get_db_prep_value(type_id, connection))
            terms = []
            for through, min_rank, bit in requirements:
                condition = f"{alias}.result_rank >= {min_rank}"
                if through == engine.TOUR_END:
                    condition += f" AND ({alias}.valid_until IS NULL OR {alias}.valid_until >= %s)"
                    params.append(end)
                terms.append(f"CASE WHEN {condition} THEN {bit} ELSE 0 END")
            whens.append(f"WHEN %s THEN {' + '.join(terms)}")
        return f"CASE {alias}.type_id {' '.join(whens)} ELSE 0 END", params

    def _within(self, column: str, only: tuple | list | None) -> tuple[str, list]:
        """` AND column …` keeping one part of the people: an id range (low, high) with an open end at
        None (see `_parts`), or a list of ids (the per-person form); nothing when `only` is None."""
        if only is None:
            return "", []
        prep = Person._meta.pk.get_db_prep_value
        if isinstance(only, list):
            return (f" AND {column} IN ({', '.join(['%s'] * len(only))})",
                    [prep(pk, connection) for pk in only])
        low, high = only
        sql, params = f" AND {column} >= %s", [prep(low, connection)]
        if high is not None:
            sql += f" AND {column} < %s"
            params.append(prep(high, connection))
        return sql, params

    def _valid_on_start(self, alias: str) -> tuple[str, list]:
        """Passing records of a required type still valid on the tour's start: the only ones that count."""
        type_field = Qualification._meta.get_field("type").target_field
        types = list(dict.fromkeys(type_id for type_id, _through, _rank in self.requirement_bits))
        # SQLite: "+" keeps it on the covering index in person order (the type's index needs a sort)
        plus = "+" if connection.vendor == "sqlite" else ""
        return (f"{plus}{alias}.type_id IN ({', '.join(['%s'] * len(types))}) AND {alias}.result_rank >= 1 AND "
                f"({alias}.valid_until IS NULL OR {alias}.valid_until >= %s)",
                [*(type_field.get_db_prep_value(t, connection) for t in types),
                 connection.ops.adapt_datefield_value(self.tour.start)])

    def _requirements(self, only: tuple | list | None = None) -> tuple[str, list]:
        """Per person, the bit mask of the requirements met: the bitwise OR of their records' bits, in one
        pass over the qualifications grouped by person (in the covering index's order, no sort).

        PostgreSQL has BIT_OR. SQLite has not: there the mask is the SUM of the records' bits, which is the
        OR when no two of the person's counted records have the same type (a type's bits are its own) —
        true of almost everyone (`COUNT(*) = COUNT(DISTINCT type)`). For the others (two valid English
        tests, a medical renewed early) a correlated subquery takes each type's best record first."""
        table = Qualification._meta.db_table
        bits, bits_params = self._record_bits("r")
        where, where_params = self._valid_on_start("r")
        within, within_params = self._within("r.person_id", only)
        where, where_params = where + within, [*where_params, *within_params]
        if connection.vendor == "postgresql":
            return (f"SELECT r.person_id AS person_id, BIT_OR({bits}) AS bits FROM {table} r WHERE {where} "
                    f"GROUP BY r.person_id"), [*bits_params, *where_params]
        exact, exact_params = self._requirements_by_type("r.person_id")
        return (f"SELECT r.person_id AS person_id, CASE WHEN COUNT(*) = COUNT(DISTINCT r.type_id) THEN SUM({bits}) "
                f"ELSE ({exact}) END AS bits FROM {table} r WHERE {where} GROUP BY r.person_id"), \
            [*bits_params, *exact_params, *where_params]

    def _requirements_by_type(self, person: str) -> tuple[str, list]:
        """One person's mask (`person`: the outer query's column), exactly: per type the best level of a
        record valid through the tour's start and through its end, then the sum of each type's bits."""
        by_type: dict = {}
        for (type_id, through, min_rank), bit in self.requirement_bits.items():
            column = "best_end" if through == engine.TOUR_END else "best_start"
            by_type.setdefault(type_id, []).append(f"CASE WHEN t.{column} >= {int(min_rank)} THEN {bit} ELSE 0 END")
        params, whens = [], []
        type_field = Qualification._meta.get_field("type").target_field
        for type_id, terms in by_type.items():
            whens.append(f"WHEN %s THEN {' + '.join(terms)}")
            params.append(type_field.get_db_prep_value(type_id, connection))
        where, where_params = self._valid_on_start("x")
        sql = (f"SELECT SUM(CASE t.type_id {' '.join(whens)} ELSE 0 END) FROM (SELECT x.type_id AS type_id, "
               f"MAX(x.result_rank) AS best_start, MAX(CASE WHEN x.valid_until IS NULL OR x.valid_until >= %s "
               f"THEN x.result_rank END) AS best_end FROM {Qualification._meta.db_table} x "
               f"WHERE x.person_id = {person} AND {where} GROUP BY x.type_id) t")
        return sql, [*params, connection.ops.adapt_datefield_value(self.tour.end), *where_params]

    def _passports(self, only: tuple | list | None = None) -> tuple[str, list]:
        # SQLite: "+person_id" keeps it from walking the person index (a random read per passport) to
        # save a sort; a scan and a sort cost a third. PostgreSQL plans this itself.
        group = "+person_id" if connection.vendor == "sqlite" else "person_id"
        table = Passport._meta.db_table
        within, params = self._within("person_id", only)
        where = f" WHERE {within[len(' AND '):]}" if within else ""
        return f"SELECT person_id, MAX(expires_on) AS expires FROM {table}{where} GROUP BY {group}", params

    def _facts(self, only: tuple | list | None = None) -> tuple[str, list]:
        """SELECT rank, birth, service, passport buckets and the requirement mask FROM the people and their
        records (`p_id` too, for the per-person form); `only`: an id range or list (`_within`), applied
        inside every part of the statement (SQLite would otherwise compute everyone's facts first)."""
        values = dict(p_id=F("pk"), p_rank=F("rank"), p_born=F("date_of_birth"),
                      p_service=F("service_record__service_start"))
        if self.gender:
            values["p_gender"] = F("gender")
        people = self.people.order_by()
        if isinstance(only, list):
            people = people.filter(pk__in=only)
        elif only is not None:
            people = people.filter(pk__gte=only[0], **({"pk__lt": only[1]} if only[1] is not None else {}))
        people_sql, params = self._compiled(people.values(**values))
        ranks = " ".join(f"WHEN '{code}' THEN {index}" for index, code in enumerate(Rank.values))
        columns, column_params = [f"CASE p.p_rank {ranks} ELSE {NULL} END AS f_rank"], []
        for name, column in (("born", "p.p_born"), ("service", "p.p_service"), ("passport", "pp.expires")):
            sql, bucket_params = self._bucket(column, self.points[name])
            columns.append(f"{sql} AS f_{name}")
            column_params += bucket_params
        sources = f"({people_sql}) p"
        if self.requirement_bits:
            quals_sql, quals_params = self._requirements(only)
            sources += f" LEFT OUTER JOIN ({quals_sql}) q ON q.person_id = p.p_id"
            params += quals_params
            columns.append("COALESCE(q.bits, 0) AS f_bits")
        else:
            columns.append("0 AS f_bits")
        if self.points["passport"]:
            passports_sql, passports_params = self._passports(only)
            sources += f" LEFT OUTER JOIN ({passports_sql}) pp ON pp.person_id = p.p_id"
            params += passports_params
        else:
            columns[3] = f"{NULL} AS f_passport"
        if self.gender:
            columns.append(f"CASE WHEN p.p_gender = '{Gender.FEMALE.value}' THEN 1 ELSE 0 END AS f_female")
        return f"SELECT p.p_id, {', '.join(columns)} FROM {sources}", [*column_params, *params]

    @property
    def fact_columns(self) -> str:
        return "f.f_rank, f.f_born, f.f_service, f.f_passport, f.f_bits" + (", f.f_female" if self.gender else "")

    def grouped(self, bounds: tuple | None = None) -> tuple[str, list]:
        """One row per class of people with the same facts, and how many they are (of one id range)."""
        facts, params = self._facts(bounds)
        return f"SELECT {self.fact_columns}, COUNT(*) FROM ({facts}) f GROUP BY {self.fact_columns}", params

    def per_person(self, person_ids: list | None) -> tuple[str, list]:
        """Person id and facts, for the people named (or everyone the reader may see when None)."""
        facts, params = self._facts(None if person_ids is None else list(person_ids))
        return f"SELECT f.p_id, {self.fact_columns} FROM ({facts}) f", params

    # -- the checks, once per class of people --------------------------------------------------------
    def failing(self, position: int, facts: np.ndarray) -> list[tuple[str, np.ndarray]]:
        """(check, "fails" as a boolean array over the classes) for one post type, in check order
        (rest excluded: see the module doc). `facts`: columns rank, born, service, passport, bits."""
        rules = self.rules[position]
        rule, tour = rules.rules, self.tour
        rank, born, service, passport, bits = (facts[:, i] for i in range(5))
        answer = []
        for check in rule.checks():
            if check == engine.REST:
                continue
            if check == engine.RANK:
                window = [Rank.values.index(code) for code in engine.rank_window(rule, Rank.values)]
                fails = ~np.isin(rank, window)
            elif check == engine.SERVICE:
                index = self.points["service"].index(engine.service_cutoff(rule, tour))
                fails = (service == NULL) | (service > index)  # started after the cut-off
            elif check == engine.AGE:
                latest, after = engine.birth_cutoffs(rule, tour)
                fails = born == NULL
                if latest is not None:  # born after `latest`: too young
                    fails = fails | (born > self.points["born"].index(latest))
                if after is not None:  # born on or before `after`: too old
                    fails = fails | ((born != NULL) & (born <= self.points["born"].index(after)))
            elif check == engine.PASSPORT:
                index = self.points["passport"].index(engine.passport_needed_until(rule, tour) - dt.timedelta(days=1))
                fails = (passport == NULL) | (passport <= index)  # expires on or before the day before
            else:
                requirement = rule.requirement_for(check)
                qualification_type = rules.types.get(requirement.type_code)
                if qualification_type is None:
                    fails = np.ones(len(facts), dtype=bool)  # a type that does not exist: nobody holds it
                else:
                    bit = self.requirement_bits[(qualification_type.pk, requirement.valid_through,
                                                 requirement.min_rank)]
                    fails = (bits & bit) == 0
            answer.append((check, np.asarray(fails, dtype=bool)))
        return answer

    def first_failing(self, position: int, facts: np.ndarray,
                      failing: list[tuple[str, np.ndarray]] | None = None) -> tuple[list[str], np.ndarray]:
        """(checks, index array): per class the 1-based index of the first failing check, 0 when none
        (`failing`: what `failing(position, facts)` returned, when the caller has it already)."""
        failing = self.failing(position, facts) if failing is None else failing
        first = np.zeros(len(facts), dtype=np.int64)
        for index in range(len(failing), 0, -1):
            first = np.where(failing[index - 1][1], index, first)
        return [check for check, _f in failing], first


def _run(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _parts() -> int:
    """In how many parts to run the grouping statement at once. SQLite has no parallel query, but its
    library releases Python's lock while it works: the people split into id ranges, one connection and
    thread each, use every core (PostgreSQL plans parallel workers itself: one part). One part inside a
    transaction: other connections would not see its writes (tests run inside one)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return 1
    wanted = getattr(settings, "READINESS_MATRIX_PARTS", None) or min(os.cpu_count() or 1, 4)
    return max(1, int(wanted))


def _id_ranges(parts: int) -> list[tuple]:
    """`parts` consecutive ranges [low, high) of person ids (random UUIDs spread evenly); the last is open."""
    edges = [uuid.UUID(int=(index << 128) // parts) for index in range(parts)]
    return [(low, high) for low, high in zip(edges, [*edges[1:], None], strict=True)]


def _grouped_rows(statement: _Statement) -> list[tuple]:
    """The grouping statement's rows (facts..., count), in parts when `_parts` says so. A class split
    across parts comes back once per part: every count downstream is a sum over rows, so the copies add
    up without merging them here. Each part reads its own snapshot; a write between them can shift a
    count by the people it touched, as it could between the matrix's other statements.

    The parts run in processes of their own (forked, each with its own connection) where they can: on
    threads of this process they took 1.7 s where one part alone takes 1.0 s (SQLite's memory allocator
    and temp b-trees serialise threads; a process each: 1.1 s, bench/README.md). An in-memory database
    (the tests') is not seen by another process: there they run on threads."""
    parts = _parts()
    if parts == 1:
        return _run(*statement.grouped())
    statements = [statement.grouped(bounds) for bounds in _id_ranges(parts)]  # compiled here, run there
    if _can_fork():
        with ProcessPoolExecutor(max_workers=parts, mp_context=multiprocessing.get_context("fork")) as pool:
            return [row for rows in pool.map(_run_part_in_process, statements) for row in rows]

    def run_part(sql_params):
        try:
            return _run(*sql_params)
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=parts, thread_name_prefix="matrix") as pool:
        return [row for rows in pool.map(run_part, statements) for row in rows]


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and not connection.is_in_memory_db()


def _run_part_in_process(sql_params: tuple[str, list]) -> list[tuple]:
    """In a forked process: a connection of its own, never the one the fork inherited (still the parent's)."""
    own = connection.copy("matrix-part")
    try:
        with own.cursor() as cursor:
            cursor.execute(*sql_params)
            return cursor.fetchall()
    finally:
        own.close()


def _facts_array(rows, width: int = 5) -> np.ndarray:
    return np.array([row[:width] for row in rows], dtype=np.int64).reshape(len(rows), width)


def _rest_rules(rules: list[Rules], tour: engine.Tour) -> dict[int, dt.date]:
    """{position: the last day a previous tour may have ended} for post types with a rest rule."""
    return {i: rest_cutoff(r.rules.rest_months, tour.start) for i, r in enumerate(rules)
            if r.rules.rest_months is not None}


def eligibility_matrix(*, actor: Actor, tour: engine.Tour, post_types: list[PostType] | None = None,
                       by_gender: bool = False) -> Matrix:
    """The matrix for this reader and tour (see the module doc); post types without rules are listed apart.
    `by_gender`: the people's gender is one more fact of the classes, which gives each row its eligible
    women and the matrix `eligible_in_any` (the dashboard's shares per UN category)."""
    post_types = list(post_type_list(actor=actor)) if post_types is None else post_types
    in_force = rules_in_force(post_types=post_types, on=tour.start, types=qualification_types())
    with_rules = [p for p in post_types if p.code in in_force]
    rules = [in_force[p.code] for p in with_rules]
    with statement_settings():
        return _matrix(actor, tour, with_rules, rules, [p for p in post_types if p.code not in in_force], by_gender)


@contextmanager
def statement_settings():
    """PostgreSQL: a transaction whose settings suit one big grouping statement (see pool.py: JIT costs
    more than it saves here; the per-person hash tables fit in memory instead of spilling to disk).

    SQLite: no transaction. The project opens SQLite transactions IMMEDIATE (settings: writers queue
    instead of failing), which takes the write lock at BEGIN: a matrix inside `atomic()` held every writer
    for the seconds its statement runs (a demo load waiting on it failed with "database is locked")."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        yield


def _matrix(actor, tour, post_types, rules, without_rules, by_gender=False) -> Matrix:
    statement = _Statement(actor, rules, tour, gender=by_gender)
    width = statement.width
    rows = _grouped_rows(statement)
    facts = _facts_array(rows, width)
    counts = np.array([row[width] for row in rows], dtype=np.int64)
    female = facts[:, 5] == 1 if by_gender else np.zeros(len(rows), dtype=bool)
    seen = int(counts.sum())
    first: list[Counter] = []
    fails: list[dict[str, int]] = []
    women: list[int] = []
    eligible: dict[str, np.ndarray] = {}
    for position in range(len(rules)):
        failing = statement.failing(position, facts)
        checks, index = statement.first_failing(position, facts, failing)
        per_index = np.bincount(index, weights=counts, minlength=len(checks) + 1).astype(np.int64)
        first.append(Counter({("" if i == 0 else checks[i - 1]): int(n) for i, n in enumerate(per_index) if n}))
        fails.append({check: int(counts[fails_it].sum()) for check, fails_it in failing})
        eligible[post_types[position].code] = index == 0
        women.append(int(counts[(index == 0) & female].sum()))
    short_people: list[tuple[bool, frozenset, frozenset]] = []
    cutoffs = _rest_rules(rules, tour)
    if cutoffs and seen:
        for position in cutoffs:
            fails[position][engine.REST] = 0
        # Everyone's last tour (few people have one): the plain id list lets SQLite walk the primary key
        # instead of building the reader's visible set (0.5 s at 200,000 people); the statement below
        # keeps only the people the reader may see.
        last = last_tour_end(Person.objects.unrestricted().order_by().values("pk"))
        short = {pid: day for pid, day in last.items() if day > min(cutoffs.values())}
        ids = list(short)
        for start in range(0, len(ids), ID_CHUNK):
            sql, params = statement.per_person(ids[start:start + ID_CHUNK])
            people = _run(sql, params)
            person_facts = np.array([row[1:1 + width] for row in people], dtype=np.int64).reshape(len(people), width)
            before: list[set] = [set() for _row in people]
            after: list[set] = [set() for _row in people]
            for position in range(len(rules)):
                _checks, index = statement.first_failing(position, person_facts)
                cutoff = cutoffs.get(position)
                code = post_types[position].code
                for number, (row, first_index) in enumerate(zip(people, index, strict=True)):
                    short_of_rest = cutoff is not None and short[_pk(row[0])] > cutoff
                    if first_index == 0:
                        before[number].add(code)
                        if not short_of_rest:
                            after[number].add(code)
                    if not short_of_rest:
                        continue
                    fails[position][engine.REST] += 1
                    if first_index == 0:
                        first[position][""] -= 1
                        first[position][engine.REST] += 1
                        if by_gender and row[6] == 1:
                            women[position] -= 1
            if by_gender:
                short_people += [(bool(row[6] == 1), frozenset(b), frozenset(a))
                                 for row, b, a in zip(people, before, after, strict=True) if b != a]
    result = []
    for position, (post_type, rule) in enumerate(zip(post_types, rules, strict=True)):
        checks = rule.rules.checks()
        counts_of = first[position]
        result.append(PostTypeRow(
            post_type=post_type, rules=rule, eligible=counts_of.get("", 0),
            first_failing=[(c, counts_of[c]) for c in checks if counts_of.get(c)],
            fails=[(c, fails[position].get(c, 0)) for c in checks], hidden=rule.hidden_for(actor),
            women=women[position] if by_gender else None))
    matrix = Matrix(tour=tour, seen=seen, rows=result, without_rules=without_rules)
    if by_gender:
        matrix._counts, matrix._female, matrix._eligible, matrix._short = counts, female, eligible, short_people
    return matrix


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
    chunks = [None] if person_ids is None else [person_ids[i:i + ID_CHUNK]
                                                for i in range(0, len(person_ids), ID_CHUNK)]
    people = []
    for chunk in chunks:
        sql, params = statement.per_person(chunk)
        people += _run(sql, params)
    facts = np.array([row[1:6] for row in people], dtype=np.int64).reshape(len(people), 5)
    answer: dict = {_pk(row[0]): {} for row in people}
    for position, post_type in enumerate(with_rules):
        checks, index = statement.first_failing(position, facts)
        for row, first_index in zip(people, index, strict=True):
            answer[_pk(row[0])][post_type.code] = checks[first_index - 1] if first_index else ""
    cutoffs = _rest_rules(rules, tour)
    if cutoffs and answer:
        for person_id, day in last_tour_end(list(answer)).items():
            for position, cutoff in cutoffs.items():
                code = with_rules[position].code
                if person_id in answer and day > cutoff and answer[person_id][code] == "":
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
