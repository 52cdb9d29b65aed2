"""The list, detail and API cost the same number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peaceops.decisions import services

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_proposal_list_and_api_do_not_grow_with_rows(make_proposal, client_for, api_for):
    web, api = client_for("planner"), api_for("planner")
    make_proposal(title="One")
    queries(web, reverse("decisions:list")), queries(api, reverse("api:proposal-list"))  # warm: session, content types
    small = (queries(web, reverse("decisions:list")), queries(api, reverse("api:proposal-list")))
    for n in range(6):
        make_proposal(title=f"More {n}")
    large = (queries(web, reverse("decisions:list")), queries(api, reverse("api:proposal-list")))
    assert large == small


def test_the_detail_page_does_not_grow_with_positions_and_comments(make_proposal, actors, client_for):
    from peaceops.org.models import Agency

    proposal = make_proposal()
    services.proposal_transition(actor=actors["planner"], proposal=proposal, step="submit", reason="ready")
    web = client_for("planner")
    url = reverse("decisions:detail", args=[proposal.pk])
    queries(web, url)  # warm: session, content types
    before = queries(web, url)
    for n in range(4):
        services.position_record(actor=actors["mfa"], proposal=proposal, agency=Agency.objects.get(code="MFA"),
                                 stance="non_concur", reasons=f"reason {n}")
        services.comment_add(actor=actors["mfa"], proposal=proposal, body=f"comment {n}", non_attributable=n % 2 == 0)
    assert queries(web, url) == before
