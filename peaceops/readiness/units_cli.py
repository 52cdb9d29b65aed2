"""`peaceops readiness matrix --from DATE [--to DATE] [--json] --as USER`,
`peaceops readiness unit [--code CODE] [--from DATE] [--to DATE] [--json] --as USER` and
`peaceops readiness unit-evidence --code CODE --criterion C --on DATE --evidence TEXT … --as USER`
(wired in the readiness command)."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from peaceops.access.actor import actor_for_user
from peaceops.access.context import acting_as

from .forms import tour_from
from .matrix import eligibility_matrix, matrix_dict
from .unit_models import EvidenceOutcome, PCRSCriterion


def add_matrix_parser(sub) -> None:
    parser = sub.add_parser("matrix", help="every post type for one tour: eligible people and failing rules")
    parser.add_argument("--from", dest="start", required=True, help="the tour's first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="end", help="the tour's last day (default: 12 months on)")
    parser.add_argument("--json", action="store_true", help="print JSON (default: a table)")
    parser.add_argument("--as", dest="as_user", required=True, metavar="USER",
                        help="the user this command acts as (their clearance applies)")


def matrix_command(command, *, start, end=None, json: bool = False, as_user, **options) -> None:
    from peaceops.accounts.models import User

    user = User.objects.filter(username=as_user, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {as_user!r}")
    actor = actor_for_user(user)
    form = tour_from({"from": start, "to": end})
    if not form.is_valid():
        raise CommandError("; ".join(f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()))
    with acting_as(actor):
        body = matrix_dict(eligibility_matrix(actor=actor, tour=form.tour))
    if json:
        command.stdout.write(_dumps(body))
        return
    tour = body["tour"]
    command.stdout.write(f"{tour['start'].isoformat()} → {tour['end'].isoformat()}: {body['seen']} people visible")
    for row in body["post_types"]:
        reasons = ", ".join(f"{c['check']} {c['fails']} ({c['fails_first']})" for c in row["checks"] if c["fails"])
        command.stdout.write(f"{row['post_type']:<10} eligible {row['eligible']:>7}  not {row['not_eligible']:>7}  "
                             f"{reasons}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str)


def add_unit_parsers(sub) -> None:
    unit = sub.add_parser("unit", help="a unit against its table of organisation: posts filled, gaps, PCRS level")
    unit.add_argument("--code", help="the unit's code, e.g. L2FH-7 (default: every unit with a table)")
    unit.add_argument("--from", dest="start", help="the tour's first day, YYYY-MM-DD (default: the default tour)")
    unit.add_argument("--to", dest="end", help="the tour's last day (default: 12 months on)")
    unit.add_argument("--json", action="store_true", help="print JSON (default: a table)")
    unit.add_argument("--as", dest="as_user", required=True, metavar="USER",
                      help="the user this command acts as (their clearance applies)")
    evidence = sub.add_parser("unit-evidence", help="record evidence for a PCRS criterion of a unit (audited)")
    evidence.add_argument("--code", required=True, help="the unit's code")
    evidence.add_argument("--criterion", required=True, choices=PCRSCriterion.values)
    evidence.add_argument("--outcome", default=EvidenceOutcome.MET, choices=EvidenceOutcome.values)
    evidence.add_argument("--on", dest="day", required=True, help="the day of the visit or report, YYYY-MM-DD")
    evidence.add_argument("--evidence", required=True, help="what the evidence is")
    evidence.add_argument("--reference", default="", help="the document it rests on")
    evidence.add_argument("--assessed-by", dest="assessed_by", default="", help="who carried out the visit")
    evidence.add_argument("--level", type=int, default=0, help="classification level rank (default 0, unclassified)")
    evidence.add_argument("--as", dest="as_user", required=True, metavar="USER",
                          help="the user this command acts as (their clearance applies)")


def _actor(as_user):
    from peaceops.accounts.models import User

    user = User.objects.filter(username=as_user, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {as_user!r}")
    return actor_for_user(user)


def unit_command(command, *, code=None, start=None, end=None, json: bool = False, as_user, **options) -> None:
    from django.utils import timezone

    from . import selectors
    from .units import readiness_dict, readiness_summary, unit_list, unit_readiness

    actor = _actor(as_user)
    form = tour_from({"from": start, "to": end}, defaults=selectors.default_tour(timezone.localdate()))
    if not form.is_valid():
        raise CommandError("; ".join(f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()))
    with acting_as(actor):
        units = unit_list(actor=actor)
        if code:
            units = units.filter(code=code.upper())
            if not units.exists():
                raise CommandError(f"no unit {code!r} with a table of organisation")
        answers = [unit_readiness(actor=actor, unit=unit, tour=form.tour) for unit in units]
        if code:
            body = readiness_dict(answers[0])
        else:
            body = {"tour": {"start": form.tour.start, "end": form.tour.end},
                    "units": [{"unit": {"code": r.unit.code, "name": r.unit.label, "location": r.unit.location},
                               **readiness_summary(r)} for r in answers]}
    if json:
        command.stdout.write(_dumps(body))
        return
    for readiness in answers:
        summary = readiness_summary(readiness)
        command.stdout.write(f"{readiness.unit.code:<10} filled {summary['filled']:>4} / {summary['assessed_posts']:<4} "
                             f"gap {summary['gap']:>4}  members {summary['members']:>5}  "
                             f"PCRS {summary['level'] or '-'}")
        if code:
            for line in readiness.gaps:
                reasons = ", ".join(f"{check} {n}" for check, n in line.reasons)
                command.stdout.write(f"  gap {line.gap:>3}  {line.post_code:<10} {reasons}")
            for criterion in readiness.criteria:
                command.stdout.write(f"  [{'x' if criterion.met else ' '}] {criterion.code}: "
                                     f"{len(criterion.evidence)} evidence")


def unit_evidence_command(command, *, code, criterion, outcome, day, evidence, reference="", assessed_by="",
                          level=0, as_user, **options) -> None:
    import datetime as dt

    from peaceops.access.marking import Marking
    from peaceops.core.errors import ServiceError

    from .units import evidence_record, unit_list

    actor = _actor(as_user)
    try:
        on = dt.date.fromisoformat(day)
    except ValueError as error:
        raise CommandError(f"--on: not a date YYYY-MM-DD ({day!r})") from error
    with acting_as(actor):
        unit = unit_list(actor=actor).filter(code=code.upper()).first()
        if unit is None:
            raise CommandError(f"no unit {code!r} with a table of organisation")
        if not actor.agency_ids:
            raise CommandError(f"{as_user} belongs to no agency: the evidence needs an owner")
        marking = Marking(level=level, owning_agency_id=sorted(actor.agency_ids, key=str)[0])
        try:
            item = evidence_record(actor=actor, unit=unit, criterion=criterion, outcome=outcome, on=on,
                                   evidence=evidence, reference=reference, assessed_by=assessed_by, marking=marking)
        except ServiceError as error:
            raise CommandError(f"{error.field or 'refused'}: {error.message}") from error
    command.stdout.write(f"recorded {item.pk} {unit.code} {criterion} {outcome} {on.isoformat()}")
