"""The planner's pages: index, a rotation's plans and run form, a plan, compare, and the actions."""

import pytest
from django.urls import reverse

from peaceops.planning.models import PlanChoice, PlanRun

from .conftest import run_plan

pytestmark = pytest.mark.django_db


def test_the_planner_runs_a_plan_from_the_rotation_page(client_for, nurses, requirement):
    client = client_for("planner")
    page = client.get(reverse("planning:rotation", args=[requirement.rotation.pk]))
    assert page.status_code == 200 and b'data-testid="run-form"' in page.content
    response = client.post(reverse("planning:run", args=[requirement.rotation.pk]),
                           {"women_scope": "requirement", "women_share": "40", "max_per_unit": "",
                            "min_rest_months": "", "time_limit": "5"})
    plan = PlanRun.objects.unrestricted().get()
    assert response.status_code == 302 and response["Location"] == reverse("planning:detail", args=[plan.pk])
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert detail.content.count(b'data-testid="chosen"') == 5
    assert b'data-stat="validator"' in detail.content


def test_a_bad_target_shows_the_form_again_with_the_error(client_for, nurses, requirement):
    response = client_for("planner").post(reverse("planning:run", args=[requirement.rotation.pk]),
                                          {"women_scope": "requirement", "women_share": "140", "time_limit": "5"})
    assert response.status_code == 400
    assert not PlanRun.objects.unrestricted().exists()


def test_an_infeasible_target_is_shown_with_its_shortfall(client_for, actors, nurses, requirement):
    plan = run_plan(actors["planner"], requirement.rotation, women_share=1.0)
    page = client_for("planner").get(reverse("planning:detail", args=[plan.pk]))
    assert b'data-testid="target-infeasible"' in page.content
    assert page.content.count(b'data-testid="unfilled"') == 1


def test_lock_swap_rerun_and_publish_through_the_pages(client_for, actors, nurses, requirement):
    client = client_for("planner")
    plan = run_plan(actors["planner"], requirement.rotation)
    first, second = list(PlanChoice.objects.filter(plan=plan))[:2]
    for choice in (first, second):
        assert client.post(reverse("planning:lock", args=[plan.pk]), {"choice": choice.pk, "locked": "1"}).status_code == 302
    response = client.post(reverse("planning:rerun", args=[plan.pk]))
    again = PlanRun.objects.unrestricted().exclude(pk=plan.pk).get()
    assert response["Location"] == reverse("planning:detail", args=[again.pk])
    assert {(c.person_id, c.post_id) for c in again.choices.filter(locked=True)} == {
        (c.person_id, c.post_id) for c in (first, second)}
    compare = client.get(reverse("planning:compare") + f"?a={plan.pk}&b={again.pk}")
    assert compare.status_code == 200 and b'data-testid="compare-table"' in compare.content
    response = client.post(reverse("planning:publish", args=[again.pk]), {"version": again.version})
    assert response.status_code == 302
    assert PlanRun.objects.unrestricted().get(pk=again.pk).status == "published"


def test_a_reader_without_the_planner_role_sees_the_plan_but_no_actions(client_for, actors, nurses, requirement):
    plan = run_plan(actors["planner"], requirement.rotation)
    page = client_for("admin").get(reverse("planning:detail", args=[plan.pk]))
    assert page.status_code == 200 and b'data-testid="publish"' not in page.content
    assert client_for("admin").post(reverse("planning:publish", args=[plan.pk])).status_code == 302
    assert PlanRun.objects.unrestricted().get(pk=plan.pk).status == "done"


def test_a_reader_below_the_plans_marking_gets_404(client_for, actors, nurses, requirement):
    plan = run_plan(actors["planner"], requirement.rotation)
    assert client_for("public").get(reverse("planning:detail", args=[plan.pk])).status_code == 404
    assert client_for("mfa").get(reverse("planning:detail", args=[plan.pk])).status_code == 404


def test_the_index_lists_rotations_with_their_plan_counts(client_for, actors, nurses, requirement, django_assert_max_num_queries):
    run_plan(actors["planner"], requirement.rotation)
    client = client_for("planner")
    client.get(reverse("planning:index"))
    with django_assert_max_num_queries(16):
        page = client.get(reverse("planning:index"))
    assert page.status_code == 200 and str(requirement.rotation).encode() in page.content


def test_the_plan_page_costs_the_same_queries_however_many_candidates_were_passed_over(
        client_for, actors, nurses, requirement):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from peaceops.org.models import Unit
    from peaceops.readiness.tests.conftest import nurse

    client = client_for("planner")

    def queries(plan):
        url = reverse("planning:detail", args=[plan.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries(run_plan(actors["planner"], requirement.rotation))
    units = list(Unit.objects.all())
    for i in range(6):  # more people passed over, each with a home unit shown on the page
        nurse(marker=f"Extra{i}", gender="M", unit=units[i % len(units)], english="B1")
    assert queries(run_plan(actors["planner"], requirement.rotation)) == few


def test_the_plan_page_reads_the_posts_of_the_solver_instance_not_the_whole_of_it(
        client_for, actors, nurses, requirement):
    """The stored instance holds every candidate pair (about 1 MB at 200,000 people): the plan page and the
    list of the rotation's other plans must not load it; the page reads its posts alone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run_plan(actors["planner"], requirement.rotation)
    plan = run_plan(actors["planner"], requirement.rotation)
    client = client_for("planner")
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("planning:detail", args=[plan.pk]))
    assert page.status_code == 200 and page.content.count(b'data-testid="nominate-post"') == 5
    whole = [q["sql"] for q in captured if '"planning_planrun"."instance"' in q["sql"]
             and "posts" not in q["sql"]]
    assert whole == []
