"""The planner's API: runs, choices, lock, swap, publish, compare; refusals are 400 with a reason."""

import pytest

from peaceops.planning.models import PlanChoice, PlanRun

pytestmark = pytest.mark.django_db


def test_the_api_runs_locks_reruns_compares_and_publishes(api_for, nurses, requirement):
    api = api_for("planner")
    response = api.post("/api/v1/planning/runs/", {"rotation": str(requirement.rotation.pk), "women_share": 0.4,
                                                   "time_limit": 5}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "done" and body["filled"] == 5 and body["validator_passes"] is True
    plan_id = body["id"]
    choices = api.get(f"/api/v1/planning/choices/?plan={plan_id}").json()["results"]
    assert len(choices) == 5
    for choice in choices[:2]:
        locked = api.post(f"/api/v1/planning/choices/{choice['id']}/lock/", {"locked": True}, format="json")
        assert locked.status_code == 200 and locked.json()["locked"] is True
    again = api.post(f"/api/v1/planning/runs/{plan_id}/rerun/").json()
    kept = {(c["person"], c["requirement"], c["slot_index"]) for c in
            api.get(f"/api/v1/planning/choices/?plan={again['id']}").json()["results"] if c["locked"]}
    assert kept == {(c["person"], c["requirement"], c["slot_index"]) for c in choices[:2]}
    compared = api.get(f"/api/v1/planning/runs/{again['id']}/compare/?other={plan_id}")
    assert compared.status_code == 200 and len(compared.json()["rows"]) == 5
    reasons = api.get(f"/api/v1/planning/runs/{plan_id}/reasons/?kind=passed_over").json()
    assert reasons["count"] == 4 and all(r["worded"] for r in reasons["results"])
    published = api.post(f"/api/v1/planning/runs/{again['id']}/publish/", {"version": again["version"]}, format="json")
    assert published.status_code == 200 and published.json()["status"] == "published"
    twice = api.post(f"/api/v1/planning/runs/{again['id']}/publish/", {}, format="json")
    assert twice.status_code == 400 and "already published" in twice.json()["detail"]


def test_a_swap_that_breaks_a_rule_answers_400_with_the_reason(api_for, nurses, requirement):
    api = api_for("planner")
    plan = api.post("/api/v1/planning/runs/", {"rotation": str(requirement.rotation.pk), "women_share": 0.8},
                    format="json").json()
    woman = PlanChoice.objects.filter(plan_id=plan["id"], person__gender="F").first()
    chosen = set(PlanChoice.objects.filter(plan_id=plan["id"]).values_list("person_id", flat=True))
    man = next(n for n in nurses.values() if n.gender == "M" and n.pk not in chosen)
    response = api.post(f"/api/v1/planning/runs/{plan['id']}/swap/", {"choice": str(woman.pk), "person": str(man.pk)},
                        format="json")
    assert response.status_code == 400 and "women" in response.json()["detail"]


def test_bad_input_is_a_400_never_a_500(api_for, requirement):
    api = api_for("planner")
    assert api.post("/api/v1/planning/runs/", {"rotation": "nope"}, format="json").status_code == 400
    assert api.post("/api/v1/planning/runs/", {"rotation": str(requirement.rotation.pk), "women_share": 3},
                    format="json").status_code == 400
    assert api.get("/api/v1/planning/runs/?rotation=zzz").status_code == 200


def test_others_read_what_they_may_and_cannot_run(api_for, nurses, requirement):
    response = api_for("personnel").post("/api/v1/planning/runs/", {"rotation": str(requirement.rotation.pk)},
                                         format="json")
    assert response.status_code == 403
    api_for("planner").post("/api/v1/planning/runs/", {"rotation": str(requirement.rotation.pk)}, format="json")
    plan = PlanRun.objects.unrestricted().get()
    assert api_for("public").get(f"/api/v1/planning/runs/{plan.pk}/").status_code == 404
    assert api_for("public").get("/api/v1/planning/runs/").json()["count"] == 0
    assert api_for("admin").get(f"/api/v1/planning/runs/{plan.pk}/").status_code == 200
