"""From a rotation to a solver instance: its slots, the people the readiness engine finds eligible for
each (set-wise, through `readiness.pool.eligible_pool` — the planner never re-implements a rule), the
transparent scores of scoring.py, and the planning targets.

Planning rules on top of eligibility, applied here as hard rules of the instance:

* **minimum rest** (`min_rest_months`): a candidate whose last tour (readiness's `last_tour_end`
  provider, i.e. missions' deployments) ended less than that many months before the post's tour starts
  is left out of the instance, with the reason stored;
* **drop-outs** (`excluded`): people taken out after a run (re-plan) are left out, with the reason;
* **most from one home unit** (`max_per_unit`): handed to the solver as `Instance.max_per_unit` with each
  candidate's home unit; the solver enforces it exactly (see solver/solve.py) and the validator checks it.

Ids in the instance are stable across runs, so that locks, the previous plan and its LP duals carry
over to a re-plan: a candidate is the person's UUID, a post is "<requirement UUID>:<slot index>".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from peaceops.access.actor import Actor
from peaceops.people.choices import Rank
from peaceops.readiness import eligibility as engine
from peaceops.readiness import selectors as readiness
from peaceops.readiness.pool import ID_CHUNK, eligible_pool

from . import scoring
from .choices import WomenScope
from .solver import Candidate, Instance, Pair, Post

DEFAULT_PARAMETERS = {
    "women_scope": WomenScope.REQUIREMENT.value,
    "women_share": None,  # a share for every group (None: the requirement's own target, if any)
    "women_targets": {},  # {group key: share} overrides
    "max_per_unit": None,
    "min_rest_months": None,
    "time_limit": 10.0,
    "locked": [],  # [[person id, requirement id, slot index], …]
    "excluded": [],  # [[person id, reason], …]
}


def post_id(requirement_id, index: int) -> str:
    return f"{requirement_id}:{index}"


def split_post_id(value: str) -> tuple[str, int]:
    requirement, _sep, index = value.rpartition(":")
    return requirement, int(index)


@dataclass
class Built:
    instance: Instance
    people: dict  # candidate id -> Person
    requirements: dict  # requirement id (str) -> Requirement
    groups: dict  # group key -> label
    parts: dict  # (candidate id, requirement id) -> {part: points}
    excluded: list = field(default_factory=list)  # [{"person", "code", "params"}]
    pools: list = field(default_factory=list)  # [{"post_type", "tour", "eligible", "failing", "rule_version"}]
    locked: list = field(default_factory=list)  # [(candidate id, post id)]

    def stored(self) -> dict:
        """The compact JSON kept on the PlanRun (ids as indices into the two lists)."""
        inst = self.instance
        c_pos = {c.id: i for i, c in enumerate(inst.candidates)}
        p_pos = {p.id: i for i, p in enumerate(inst.posts)}
        return {
            "fill_weight": inst.fill_weight,
            "posts": [[p.id, p.group] for p in inst.posts],
            "candidates": [[c.id, int(c.woman), c.unit] for c in inst.candidates],
            "pairs": [[c_pos[pr.candidate], p_pos[pr.post], pr.score] for pr in inst.pairs],
            "min_women_share": dict(inst.min_women_share),
            "max_per_unit": inst.max_per_unit,
            "groups": self.groups,
            "parts": [[c_pos[c], r, *[parts[k] for k in scoring.WEIGHTS]] for (c, r), parts in self.parts.items()
                      if c in c_pos],
            "weights": dict(scoring.WEIGHTS),
        }


def instance_from_stored(data: dict) -> Instance:
    posts = [Post(pid, group) for pid, group in data.get("posts", [])]
    cands = [Candidate(cid, bool(woman), unit or "") for cid, woman, unit in data.get("candidates", [])]
    pairs = [Pair(cands[c].id, posts[p].id, int(s)) for c, p, s in data.get("pairs", [])]
    return Instance(int(data.get("fill_weight", scoring.FILL_WEIGHT)), posts, cands, pairs,
                    dict(data.get("min_women_share") or {}), data.get("max_per_unit"))


def stored_parts(data: dict) -> dict:
    """(candidate id, requirement id) -> {part: points} from the stored instance."""
    cands = data.get("candidates", [])
    names = list(scoring.WEIGHTS)
    return {(cands[c][0], r): dict(zip(names, values, strict=False)) for c, r, *values in data.get("parts", [])}


def clean_parameters(raw: dict | None) -> dict:
    """Defaults filled in; types checked (ValueError with a field name on bad input)."""
    params = dict(DEFAULT_PARAMETERS) | dict(raw or {})
    if params["women_scope"] not in WomenScope.values:
        raise ValueError("women_scope")
    for key in ("women_share",):
        if params[key] is not None:
            params[key] = _share(params[key], key)
    params["women_targets"] = {str(k): _share(v, "women_targets") for k, v in dict(params["women_targets"] or {}).items()}
    for key in ("max_per_unit", "min_rest_months"):
        if params[key] not in (None, ""):
            value = int(params[key])
            if value < 0 or value > 10_000:
                raise ValueError(key)
            params[key] = value
        else:
            params[key] = None
    limit = float(params["time_limit"] or DEFAULT_PARAMETERS["time_limit"])
    if not 0.5 <= limit <= 120:
        raise ValueError("time_limit")
    params["time_limit"] = limit
    params["locked"] = [[str(p), str(r), int(i)] for p, r, i in params["locked"] or []]
    params["excluded"] = [[str(p), str(reason)[:300]] for p, reason in params["excluded"] or []]
    return params


def _share(value, key: str) -> float:
    share = float(Decimal(str(value)))
    if not 0.0 <= share <= 1.0:
        raise ValueError(key)
    return share


def group_of(scope: str, rotation, requirement) -> tuple[str, str]:
    """(key, label) of the women's-share group a requirement's posts belong to."""
    if scope == WomenScope.MISSION:
        return f"mission:{rotation.mission.acronym}", rotation.mission.acronym
    if scope == WomenScope.CATEGORY:
        category = requirement.post_type.category
        return f"category:{category}", str(requirement.post_type.get_category_display())
    return f"requirement:{requirement.pk}", f"{requirement.post_type.code} · {requirement.place or requirement.mission.acronym}"


def build(*, actor: Actor, rotation, slots: list, parameters: dict, progress=None) -> Built:
    """The instance for `rotation`'s `slots` [(requirement, index)] as `actor` may see its people.

    Queries: one pool per distinct (post type, tour) — a fixed number each, whatever the number of
    people — plus the rule sets and the candidates' facts (four reads) once.
    """
    params = clean_parameters(parameters)
    requirements = {}
    by_tour: dict = defaultdict(list)
    for requirement, index in slots:
        requirements[str(requirement.pk)] = requirement
        by_tour[(requirement.post_type_id, requirement.start_date, requirement.end_date)].append((requirement, index))
    types = readiness.qualification_types()
    excluded_ids = {p for p, _r in params["excluded"]}
    pools, eligible_by_key, people = [], {}, {}
    for (_pt, start, end), group_slots in by_tour.items():
        post_type = group_slots[0][0].post_type
        tour = engine.Tour(start, end)
        rules = readiness.rules_in_force(post_types=[post_type], on=start, types=types).get(post_type.code)
        if rules is None:
            pools.append({"post_type": post_type.code, "tour": [start.isoformat(), end.isoformat()], "eligible": 0,
                          "failing": [], "rule_version": None})
            eligible_by_key[(post_type.pk, start, end)] = (None, tour, [])
        else:
            pool = eligible_pool(actor=actor, rules=rules, tour=tour)
            pools.append({"post_type": post_type.code, "tour": [start.isoformat(), end.isoformat()],
                          "eligible": pool.eligible_count, "failing": [list(f) for f in pool.failing],
                          "rule_version": rules.rule_set.version})
            eligible_by_key[(post_type.pk, start, end)] = (rules, tour, pool.eligible)
            for person in pool.eligible:
                people[str(person.pk)] = person
        if progress:
            progress()
    english_types = [t.pk for code, t in types.items() if code == "ENGLISH"]
    everyone = list(people.values())
    facts: dict = {}
    for start in range(0, len(everyone), ID_CHUNK):  # below SQLite's 999 parameters a statement
        facts |= readiness.facts_for(everyone[start:start + ID_CHUNK], type_ids=english_types)

    excluded: list = []
    excluded_people: set = set()
    for person_id, reason in params["excluded"]:
        if person_id in people:
            excluded.append({"person": person_id, "code": "dropped_out", "params": {"reason": reason}})
            excluded_people.add(person_id)

    groups: dict = {}
    shares: dict = {}
    posts, pairs, parts = [], [], {}
    min_rest = params["min_rest_months"]
    rest_refused: set = set()
    for key, group_slots in by_tour.items():
        rules, tour, eligible = eligible_by_key[key]
        for requirement, index in group_slots:
            gkey, label = group_of(params["women_scope"], rotation, requirement)
            groups[gkey] = label
            share = params["women_targets"].get(gkey, params["women_share"])
            if share is None and params["women_scope"] == WomenScope.REQUIREMENT and requirement.women_target is not None:
                share = float(requirement.women_target)
            if share is not None and share > 0:
                shares[gkey] = share
            posts.append(Post(post_id(requirement.pk, index), gkey))
        if rules is None:
            continue
        window = engine.rank_window(rules.rules, Rank.values)
        english = rules.rules.english
        for person in eligible:
            pid = str(person.pk)
            if pid in excluded_ids:
                continue
            fact = facts.get(person.pk)
            last_end = fact.last_tour_end if fact else None
            if min_rest is not None and last_end is not None and last_end > engine.add_months(tour.start, -min_rest):
                if (pid, tour.start) not in rest_refused:
                    rest_refused.add((pid, tour.start))
                    excluded.append({"person": pid, "code": "planning_min_rest", "params": {
                        "last_tour_end": last_end.isoformat(), "min_rest_months": min_rest,
                        "tour_start": tour.start.isoformat()}})
                continue
            english_rank = _english_rank(fact, english, tour)
            for requirement, index in group_slots:
                total, breakdown = scoring.score(scoring.ScoreInput(
                    english_rank=english_rank, english_min_rank=english.min_rank if english else None,
                    rank=person.rank, rank_window=window, last_tour_end=last_end))
                pairs.append(Pair(pid, post_id(requirement.pk, index), total))
                parts[(pid, str(requirement.pk))] = breakdown
    # a person refused by the rest rule on one tour but eligible on another keeps that other; report only
    # those left out entirely
    in_pairs = {pr.candidate for pr in pairs}
    excluded = [e for e in excluded if e["code"] != "planning_min_rest" or e["person"] not in in_pairs]
    seen: set = set()
    excluded = [e for e in excluded if not ((e["person"], e["code"]) in seen or seen.add((e["person"], e["code"])))]
    candidates = [Candidate(pid, people[pid].gender == "F", people[pid].unit.code if people[pid].unit_id else "")
                  for pid in sorted(people) if pid in in_pairs]
    instance = Instance(scoring.FILL_WEIGHT, posts, candidates, pairs, shares, params["max_per_unit"])
    locked = [(str(p), post_id(r, i)) for p, r, i in params["locked"]]
    return Built(instance=instance, people=people, requirements=requirements, groups=groups, parts=parts,
                 excluded=excluded, pools=pools, locked=locked)


def _english_rank(fact, english, tour: engine.Tour) -> int | None:
    if fact is None:
        return None
    code = english.type_code if english else "ENGLISH"
    day = tour.day(english.valid_through) if english else tour.start
    ranks = [q.level_rank for q in fact.qualifications if q.type_code == code and q.valid_through(day)]
    return max(ranks) if ranks else None


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
