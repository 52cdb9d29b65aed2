"""Pages and API: the non-attributable author, calendar flags, step buttons, the roadmap and dashboard."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from peaceops.decisions import services
from peaceops.decisions.models import ActionItem
from peaceops.org.models import Agency

from .conftest import shared_marking

pytestmark = pytest.mark.django_db
SECRET_WORDS = "Our embassy hears the headquarters may move"


def comments_section(html: str) -> str:
    return html[html.index('id="comments"'):html.index('id="steps"')]


@pytest.fixture
def commented(make_proposal, actors):
    proposal = make_proposal()
    services.proposal_transition(actor=actors["planner"], proposal=proposal, step="submit", reason="ready")
    services.comment_add(actor=actors["mfa"], proposal=proposal, body=SECRET_WORDS, non_attributable=True)
    services.comment_add(actor=actors["planner"], proposal=proposal, body="Signed remark")
    return proposal


def test_a_non_attributable_author_is_hidden_from_the_planner_on_the_page_and_api(commented, client_for, api_for):
    html = client_for("planner").get(reverse("decisions:detail", args=[commented.pk])).content.decode()
    assert SECRET_WORDS in html and "Phạm Ngọc Lan" not in html and "Non-attributable" in comments_section(html)
    assert "Trần Quang Minh" in comments_section(html)  # the signed comment keeps its author
    rows = api_for("planner").get(reverse("api:proposal-comments", args=[commented.pk])).json()
    hidden = next(r for r in rows if r["body"] == SECRET_WORDS)
    assert hidden["author"] is None and "mfa" not in str(hidden) and "Lan" not in str(hidden)


def test_even_the_administrator_and_the_author_do_not_see_the_name(commented, client_for, api_for):
    for persona in ("admin", "mfa"):
        html = client_for(persona).get(reverse("decisions:detail", args=[commented.pk])).content.decode()
        assert "Phạm Ngọc Lan" not in comments_section(html) and "Non-attributable" in comments_section(html)
        rows = api_for(persona).get(reverse("api:proposal-comments", args=[commented.pk])).json()
        assert next(r for r in rows if r["body"] == SECRET_WORDS)["author"] is None


def test_the_auditor_sees_who_wrote_it(commented, client_for, api_for):
    html = client_for("auditor").get(reverse("decisions:detail", args=[commented.pk])).content.decode()
    assert "Phạm Ngọc Lan" in comments_section(html)
    rows = api_for("auditor").get(reverse("api:proposal-comments", args=[commented.pk])).json()
    assert next(r for r in rows if r["body"] == SECRET_WORDS)["author"] == "Phạm Ngọc Lan"


def test_the_audit_trail_withholds_the_row_from_the_administrator_but_not_the_auditor(commented, client_for):
    from peaceops.audit.models import AuditEvent

    event = AuditEvent.objects.get(action="decisions.comment.create", changes__non_attributable=True)
    assert event.actor_label == "mfa"  # the row exists, with its actor, in the hash chain
    url = reverse("audit:events") + f"?target={event.target_id}"
    admin_html = client_for("admin").get(url).content.decode()
    assert "decisions.comment.create" not in admin_html and ">mfa<" not in admin_html
    signed = AuditEvent.objects.get(action="decisions.comment.create", actor_label="planner")
    assert "decisions.comment.create" in client_for("admin").get(
        reverse("audit:events") + f"?target={signed.target_id}").content.decode()  # the signed one stays
    # Filtering or sorting by user does not give the author away either.
    for query in ("?actor=mfa", "?sort=actor", "?sort=-at", "?action=comment"):
        assert event.target_id[:8] not in client_for("admin").get(reverse("audit:events") + query).content.decode()
    auditor_html = client_for("auditor").get(url).content.decode()
    assert "decisions.comment.create" in auditor_html and ">mfa<" in auditor_html


def test_an_administrator_cannot_place_a_non_attributable_comment_among_its_authors_reads(
        make_proposal, actors, client_for, api_for):
    """The author opens the proposal, posts a non-attributable comment and lands on the proposal again: two
    audited reads around the comment's creation. Before the fix the administrator saw, in the audit trail,
    the creation row (actor blanked) at the same second and between those two reads, and the comment's
    minute on the page and its exact time in the API: the reads named the author. Now nothing an
    administrator sees places the comment closer than its day."""
    from peaceops.audit.models import AuditEvent
    from peaceops.decisions.models import Comment

    proposal = make_proposal()
    services.proposal_transition(actor=actors["planner"], proposal=proposal, step="submit", reason="ready")
    services.comment_add(actor=actors["planner"], proposal=proposal, body="Signed before")
    mfa = client_for("mfa")
    detail = reverse("decisions:detail", args=[proposal.pk])
    mfa.get(detail)
    response = mfa.post(reverse("decisions:comment-add", args=[proposal.pk]),
                        {"body": SECRET_WORDS, "non_attributable": "on"}, follow=True)
    assert response.status_code == 200
    services.comment_add(actor=actors["planner"], proposal=proposal, body="Signed after")
    comment = Comment.objects.unrestricted().get(body=SECRET_WORDS)
    created = AuditEvent.objects.get(action="decisions.comment.create", target_id=str(comment.pk))
    reads = list(AuditEvent.objects.filter(actor_label="mfa", action__endswith=".view").order_by("seq"))
    assert [r.seq < created.seq for r in reads] == [True, False]  # the author's reads around the creation

    admin = client_for("admin")
    trail = admin.get(reverse("audit:events") + "?per_page=200").content.decode()
    assert str(comment.pk)[:8] not in trail and "decisions.comment.create" in trail  # the signed ones only
    assert trail.count("decisions.comment.create") == 2
    assert 'data-testid="audit-seq"' not in trail  # no sequence numbers, so no gap where the row sits
    page = admin.get(detail).content.decode()
    section = comments_section(page)
    minute = timezone.localtime(comment.created_at).strftime("%d/%m/%Y %H:%M")
    block = next(b for b in section.split('data-testid="comment"') if SECRET_WORDS in b)
    assert "Phạm Ngọc Lan" not in section and minute not in block and 'data-testid="comment-day"' in block
    bodies = [b for b in ("Signed before", "Signed after", SECRET_WORDS) if b in section]
    assert sorted(bodies, key=section.index) == ["Signed before", "Signed after", SECRET_WORDS]  # not between them
    rows = api_for("admin").get(reverse("api:proposal-comments", args=[proposal.pk])).json()
    hidden = next(r for r in rows if r["body"] == SECRET_WORDS)
    assert hidden["author"] is None and hidden["created_at"] is None
    assert hidden["created_on"] == timezone.localdate(comment.created_at).isoformat()
    assert [r["body"] for r in rows][-1] == SECRET_WORDS

    # The auditor keeps everything: the row with its author, its time and place, the sequence numbers.
    auditor_trail = client_for("auditor").get(reverse("audit:events") + f"?target={comment.pk}").content.decode()
    assert ">mfa<" in auditor_trail and 'data-testid="audit-seq"' in auditor_trail
    audited = api_for("auditor").get(reverse("api:proposal-comments", args=[proposal.pk])).json()
    assert [r["body"] for r in audited] == ["Signed before", SECRET_WORDS, "Signed after"]
    assert next(r for r in audited if r["body"] == SECRET_WORDS)["created_at"] is not None


def test_calendar_flags_show_on_the_list_the_detail_and_the_api(make_proposal, client_for, api_for):
    proposal = make_proposal(planned_start=dt.date(2027, 9, 2), announcement_on=dt.date(2027, 4, 30))
    quiet = make_proposal(title="Observers to UNMISS", planned_start=dt.date(2027, 6, 15))
    listing = client_for("planner").get(reverse("decisions:list")).content.decode()
    assert listing.count('data-testid="calendar-flag"') == 2
    web = client_for("planner")
    web.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    detail = web.get(reverse("decisions:detail", args=[proposal.pk])).content.decode()
    # Vietnamese is the default language: the periods are named in Vietnamese.
    assert detail.count("⚠ Quốc khánh 2/9/2027") == 1 and detail.count("⚠ Ngày Giải phóng miền Nam") == 1
    flags = api_for("planner").get(reverse("api:proposal-detail", args=[proposal.pk])).json()["calendar_flags"]
    assert sorted(f["what"] for f in flags) == ["announcement_on", "planned_start"]
    assert api_for("planner").get(reverse("api:proposal-detail", args=[quiet.pk])).json()["calendar_flags"] == []


def test_step_buttons_are_only_those_of_the_actors_role(make_proposal, actors, client_for, leader):
    proposal = make_proposal()
    url = reverse("decisions:detail", args=[proposal.pk])
    assert 'data-step="submit"' in client_for("planner").get(url).content.decode()
    assert 'data-step="submit"' not in client_for("mfa").get(url).content.decode()
    services.proposal_transition(actor=actors["planner"], proposal=proposal, step="submit", reason="ready")
    html = client_for("mfa").get(url).content.decode()
    assert 'data-step="recommend"' in html and 'data-step="withdraw"' not in html


def test_a_step_through_the_page_is_taken_or_refused_with_a_message(make_proposal, client_for):
    proposal = make_proposal()
    url = reverse("decisions:transition", args=[proposal.pk])
    refused = client_for("mfa").post(url, {"step": "submit", "reason": "x"}, follow=True)
    assert "Your role may not take this step." in refused.content.decode()
    client_for("planner").post(url, {"step": "submit", "reason": "ready", "version": 1})
    proposal.refresh_from_db()
    assert proposal.status == "in_review"


def test_the_api_takes_a_step_and_answers_400_for_a_refused_one(make_proposal, api_for):
    proposal = make_proposal()
    url = reverse("api:proposal-transition", args=[proposal.pk])
    refused = api_for("mfa").post(url, {"step": "submit", "reason": "x"}, format="json")
    assert refused.status_code == 400 and "role" in refused.json()["detail"]
    taken = api_for("planner").post(url, {"step": "submit", "reason": "ready"}, format="json")
    assert taken.status_code == 200 and taken.json()["to_status"] == "in_review"


def test_the_api_refuses_a_stale_edit_with_409(make_proposal, api_for):
    proposal = make_proposal()
    url = reverse("api:proposal-detail", args=[proposal.pk])
    assert api_for("planner").patch(url, {"title": "A", "version": 1}, format="json").status_code == 200
    assert api_for("planner").patch(url, {"title": "B", "version": 1}, format="json").status_code == 409


def test_overdue_items_show_on_the_roadmap_and_the_dashboard(decisions_ref, actors, client_for):
    vdpo = Agency.objects.get(code="VDPO")
    services.action_item_create(actor=actors["planner"], title="Book the sea lift", marking=shared_marking(),
                                owner_agency=vdpo, due_on=dt.date.today() - dt.timedelta(days=3))
    services.action_item_create(actor=actors["planner"], title="Secret item", marking=shared_marking(level=2),
                                owner_agency=vdpo, due_on=dt.date.today() - dt.timedelta(days=3))
    services.action_item_create(actor=actors["planner"], title="Later", marking=shared_marking(),
                                owner_agency=vdpo, due_on=dt.date.today() + dt.timedelta(days=3))
    roadmap = client_for("planner").get(reverse("decisions:roadmap") + "?overdue=yes").content.decode()
    assert "Book the sea lift" in roadmap and "Later" not in roadmap
    from peaceops.access.testing import stat_value

    assert stat_value(client_for("planner").get(reverse("core:dashboard")).content.decode(), "overdue-actions") == 2
    # The health officer (CONFIDENTIAL, MOH) sees only the confidential one.
    assert stat_value(client_for("health").get(reverse("core:dashboard")).content.decode(), "overdue-actions") == 1
    assert ActionItem.objects.unrestricted().count() == 3


def test_the_demo_loads_twice_without_duplicates(structure):
    from peaceops.access.context import system_scope
    from peaceops.decisions.models import AgencyPosition, Comment, Proposal
    from peaceops.demo.decisions import load_decisions

    with system_scope("test demo") as system:
        assert len(load_decisions(system)["proposals"]) == 2
        assert load_decisions(system)["proposals"] == []
    hospital = Proposal.objects.unrestricted().get(mission_code="UNMISS")
    assert (hospital.status, hospital.outcome) == ("implementing", "approved")
    assert list(hospital.transitions.values_list("step", flat=True)) == [
        "submit", "recommend", "defer", "resurface", "recommend", "approve", "implement"]
    assert AgencyPosition.objects.filter(stance="non_concur").count() == 2
    assert Comment.objects.unrestricted().filter(non_attributable=True).count() == 1


def test_the_roadmap_never_names_a_proposal_the_reader_may_not_see(make_proposal, actors, client_for):
    secret = make_proposal(title="Secret proposal", level=2)
    services.action_item_create(actor=actors["planner"], title="Confidential follow-up", marking=shared_marking(),
                                owner_agency=Agency.objects.get(code="VDPO"), proposal=secret)
    health = client_for("health").get(reverse("decisions:roadmap")).content.decode()
    assert "Confidential follow-up" in health and secret.reference not in health
    planner = client_for("planner").get(reverse("decisions:roadmap")).content.decode()
    assert secret.reference in planner
    api = client_for("health").get(reverse("api:action-item-list")).json()
    assert api["results"][0]["proposal"] is None


def test_the_roadmap_and_its_timeline_carry_the_highest_marking_shown(decisions_ref, actors, client_for):
    vdpo = Agency.objects.get(code="VDPO")
    services.action_item_create(actor=actors["planner"], title="Secret late item", marking=shared_marking(level=2),
                                owner_agency=vdpo, due_on=dt.date(2027, 6, 1))
    for n in range(3):
        services.action_item_create(actor=actors["planner"], title=f"Open item {n}", marking=shared_marking(level=0),
                                    owner_agency=vdpo, due_on=dt.date(2027, 1, 1 + n))
    html = client_for("planner").get(reverse("decisions:roadmap") + "?per_page=25&sort=due").content.decode()
    assert 'data-testid="timeline"' in html and "Secret late item" in html
    assert "marking-secret" in html
