"""Reason codes and requirements in the reader's language (the engine returns codes, never sentences)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from peaceops.people.choices import Rank

from . import eligibility as engine
from .choices import level_label


def _rank(code) -> str:
    if not code:
        return "—"
    return str(dict(Rank.choices).get(code, code))


def type_name(code: str | None, types: dict) -> str:
    qualification_type = types.get(code) if code else None
    return qualification_type.name if qualification_type else (code or "")


def check_label(check: str, types: dict, rules: engine.RuleSet | None = None) -> str:
    """The name of a check: "Rank", "Medical fitness", "Driving test (4×4)"…"""
    if check == engine.RANK:
        return _("Rank")
    if check == engine.SERVICE:
        return _("Years of service")
    if check == engine.AGE:
        return _("Age")
    if check == engine.PASSPORT:
        return _("Passport")
    if check == engine.REST:
        return _("Rest since the last tour")
    if check == engine.ENGLISH:
        return _("English")
    if rules is not None:
        requirement = rules.requirement_for(check)
        if requirement is not None:
            return type_name(requirement.type_code, types)
    return type_name(check.split(":", 1)[-1], types)


def requirement_text(check: str, rules: engine.RuleSet, tour: engine.Tour, types: dict) -> str:
    """What a check asks for on this tour, e.g. "English B2 or better", "valid until 2028-08-31"."""
    if check == engine.RANK:
        return _("%(min)s to %(max)s") % {"min": _rank(rules.rank_min), "max": _rank(rules.rank_max)}
    if check == engine.SERVICE:
        return _("at least %(years)s years on %(on)s") % {"years": rules.service_years_min,
                                                           "on": tour.start.isoformat()}
    if check == engine.AGE:
        if rules.age_min is not None and rules.age_max is not None:
            return _("aged %(min)s to %(max)s on %(on)s") % {"min": rules.age_min, "max": rules.age_max,
                                                            "on": tour.start.isoformat()}
        if rules.age_min is not None:
            return _("at least %(min)s years old on %(on)s") % {"min": rules.age_min, "on": tour.start.isoformat()}
        return _("at most %(max)s years old on %(on)s") % {"max": rules.age_max, "on": tour.start.isoformat()}
    if check == engine.PASSPORT:
        return _("valid until %(day)s") % {"day": engine.passport_needed_until(rules, tour).isoformat()}
    if check == engine.REST:
        return _("%(months)s months since the last tour") % {"months": rules.rest_months}
    requirement = rules.requirement_for(check)
    day = tour.day(requirement.valid_through).isoformat()
    if requirement.min_level:
        return _("%(level)s or better, valid on %(day)s") % {"level": requirement.min_level, "day": day}
    if check == engine.MEDICAL:
        return _("fit, valid through %(day)s") % {"day": day}
    if check == engine.VETTING:
        return _("cleared, valid on %(day)s") % {"day": day}
    return _("held, valid on %(day)s") % {"day": day}


def reason_text(check: str, reason: engine.Reason, types: dict, rules: engine.RuleSet | None = None) -> str:
    """One reason in the reader's language, e.g. "English B1, B2 required"."""
    p = dict(reason.params)
    name = check_label(check, types, rules) if check else type_name(p.get("type"), types)
    code = reason.code
    if code == engine.HIDDEN:
        return _("%(check)s: not visible to you") % {"check": name}
    if code == "rank_unknown":
        return _("No rank on the military or police scale; %(min)s to %(max)s required") % {
            "min": _rank(p.get("min")), "max": _rank(p.get("max"))}
    if code in ("rank_below", "rank_above"):
        return _("Rank %(rank)s; %(min)s to %(max)s required") % {
            "rank": _rank(p.get("rank")), "min": _rank(p.get("min")), "max": _rank(p.get("max"))}
    if code == "service_start_missing":
        return _("No service start on record; %(min)s years of service required") % {"min": p.get("min")}
    if code == "service_too_short":
        return _("%(years)s years of service on %(on)s, %(min)s required") % p
    if code == "birth_date_missing":
        return _("No date of birth on record")
    if code == "too_young":
        return _("Aged %(age)s on %(on)s, at least %(min)s required") % p
    if code == "too_old":
        return _("Aged %(age)s on %(on)s, at most %(max)s allowed") % p
    if code == "missing":
        if p.get("required"):
            return _("%(name)s: none on record, %(required)s required") % {"name": name, "required": p["required"]}
        return _("%(name)s: none on record") % {"name": name}
    if code == "level_below":
        return _("%(name)s %(level)s, %(required)s required") % {"name": name, "level": level_label(p.get("level", "")),
                                                                "required": p.get("required")}
    if code == "failed":
        return _("%(name)s: %(level)s") % {"name": name, "level": level_label(p.get("level", ""))}
    if code == "expired":
        values = {"name": name, "valid_until": p.get("valid_until"), "needed": p.get("needed")}
        if p.get("through") == engine.TOUR_END:
            return _("%(name)s expires %(valid_until)s, before the tour ends %(needed)s") % values
        return _("%(name)s expires %(valid_until)s, before the tour starts %(needed)s") % values
    if code == "passport_missing":
        return _("No passport on record; one valid until %(needed)s is required") % p
    if code == "passport_expires":
        return _("Passport expires %(expires_on)s; it must be valid until %(needed)s") % p
    if code == "rest_too_short":
        return _("Last tour ended %(last_tour_end)s; %(months)s months of rest needed, available from "
                 "%(available_from)s") % p
    return code


def verdict_reasons(verdict: engine.Verdict, types: dict, rules: engine.RuleSet | None = None) -> list[str]:
    """Every reason of a verdict as one sentence each, in check order."""
    return [reason_text(check, reason, types, rules) for check, reason in verdict.reasons]


def verdict_dict(verdict: engine.Verdict, types: dict, rules: engine.RuleSet, tour: engine.Tour) -> dict:
    """The verdict for the API and the CLI: the outcome, every check, every reason with its code,
    params and message (a hidden check has only the "hidden" reason, with no params)."""
    return {
        "eligible": verdict.eligible,
        "first_failing": verdict.first_failing,
        "reasons": [{"check": check, **reason.as_dict(), "message": reason_text(check, reason, types, rules)}
                    for check, reason in verdict.reasons],
        "checks": [{"check": c.check, "label": check_label(c.check, types, rules),
                    "requirement": requirement_text(c.check, rules, tour, types), "met": c.met,
                    "hidden": c.hidden,
                    "reasons": [reason_text(c.check, r, types, rules) for r in c.reasons]} for c in verdict.checks],
    }
