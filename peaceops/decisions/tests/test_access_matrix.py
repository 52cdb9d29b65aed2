"""Proposals and comments in the shared access matrix (see peaceops.access.testing)."""

import pytest
from django.urls import reverse

from peaceops.access.testing import AccessMatrixMixin, json_count
from peaceops.people.tests.factories import MarkedFactory

from ..models import Comment, Proposal
from ..services import REVIEW_TEMPLATE_CODE  # noqa: F401  (the template need not exist for reads)

EVERY_AGENCY = ("VDPO", "MOD", "MFA", "MPS", "MOH")


class ProposalFactory(MarkedFactory):
    class Meta:
        model = Proposal

    scenario = "staff_officer"
    owner_agency = MarkedFactory.owning_agency


class CommentFactory(MarkedFactory):
    class Meta:
        model = Comment


def marking_kwargs(case, today):
    return {"level_id": case.level, "owner": case.owner, "compartments": case.compartments,
            "released": case.released, "declassify_on": case.declassify_on(today),
            "downgrade_level_id": case.downgrade_level}


_counter = iter(range(10**6))


def proposal(title, **marking):
    number = next(_counter)
    return ProposalFactory(title=title, reference=f"DP-T-{number:05d}", **marking)


@pytest.mark.django_db
class TestProposalAccessMatrix(AccessMatrixMixin):
    model = Proposal
    marker_prefix = "Pq"
    listed_in_apps = ("documents", "logistics", "missions")

    def make(self, case, marker, today):
        return proposal(marker, **marking_kwargs(case, today))

    def check_counts(self, persona, api, web, expected, today):
        assert json_count(api.get(reverse("api:proposal-list"))) == expected, persona


@pytest.mark.django_db
class TestCommentAccessMatrix(AccessMatrixMixin):
    model = Comment
    expects_routes = False
    marker_prefix = "Cq"

    def make(self, case, marker, today):
        host = proposal("Host proposal", level_id=0, owner="VDPO", released=EVERY_AGENCY)
        return CommentFactory(proposal=host, body=marker, **marking_kwargs(case, today))

    def pages_showing(self, obj):
        return [reverse("decisions:detail", args=[obj.proposal_id])]
