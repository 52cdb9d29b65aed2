"""Proposals through the services: roles per step, audit in the same transaction, review, positions."""

import datetime as dt

import pytest
from django.urls import reverse

from peaceops.access.context import system_scope
from peaceops.audit.models import AuditEvent
from peaceops.core.errors import NotPermitted, ServiceError, StaleEdit
from peaceops.decisions import services
from peaceops.decisions.models import AgencyPosition, Proposal, ReviewItem, ReviewTemplateItem, Transition
from peaceops.org.models import Agency

pytestmark = pytest.mark.django_db

TOMORROW = dt.date.today() + dt.timedelta(days=1)


def step(actor, proposal, name, **kw):
    return services.proposal_transition(actor=actor, proposal=proposal, step=name, reason=f"because {name}", **kw)


def to_recommended(proposal, actors):
    step(actors["planner"], proposal, "submit")
    step(actors["mfa"], proposal, "recommend")


def test_the_reference_load_is_idempotent(decisions_ref):
    with system_scope("test") as system:
        report = services.reference_load(actor=system)
    assert report.created == 0 and report.updated == 0 and report.unchanged >= 16
    items = ReviewTemplateItem.objects.select_related("default_agency").order_by("position")
    assert len(items) == 10
    assert {i.default_agency.code for i in items} == {"MOD", "MFA", "MOH", "VDPO"}


def test_submitting_generates_the_review_checklist_once(make_proposal, actors):
    proposal = make_proposal()
    step(actors["planner"], proposal, "submit")
    assert ReviewItem.objects.filter(proposal=proposal).count() == 10
    step(actors["planner"], proposal, "withdraw")
    step(actors["planner"], proposal, "submit")
    assert ReviewItem.objects.filter(proposal=proposal).count() == 10
    assert proposal.status == "in_review" and proposal.review_started_on == dt.date.today()


def test_the_whole_path_writes_one_transition_and_one_audit_row_per_step(make_proposal, actors, leader):
    proposal = make_proposal()
    to_recommended(proposal, actors)
    step(leader, proposal, "approve")
    step(actors["planner"], proposal, "implement")
    step(actors["planner"], proposal, "close")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.outcome) == ("closed", "approved")
    names = list(Transition.objects.filter(proposal=proposal).values_list("step", flat=True))
    assert names == ["submit", "recommend", "approve", "implement", "close"]
    audited = list(AuditEvent.objects.filter(target_id=str(proposal.pk), action__startswith="decisions.proposal.")
                   .exclude(action="decisions.proposal.create").order_by("seq").values_list("action", "reason"))
    assert audited == [(f"decisions.proposal.{n}", f"because {n}") for n in names]


@pytest.mark.parametrize("persona,name", [("mfa", "submit"), ("health", "submit"), ("auditor", "submit"),
                                          ("admin", "submit"), ("public", "submit")])
def test_a_step_by_the_wrong_role_is_refused_and_writes_nothing(make_proposal, actors, persona, name):
    proposal = make_proposal()
    before = AuditEvent.objects.count()
    with pytest.raises((ServiceError, NotPermitted)) as refused:
        step(actors[persona], proposal, name)
    assert AuditEvent.objects.count() == before
    assert not Transition.objects.filter(proposal=proposal).exists()
    proposal.refresh_from_db()
    assert proposal.status == "draft"
    if persona in ("mfa", "admin"):
        assert "role" in str(refused.value.message)


def test_the_planner_may_not_decide_and_the_leader_may_not_submit(make_proposal, actors, leader):
    proposal = make_proposal()
    with pytest.raises(ServiceError, match="role"):
        step(leader, proposal, "submit")
    to_recommended(proposal, actors)
    with pytest.raises(ServiceError, match="role"):
        step(actors["planner"], proposal, "approve")


def test_an_invalid_step_is_refused_with_a_clear_message(make_proposal, actors, leader):
    proposal = make_proposal()
    with pytest.raises(ServiceError, match="not possible now"):
        step(leader, proposal, "approve")
    with pytest.raises(ServiceError, match="no such step"):
        step(actors["planner"], proposal, "teleport")


def test_a_step_needs_a_reason(make_proposal, actors):
    proposal = make_proposal()
    with pytest.raises(ServiceError, match="reason"):
        services.proposal_transition(actor=actors["planner"], proposal=proposal, step="submit", reason="  ")


def test_a_failure_after_the_audit_row_rolls_everything_back(make_proposal, actors, monkeypatch):
    proposal = make_proposal()
    before = AuditEvent.objects.count()

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_generate_review", explode)
    with pytest.raises(RuntimeError):
        step(actors["planner"], proposal, "submit")
    assert AuditEvent.objects.count() == before
    assert Proposal.objects.unrestricted().get(pk=proposal.pk).status == "draft"
    assert not Transition.objects.filter(proposal=proposal).exists()


def test_a_deferral_needs_a_future_revisit_date_and_resurfaces_on_it(make_proposal, actors, leader):
    proposal = make_proposal()
    to_recommended(proposal, actors)
    with pytest.raises(ServiceError, match="date"):
        step(leader, proposal, "defer")
    with pytest.raises(ServiceError, match="after today"):
        step(leader, proposal, "defer", revisit_on=dt.date.today())
    step(leader, proposal, "defer", revisit_on=TOMORROW)
    with system_scope("test: resurface") as system:
        assert services.proposals_resurface(actor=system) == []
        due = services.proposals_resurface(actor=system, today=TOMORROW)
    assert [p.pk for p in due] == [proposal.pk]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.outcome, proposal.revisit_on) == ("in_review", "", None)
    event = AuditEvent.objects.filter(action="decisions.proposal.resurface").get()
    assert event.actor_label.startswith("system") and event.target_id == str(proposal.pk)


def test_only_the_system_resurfaces(make_proposal, actors, leader):
    proposal = make_proposal()
    to_recommended(proposal, actors)
    step(leader, proposal, "defer", revisit_on=TOMORROW)
    with pytest.raises(ServiceError, match="role"):
        step(leader, proposal, "resurface")
    with pytest.raises(NotPermitted):
        services.proposals_resurface(actor=actors["admin"])


def test_the_resurface_command_moves_due_proposals_back_into_review(make_proposal, actors, leader, monkeypatch):
    from django.core.management import call_command

    proposal = make_proposal()
    to_recommended(proposal, actors)
    step(leader, proposal, "defer", revisit_on=TOMORROW)
    call_command("decisions", "resurface", "--date", TOMORROW.isoformat())
    assert Proposal.objects.unrestricted().get(pk=proposal.pk).status == "in_review"


def test_a_changed_position_is_a_new_row_and_the_dissent_stays(make_proposal, actors):
    proposal = make_proposal()
    step(actors["planner"], proposal, "submit")
    mfa = Agency.objects.get(code="MFA")
    with pytest.raises(ServiceError, match="reasons"):
        services.position_record(actor=actors["mfa"], proposal=proposal, agency=mfa, stance="non_concur")
    services.position_record(actor=actors["mfa"], proposal=proposal, agency=mfa, stance="non_concur",
                             reasons="The MOU is not agreed.")
    services.position_record(actor=actors["mfa"], proposal=proposal, agency=mfa, stance="concur")
    rows = list(AgencyPosition.objects.filter(proposal=proposal).order_by("created_at").values_list("stance", "reasons"))
    assert rows == [("non_concur", "The MOU is not agreed."), ("concur", "")]
    from peaceops.decisions.selectors import positions

    [row] = positions(proposal=proposal)
    assert row.current.stance == "concur" and [h.stance for h in row.history] == ["non_concur"]


def test_an_officer_records_only_their_own_ministrys_position(make_proposal, actors):
    proposal = make_proposal()
    step(actors["planner"], proposal, "submit")
    with pytest.raises(NotPermitted):
        services.position_record(actor=actors["mfa"], proposal=proposal, agency=Agency.objects.get(code="MOH"),
                                 stance="concur")


def test_the_database_refuses_a_non_concurrence_without_reasons(make_proposal, actors):
    from django.db import IntegrityError, transaction

    proposal = make_proposal()
    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyPosition.objects.create(proposal=proposal, agency=Agency.objects.get(code="MFA"), stance="non_concur")


def test_a_second_save_on_an_old_version_is_refused(make_proposal, actors):
    proposal = make_proposal()
    first = Proposal.objects.unrestricted().get(pk=proposal.pk)
    second = Proposal.objects.unrestricted().get(pk=proposal.pk)
    data = services.ProposalData(title="Deploy a Level-2 hospital to UNMISS, Bentiu", scenario="formed_unit",
                                 owner_agency=Agency.objects.get(code="VDPO"), personnel=63)
    services.proposal_update(actor=actors["planner"], proposal=first, data=data, expected_version=1)
    other = services.ProposalData(title="Deploy a hospital to Malakal", scenario="formed_unit",
                                  owner_agency=Agency.objects.get(code="VDPO"), personnel=63)
    with pytest.raises(StaleEdit):
        services.proposal_update(actor=actors["planner"], proposal=second, data=other, expected_version=1)
    assert Proposal.objects.unrestricted().get(pk=proposal.pk).title.endswith("Bentiu")


def test_the_stale_edit_page_shows_the_other_officers_changes(make_proposal, actors, client_for):
    proposal = make_proposal()
    data = services.ProposalData(title="Deploy a Level-2 hospital to UNMISS, Bentiu", scenario="formed_unit",
                                 owner_agency=Agency.objects.get(code="VDPO"), personnel=63)
    services.proposal_update(actor=actors["planner"], proposal=proposal, data=data, expected_version=1)
    response = client_for("planner").post(reverse("decisions:edit", args=[proposal.pk]), {
        "title": "Deploy a hospital to Malakal", "scenario": "formed_unit", "mandate": "peacekeeping",
        "personnel": 63, "owner_agency": Agency.objects.get(code="VDPO").pk, "version": 1})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="their-changes"' in html
    assert "UNMISS, Bentiu" in html and "Malakal" in html  # theirs and mine, both kept on the page
    assert Proposal.objects.unrestricted().get(pk=proposal.pk).title.endswith("Bentiu")


def test_one_course_of_action_is_recommended_with_reasons(make_proposal, actors):
    proposal = make_proposal()
    scores = {"cost": 3, "risk": 2, "readiness": 4, "benefit": 5, "political_weight": 4}
    first = services.course_add(actor=actors["planner"], proposal=proposal,
                                data=services.CourseData(label="COA 1", title="Full hospital", **scores))
    second = services.course_add(actor=actors["planner"], proposal=proposal,
                                 data=services.CourseData(label="COA 2", title="Wet lease", **scores))
    with pytest.raises(ServiceError):
        services.course_add(actor=actors["planner"], proposal=proposal,
                            data=services.CourseData(label="COA 3", title="Bad", **{**scores, "risk": 6}))
    services.course_recommend(actor=actors["planner"], course=first, reasons="Full capability")
    services.course_recommend(actor=actors["planner"], course=second, reasons="Cheaper")
    assert list(proposal.courses.filter(is_recommended=True).values_list("label", flat=True)) == ["COA 2"]


def test_review_items_are_answered_by_their_ministry(make_proposal, actors):
    proposal = make_proposal()
    step(actors["planner"], proposal, "submit")
    medical = ReviewItem.objects.get(proposal=proposal, template_item__code="medical")
    assert medical.agency.code == "MOH"
    with pytest.raises(NotPermitted):
        services.review_item_update(actor=actors["mfa"], item=medical, finding="x", status="answered",
                                    due_on=None, expected_version=medical.version)
    with pytest.raises(ServiceError, match="finding"):
        services.review_item_update(actor=actors["health"], item=medical, finding="", status="answered",
                                    due_on=None, expected_version=medical.version)
    services.review_item_update(actor=actors["health"], item=medical, finding="Screening scheduled",
                                status="answered", due_on=None, expected_version=medical.version)
    medical.refresh_from_db()
    assert (medical.status, medical.version) == ("answered", 2)


def test_a_mission_in_the_catalogue_is_linked_and_any_other_stays_as_text(make_proposal):
    from peaceops.missions.models import Mission

    Mission.objects.create(acronym="UNMISS", name="United Nations Mission in the Republic of South Sudan")
    linked = make_proposal()
    assert linked.mission.acronym == "UNMISS" and linked.mission_code == "UNMISS"
    other = services.ProposalData(title="Observers", scenario="military_observer", mission_code="unknownx",
                                  owner_agency=Agency.objects.get(code="VDPO"))
    from peaceops.access.actor import actor_for_user
    from peaceops.accounts.models import User

    from .conftest import shared_marking

    free = services.proposal_create(actor=actor_for_user(User.objects.get(username="planner")), data=other,
                                    marking=shared_marking())
    assert free.mission is None and free.mission_code == "UNKNOWNX"


def test_the_load_reference_command_is_idempotent(structure, capsys):
    from django.core.management import call_command

    call_command("decisions", "load-reference")
    call_command("decisions", "load-reference")
    out = capsys.readouterr().out.strip().splitlines()
    assert out[0].startswith("decisions reference: 17 created") and out[1].startswith("decisions reference: 0 created")
