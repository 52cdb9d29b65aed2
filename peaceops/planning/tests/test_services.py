"""The planner over a real rotation: eligibility from readiness, targets, locks, swaps, re-plans, publish."""

import pytest

from peaceops.audit.models import AuditEvent
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.missions.models import Deployment
from peaceops.planning import instance as builder
from peaceops.planning import selectors, services
from peaceops.planning.models import PlanChoice, PlanRun
from peaceops.planning.solver import validate

from .conftest import run_plan

pytestmark = pytest.mark.django_db


def stored_assignment(plan):
    return [(str(c.person_id), c.post_id) for c in PlanChoice.objects.filter(plan=plan)]


def test_a_planner_runs_a_plan_that_fills_every_post_and_passes_the_validator(actors, nurses, requirement):
    plan = run_plan(actors["planner"], requirement.rotation)
    assert plan.status == "done", plan.error
    assert plan.slots == 5 and plan.filled == 5
    assert plan.solver_status == "optimal" and plan.objective == plan.bound
    inst = builder.instance_from_stored(plan.instance)
    assert validate(inst, {"assignment": stored_assignment(plan), "objective": plan.objective,
                           "bound": plan.bound, "status": plan.solver_status,
                           "infeasible_targets": plan.result["infeasible_targets"]}) == []
    assert plan.violations == []
    women = sum(1 for c in PlanChoice.objects.filter(plan=plan).select_related("person") if c.person.gender == "F")
    assert women >= 2  # 40 % of 5
    assert AuditEvent.objects.filter(action="planning.plan.run").count() == 1
    assert plan.job.status == "succeeded"


def test_every_passed_over_candidate_has_a_stored_reason(actors, nurses, requirement):
    plan = run_plan(actors["planner"], requirement.rotation)
    with_reason = set(plan.reasons.filter(kind="passed_over").values_list("person_id", flat=True))
    chosen = set(PlanChoice.objects.filter(plan=plan).values_list("person_id", flat=True))
    assert with_reason == {p.pk for p in nurses.values()} - chosen
    assert all(r.text for r in plan.reasons.all())


def test_the_scores_prefer_english_above_the_minimum(actors, nurses, requirement):
    plan = run_plan(actors["planner"], requirement.rotation)
    chosen = {c.person.given_name: c for c in PlanChoice.objects.filter(plan=plan).select_related("person")}
    assert {"Chau", "Anh", "Khanh"} <= set(chosen)  # C1, B2, B2 over B1
    assert chosen["Chau"].score_parts["english_surplus"] == 24  # C1 on a post asking A2: 3 levels (the cap) × 8


def test_an_infeasible_target_is_reported_with_its_shortfall(actors, nurses, requirement):
    plan = run_plan(actors["planner"], requirement.rotation, women_share=1.0)
    rows = {r["group"]: r for r in selectors.target_rows(plan)}
    row = rows[f"requirement:{requirement.pk}"]
    assert row["infeasible"]["reason"] == "not_enough_women"
    assert row["infeasible"]["shortfall"] == 1  # 4 women for 5 posts at 100 %
    assert plan.filled == 4 and plan.violations == []
    assert plan.reasons.filter(kind="unfilled", code="women_share_target").count() == 1


def test_the_home_unit_cap_is_a_hard_rule(actors, nurses, requirement):
    plan = run_plan(actors["planner"], requirement.rotation, max_per_unit=1, women_share=0)
    units = [c.person.unit.code for c in PlanChoice.objects.filter(plan=plan).select_related("person__unit")]
    assert sorted(units) == ["HOSP-108", "L2FH-7", "MMA"]
    assert plan.instance["max_per_unit"] == 1 and plan.violations == []
    assert plan.reasons.filter(kind="passed_over", code="home_unit_cap").exists()


def test_locked_choices_are_kept_when_the_planner_runs_again(actors, nurses, requirement):
    planner = actors["planner"]
    first = run_plan(planner, requirement.rotation)
    # lock two people the solver did not choose, swapped in for chosen ones so that the women's share
    # (2 of 5) still holds, whichever of the tied B1 nurses the solver took
    chosen = list(PlanChoice.objects.filter(plan=first).select_related("person").order_by("score"))
    free = [n for n in nurses.values() if n.pk not in {c.person_id for c in chosen}]
    women = sum(c.person.gender == "F" for c in chosen)
    swaps = []
    for choice in chosen:
        fits = [n for n in free if women - (choice.person.gender == "F") + (n.gender == "F") >= 2]
        if fits and len(swaps) < 2:
            person = next((n for n in fits if n.gender == choice.person.gender), fits[0])
            women += (person.gender == "F") - (choice.person.gender == "F")
            free.remove(person)
            swaps.append((person, choice))
    assert len(swaps) == 2
    outsiders = [person for person, _ in swaps]
    for person, choice in swaps:
        services.plan_swap(actor=planner, plan=first, choice=choice, person=person)
    first.refresh_from_db()
    locked = list(PlanChoice.objects.filter(plan=first, person__in=outsiders))
    assert len(locked) == 2
    for choice in locked:
        services.choice_lock(actor=planner, choice=choice, locked=True)
    again = services.plan_rerun(actor=planner, plan=first)
    assert again.status == "done", again.error
    kept = {(c.person_id, c.post_id) for c in PlanChoice.objects.filter(plan=again, locked=True)}
    assert kept == {(c.person_id, c.post_id) for c in locked}
    assert again.violations == []


def test_a_drop_out_replan_changes_as_few_posts_as_it_can(actors, nurses, requirement):
    planner = actors["planner"]
    first = run_plan(planner, requirement.rotation)
    gone = PlanChoice.objects.filter(plan=first).order_by("-score").first()
    again = services.plan_rerun(actor=planner, plan=first, drop=gone, drop_reason="medical")
    assert again.status == "done" and again.previous_id == first.pk
    assert gone.person_id not in set(PlanChoice.objects.filter(plan=again).values_list("person_id", flat=True))
    assert again.changed == 1  # only the dropped person's post changes hands
    assert again.reasons.filter(kind="excluded", code="dropped_out", person=gone.person).exists()


def test_a_swap_that_breaks_the_womens_share_is_refused_with_the_reason(actors, nurses, requirement):
    planner = actors["planner"]
    plan = run_plan(planner, requirement.rotation, women_share=0.8)
    woman = PlanChoice.objects.filter(plan=plan, person__gender="F").first()
    women = PlanChoice.objects.filter(plan=plan, person__gender="F").count()
    assert women == 4  # exactly the target (80 % of 5): replacing a woman by a free man breaks it
    free_man = next(n for n in nurses.values() if n.gender == "M" and not PlanChoice.objects.filter(
        plan=plan, person=n).exists())
    with pytest.raises(ServiceError) as refused:
        services.plan_swap(actor=planner, plan=plan, choice=woman, person=free_man)
    assert "women" in str(refused.value.message)
    assert PlanChoice.objects.filter(plan=plan, person=woman.person).exists()


def test_a_valid_swap_of_two_choices_is_stored_and_audited(actors, nurses, requirement):
    planner = actors["planner"]
    plan = run_plan(planner, requirement.rotation)
    a, b = list(PlanChoice.objects.filter(plan=plan))[:2]
    services.plan_swap(actor=planner, plan=plan, choice=a, other=b, expected_version=plan.version)
    plan.refresh_from_db()
    assert plan.version == 2 and plan.violations == []
    assert PlanChoice.objects.get(plan=plan, person=a.person).post_id == b.post_id
    assert AuditEvent.objects.filter(action="planning.plan.swap").count() == 1


def test_publishing_creates_nominated_deployments_once(actors, nurses, requirement):
    planner = actors["planner"]
    plan = run_plan(planner, requirement.rotation)
    count = services.plan_publish(actor=planner, plan=plan, expected_version=plan.version)
    assert count == 5
    deployments = Deployment.objects.unrestricted().filter(source_plan=plan.pk)
    assert deployments.count() == 5 and {d.status for d in deployments} == {"nominated"}
    assert PlanRun.objects.unrestricted().get(pk=plan.pk).status == "published"
    with pytest.raises(ServiceError):
        services.plan_publish(actor=planner, plan=plan)
    other = run_plan(planner, requirement.rotation)
    with pytest.raises(ServiceError):
        services.plan_publish(actor=planner, plan=other)
    assert Deployment.objects.unrestricted().count() == 5
    assert AuditEvent.objects.filter(action="planning.plan.publish").count() == 1


def test_only_a_planner_runs_or_publishes(actors, nurses, requirement):
    with pytest.raises(NotPermitted):
        run_plan(actors["personnel"], requirement.rotation)
    plan = run_plan(actors["planner"], requirement.rotation)
    with pytest.raises(NotPermitted):
        services.plan_publish(actor=actors["auditor"], plan=plan)


def test_bad_parameters_are_refused_with_the_field(actors, requirement):
    with pytest.raises(ServiceError) as refused:
        run_plan(actors["planner"], requirement.rotation, women_share=2)
    assert refused.value.field == "women_share"
