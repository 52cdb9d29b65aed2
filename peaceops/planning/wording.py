"""The planner's reason codes in the reader's language (codes and params are what is stored and tested)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from peaceops.readiness import wording as readiness_wording


def _pct(value) -> str:
    try:
        return f"{100 * float(value):.0f} %"
    except (TypeError, ValueError):
        return "—"


def reason_text(code: str, params: dict | None = None) -> str:
    p = dict(params or {})
    if code == "no_eligible_candidate":
        return _("Nobody the readiness engine finds eligible can take this post.")
    if code == "all_eligible_taken_by_higher_score":
        if "score" not in p:  # a post: its eligible candidates all hold other posts
            return _("Every one of the %(n)d eligible candidates holds another post where the plan needs them more.") % {
                "n": int(p.get("eligible") or 0)}
        return _("Each post this candidate could fill is held by someone scoring at least as much there "
                 "(best here: %(score)s, holder: %(holder)s).") % {
            "score": p.get("score", "—"), "holder": p.get("holder_score", "—")}
    if code == "women_share_target":
        return _("Filling it with one of the free candidates (all men) would put the group below its women's "
                 "share target of %(target)s.") % {"target": _pct(p.get("target"))}
    if code == "home_unit_cap":
        return _("Their home unit already gives the most people one unit may give (%(cap)s).") % {
            "cap": p.get("cap", "—")}
    if code == "free_candidate_available":
        return _("A free eligible candidate could still take this post (the plan is not complete).")
    if code == "free_post_available":
        return _("An eligible post is still empty (the plan is not complete).")
    if code == "locked":
        return _("The posts where this candidate would rank higher are held by locked choices.")
    if code == "better_overall_plan":
        return _("Someone scoring less holds a post this candidate could fill, but moving this candidate in "
                 "lowers the plan's total (the holder has nowhere better to go, or the share target needs them).")
    if code == "dropped_out":
        reason = p.get("reason") or ""
        return _("Taken out of the plan: %(reason)s") % {"reason": reason} if reason else _("Taken out of the plan.")
    if code == "planning_min_rest":
        return _("Last tour ended on %(day)s: less than the planning minimum of %(months)s months of rest "
                 "before the tour starts.") % {"day": p.get("last_tour_end", "—"), "months": p.get("min_rest_months", "—")}
    return code


def check_label(check: str, types: dict) -> str:
    """A readiness check's label (for the pools' "first failing check" counts)."""
    return readiness_wording.check_label(check, types)


def target_text(info: dict) -> str:
    if info.get("reason") == "locked_pairs":
        return _("The locked choices make the target unreachable: %(n)d more women would be needed.") % {
            "n": int(info.get("shortfall") or 0)}
    return _("Not enough eligible women: %(posts)d post(s) left empty to keep the share; %(n)d more eligible "
             "women would be needed to fill them too.") % {
        "posts": int(info.get("unfilled_posts") or 0), "n": int(info.get("shortfall") or 0)}


def error_text(error: dict) -> str:
    code = error.get("code")
    if code == "locked_pair_not_eligible":
        return _("A locked choice is no longer possible: the person is not eligible for that post now.")
    if code == "locked_pair_conflict":
        return _("Two locked choices conflict (same person or same post).")
    if code == "locked_pairs_exceed_unit_cap":
        return _("The locked choices draw %(n)d people from unit %(unit)s, above the cap of %(cap)d.") % {
            "n": int(error.get("locked") or 0), "unit": error.get("unit", ""), "cap": int(error.get("cap") or 0)}
    return str(code)


def violation_text(violation: dict) -> str:
    code = violation.get("code")
    texts = {
        "not_eligible": _("the person is not eligible for that post"),
        "candidate_multiple_posts": _("the person would hold two posts"),
        "post_multiple_candidates": _("the post would have two people"),
        "locked_pair_missing": _("a locked choice would be lost"),
        "women_share_below_target": _("the women's share would fall below its target"),
        "unit_cap_exceeded": _("more people than allowed would come from one home unit"),
        "unknown_candidate": _("the person is not a candidate of this plan"),
        "unknown_post": _("the post is not part of this plan"),
    }
    return str(texts.get(code, code))
