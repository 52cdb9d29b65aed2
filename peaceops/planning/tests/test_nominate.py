"""Nominating a person to one post by hand: the candidates with their reasons, a locked choice that a re-run
keeps, the validator's refusals, audit, access (page and API)."""

import pytest
from django.urls import reverse

from peaceops.audit.models import AuditEvent
from peaceops.core.errors import NotPermitted, ServiceError
from peaceops.planning import instance as builder
from peaceops.planning import selectors, services
from peaceops.planning.models import PlanChoice, PlanRun
from peaceops.planning.solver import validate

from .conftest import run_plan

pytestmark = pytest.mark.django_db


def assignment(plan):
    return [(str(c.person_id), c.post_id) for c in PlanChoice.objects.filter(plan=plan)]


def validator_passes(plan):
    plan.refresh_from_db()
    inst = builder.instance_from_stored(plan.instance)
    locked = [(str(c.person_id), c.post_id) for c in PlanChoice.objects.filter(plan=plan, locked=True)]
    return validate(inst, {"assignment": assignment(plan), "objective": plan.objective, "bound": plan.bound,
                           "infeasible_targets": plan.result["infeasible_targets"]}, locked) == []


def passed_over_man_and_a_mans_post(plan, nurses):
    chosen = {c.person_id: c for c in PlanChoice.objects.filter(plan=plan).select_related("person")}
    man = next(p for p in nurses.values() if p.gender == "M" and p.pk not in chosen)
    post = next(c for c in chosen.values() if c.person.gender == "M")
    return man, post


def test_a_planner_nominates_a_passed_over_candidate_as_a_locked_choice_that_a_rerun_keeps(actors, nurses, requirement):
    planner = actors["planner"]
    plan = run_plan(planner, requirement.rotation)
    man, post = passed_over_man_and_a_mans_post(plan, nurses)
    choice = services.plan_nominate(actor=planner, plan=plan, requirement_id=post.requirement_id,
                                    slot_index=post.slot_index, person=man, expected_version=plan.version)
    assert choice.locked and choice.person_id == man.pk and choice.post_id == post.post_id
    assert not PlanChoice.objects.filter(plan=plan, person_id=post.person_id).exists()  # the holder left
    plan.refresh_from_db()
    assert plan.filled == 5 and plan.solver_status in ("edited", "optimal") and validator_passes(plan)
    event = AuditEvent.objects.get(action="planning.plan.nominate")
    assert event.changes["person"] == str(man.pk) and event.changes["replaced"] == str(post.person_id)
    # the holder is now a passed-over candidate with a reason
    assert plan.reasons.filter(kind="passed_over", person_id=post.person_id).exists()
    again = services.plan_rerun(actor=planner, plan=plan)
    assert again.status == "done"
    kept = PlanChoice.objects.get(plan=again, person_id=man.pk)
    assert kept.locked and kept.post_id == post.post_id


def test_a_person_on_another_post_moves_and_leaves_that_post_empty(actors, nurses, requirement):
    planner = actors["planner"]
    plan = run_plan(planner, requirement.rotation, women_share=0)
    first, second = list(PlanChoice.objects.filter(plan=plan).order_by("slot_index"))[:2]
    services.plan_nominate(actor=planner, plan=plan, requirement_id=second.requirement_id,
                           slot_index=second.slot_index, person=first.person)
    plan.refresh_from_db()
    assert plan.filled == 4 and validator_passes(plan)
    assert PlanChoice.objects.get(plan=plan, person_id=first.person_id).post_id == second.post_id
    assert plan.reasons.filter(kind="unfilled", slot_index=first.slot_index).exists()
    assert AuditEvent.objects.get(action="planning.plan.nominate").changes["moved_from"] == first.post_id


def test_a_nomination_that_breaks_the_womens_share_is_refused_with_the_reason(actors, nurses, requirement):
    planner = actors["planner"]
    plan = run_plan(planner, requirement.rotation, women_share=0.8)  # 4 women of 5: all four are needed
    woman_post = next(c for c in PlanChoice.objects.filter(plan=plan).select_related("person")
                      if c.person.gender == "F")
    chosen = set(PlanChoice.objects.filter(plan=plan).values_list("person_id", flat=True))
    man = next(p for p in nurses.values() if p.gender == "M" and p.pk not in chosen)
    slot = selectors.slot_candidates(actor=planner, plan=plan, post=woman_post.post_id)
    row = next(r for r in slot["rows"] if r["person"].pk == man.pk)
    assert not row["allowed"] and "women" in " ".join(row["problems"])
    with pytest.raises(ServiceError, match="Refused"):
        services.plan_nominate(actor=planner, plan=plan, requirement_id=woman_post.requirement_id,
                               slot_index=woman_post.slot_index, person=man)
    assert not AuditEvent.objects.filter(action="planning.plan.nominate").exists()
    assert set(PlanChoice.objects.filter(plan=plan).values_list("person_id", flat=True)) == chosen


def test_a_locked_holder_and_a_person_outside_the_pool_are_refused(actors, nurses, requirement):
    planner = actors["planner"]
    plan = run_plan(planner, requirement.rotation)
    man, post = passed_over_man_and_a_mans_post(plan, nurses)
    services.choice_lock(actor=planner, choice=post, locked=True)
    with pytest.raises(ServiceError, match="locked"):
        services.plan_nominate(actor=planner, plan=plan, requirement_id=post.requirement_id,
                               slot_index=post.slot_index, person=man)
    from peaceops.people.tests.factories import PersonFactory

    stranger = PersonFactory()
    with pytest.raises(ServiceError, match="eligible"):
        services.plan_nominate(actor=planner, plan=plan, requirement_id=post.requirement_id,
                               slot_index=post.slot_index, person=stranger)
    with pytest.raises(ServiceError, match="not part of the plan"):
        services.plan_nominate(actor=planner, plan=plan, requirement_id=post.requirement_id, slot_index=99, person=man)


def test_only_a_planner_nominates(actors, nurses, requirement):
    plan = run_plan(actors["planner"], requirement.rotation)
    man, post = passed_over_man_and_a_mans_post(plan, nurses)
    with pytest.raises(NotPermitted):
        services.plan_nominate(actor=actors["admin"], plan=plan, requirement_id=post.requirement_id,
                               slot_index=post.slot_index, person=man)


def test_the_page_lists_the_posts_then_the_candidates_with_reasons_and_nominates(
        client_for, actors, nurses, requirement, django_assert_max_num_queries):
    plan = run_plan(actors["planner"], requirement.rotation)
    man, post = passed_over_man_and_a_mans_post(plan, nurses)
    client = client_for("planner")
    url = reverse("planning:nominate", args=[plan.pk])
    page = client.get(url)
    assert page.status_code == 200 and b'data-testid="post-form"' in page.content
    assert b'data-testid="candidate-table"' not in page.content
    detail = client.get(reverse("planning:detail", args=[plan.pk]))
    assert detail.content.count(b'data-testid="nominate-post"') == 5
    client.get(url + f"?post={post.post_id}")
    with django_assert_max_num_queries(17):  # no query per candidate: people, choices, reasons read once
        page = client.get(url + f"?post={post.post_id}")
    assert page.status_code == 200
    assert page.content.count(b'data-testid="candidate"') == 9  # every nurse is eligible for every post
    assert b"holds this post" in page.content and b"not chosen" in page.content
    response = client.post(url, {"post": post.post_id, "person": man.pk, "version": plan.version})
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("planning:detail", args=[plan.pk]) + "#posts")
    assert PlanChoice.objects.get(plan=plan, person_id=man.pk).locked


def test_the_page_shows_a_refusal_and_hides_it_from_those_who_may_not_see_the_plan(
        client_for, actors, nurses, requirement):
    plan = run_plan(actors["planner"], requirement.rotation, women_share=0.8)
    woman_post = next(c for c in PlanChoice.objects.filter(plan=plan).select_related("person")
                      if c.person.gender == "F")
    chosen = set(PlanChoice.objects.filter(plan=plan).values_list("person_id", flat=True))
    man = next(p for p in nurses.values() if p.gender == "M" and p.pk not in chosen)
    url = reverse("planning:nominate", args=[plan.pk])
    client = client_for("planner")
    page = client.get(url + f"?post={woman_post.post_id}")
    assert b'data-testid="refused"' in page.content
    response = client.post(url, {"post": woman_post.post_id, "person": man.pk}, follow=True)
    assert b"Refused" in response.content
    assert client.get(url + "?post=nonsense").status_code == 404
    assert client_for("public").get(url).status_code == 404
    assert client_for("mfa").get(url + f"?post={woman_post.post_id}").status_code == 404
    reader = client_for("admin").get(url + f"?post={woman_post.post_id}")
    assert reader.status_code == 200 and b'data-testid="not-editable"' in reader.content
    assert b'data-testid="nominate"' not in reader.content


def test_the_api_lists_a_posts_candidates_and_nominates(api_for, actors, nurses, requirement):
    plan = run_plan(actors["planner"], requirement.rotation)
    man, post = passed_over_man_and_a_mans_post(plan, nurses)
    api = api_for("planner")
    listed = api.get(f"/api/v1/planning/runs/{plan.pk}/candidates/?post={post.post_id}")
    assert listed.status_code == 200, listed.content
    body = listed.json()
    assert body["total"] == 9 and body["holder"] == str(post.person_id)
    row = next(r for r in body["candidates"] if r["person"] == str(man.pk))
    assert row["allowed"] is True and row["passed_over"]["code"] and row["holds_post"] is None
    done = api.post(f"/api/v1/planning/runs/{plan.pk}/nominate/",
                    {"requirement": str(post.requirement_id), "slot_index": post.slot_index, "person": str(man.pk),
                     "version": PlanRun.objects.unrestricted().get(pk=plan.pk).version}, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["locked"] is True and done.json()["person"] == str(man.pk)
    assert api.get(f"/api/v1/planning/runs/{plan.pk}/candidates/?post=x").status_code == 404
    bad = api.post(f"/api/v1/planning/runs/{plan.pk}/nominate/", {"requirement": "x"}, format="json")
    assert bad.status_code == 400
    refused = api.post(f"/api/v1/planning/runs/{plan.pk}/nominate/",
                       {"requirement": str(post.requirement_id), "slot_index": 99, "person": str(man.pk)},
                       format="json")
    assert refused.status_code == 400 and "not part of the plan" in refused.content.decode()
    assert api_for("admin").post(f"/api/v1/planning/runs/{plan.pk}/nominate/",
                                 {"requirement": str(post.requirement_id), "slot_index": post.slot_index,
                                  "person": str(man.pk)}, format="json").status_code in (403, 400)
