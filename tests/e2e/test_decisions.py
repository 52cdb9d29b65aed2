"""A proposal walked from draft to decision in the browser by the officers who own each step, with three
ministries' positions and a non-attributable comment; the brief prepared in the background (its job page
polls until the PDF is ready), downloaded and rendered to PNG in both languages."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from peaceops.demo.structure import DEMO_PASSWORD

from .signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def hospital(structure):
    from peaceops.access.actor import actor_for_user
    from peaceops.access.context import system_scope
    from peaceops.access.marking import Marking
    from peaceops.accounts import services as accounts
    from peaceops.accounts.models import User
    from peaceops.decisions import services
    from peaceops.org.models import Agency

    agencies = {a.code: a for a in Agency.objects.all()}
    with system_scope("e2e: decisions") as system:
        services.reference_load(actor=system)
        leader = accounts.user_create(actor=system, username="leader", full_name="Hoàng Văn Đức",
                                      password=DEMO_PASSWORD)
        accounts.clearance_grant(actor=system, user=leader, level="SECRET", compartments=[],
                                 agencies=[agencies["VDPO"], agencies["MOD"]], valid_from=dt.date(2024, 1, 1))
        accounts.role_grant(actor=system, user=leader, role="leader", valid_from=dt.date(2024, 1, 1))
    planner = actor_for_user(User.objects.get(username="planner"))
    proposal = services.proposal_create(
        actor=planner,
        data=services.ProposalData(title="Deploy a Level-2 field hospital to UNMISS", scenario="formed_unit",
                                   mission_code="UNMISS", personnel=63, owner_agency=agencies["VDPO"],
                                   planned_start=dt.date(2027, 9, 2)),
        marking=Marking(level=1, owning_agency_id=agencies["VDPO"].pk,
                        releasable_to=(agencies["MOD"], agencies["MFA"], agencies["MOH"])))
    for label, title, scores in (("COA 1", "Full hospital", (4, 3, 4, 5, 5)), ("COA 2", "Wet lease", (3, 3, 3, 4, 4)),
                                 ("COA 3", "Staff officers only", (1, 1, 5, 2, 2))):
        cost, risk, readiness, benefit, weight = scores
        services.course_add(actor=planner, proposal=proposal, data=services.CourseData(
            label=label, title=title, cost=cost, risk=risk, readiness=readiness, benefit=benefit,
            political_weight=weight))
    return proposal


def take_step(page, name, reason, revisit=None):
    form = page.locator(f"form[data-step='{name}']")
    form.locator("textarea[name=reason]").fill(reason)
    if revisit:
        form.locator("input[name=revisit_on]").fill(revisit)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def record_position(page, agency_code, stance, reasons=""):
    form = page.locator("#positions form")
    options = form.locator("select[name=agency] option")
    for i in range(options.count()):
        if agency_code in options.nth(i).inner_text():
            form.locator("select[name=agency]").select_option(index=i)
    form.locator("select[name=stance]").select_option(stance)
    form.locator("textarea[name=reasons]").fill(reasons)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_proposal_goes_from_draft_to_decision_with_three_ministries_and_its_brief(
    open_page, live_server, artifacts, hospital
):
    base, url = live_server.url, f"{live_server.url}/decisions/{hospital.pk}/"

    page, _watch = open_page()
    sign_in(page, base, "planner")
    page.goto(url)
    assert page.locator("[data-testid=coa-table] thead th").count() == 4  # the row header + three COAs
    assert page.locator("[data-testid=calendar-flags]").is_visible()  # planned start on National Day
    take_step(page, "submit", "Pledge at PCRS level 2; ready for review.")
    assert page.locator("[data-testid=review-table] tbody tr").count() == 10
    record_position(page, "MOD", "concur")
    page.context.close()

    page, _watch = open_page()
    sign_in(page, base, "mfa")
    page.goto(url)
    assert page.locator("form[data-step='submit']").count() == 0
    record_position(page, "MFA", "non_concur", "The MOU text is not agreed.")
    page.locator("#comments textarea[name=body]").fill("The host country has not been told yet.")
    page.locator("#comments input[name=non_attributable]").check()
    with page.expect_navigation():
        page.locator("#comments button[type=submit]").click()
    comment = page.locator("[data-testid=comment]").first
    assert "Phạm Ngọc Lan" not in comment.inner_text()
    take_step(page, "recommend", "Forwarded with the MFA dissent on record.")
    page.context.close()

    page, _watch = open_page()
    sign_in(page, base, "health")
    page.goto(url)
    assert page.locator("form[data-step]").count() == 0  # no step is the medical officer's
    record_position(page, "MOH", "concur_with_comments", "Vaccinations before departure.")
    page.context.close()

    page, _watch = open_page(height=1400)
    sign_in(page, base, "leader")
    page.goto(url)
    positions = page.locator("[data-testid=position]")
    assert positions.count() == 3
    take_step(page, "approve", "Approved: COA 1.")
    assert page.locator(".status-pill.outcome-approved").count() == 1
    page.screenshot(path=str(artifacts / "decisions-detail-approved.png"), full_page=True)

    for language in ("vi", "en"):
        # The brief is prepared in the background: the button queues a job and opens its page, which
        # polls (HTMX) until the PDF is ready and then offers the download.
        page.goto(url)
        with page.expect_navigation():
            page.locator(f"[data-testid=brief-{language}]").click()
        assert "/decisions/briefs/" in page.url
        page.locator("#brief-job[data-status=succeeded] [data-testid=brief-download]").wait_for()
        assert page.locator("#brief-job progress").get_attribute("value") == "100"
        page.screenshot(path=str(artifacts / f"decisions-brief-job-{language}.png"), full_page=True)
        with page.expect_download() as download:
            page.locator("[data-testid=brief-download]").click()
        pdf = artifacts / f"decisions-brief-{language}.pdf"
        download.value.save_as(pdf)
        assert pdf.read_bytes().startswith(b"%PDF")
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", str(pdf),
                            str(artifacts / f"decisions-brief-{language}")], check=True)
    page.goto(f"{base}/decisions/")
    page.screenshot(path=str(artifacts / "decisions-list.png"), full_page=True)
