import datetime as dt

import pytest

from peaceops.access.actor import actor_for_user
from peaceops.access.context import system_scope
from peaceops.access.marking import Marking
from peaceops.decisions import services
from peaceops.org.models import Agency


@pytest.fixture
def decisions_ref(structure):
    with system_scope("test: decisions reference") as system:
        services.reference_load(actor=system)


@pytest.fixture
def leader(structure):
    """A leader who decides (no demo persona holds the role)."""
    from peaceops.accounts import services as account_services

    with system_scope("test: leader account") as system:
        user = account_services.user_create(actor=system, username="leader", full_name="Hoàng Văn Đức",
                                            password="x-very-long-test-password-1")
        account_services.clearance_grant(actor=system, user=user, level="SECRET", compartments=[],
                                         agencies=list(Agency.objects.filter(code__in=["VDPO", "MOD", "MFA"])),
                                         valid_from=dt.date(2024, 1, 1))
        account_services.role_grant(actor=system, user=user, role="leader", valid_from=dt.date(2024, 1, 1))
    return actor_for_user(user)


def shared_marking(level=1):
    agencies = {a.code: a for a in Agency.objects.all()}
    return Marking(level=level, owning_agency_id=agencies["VDPO"].pk,
                   releasable_to=tuple(agencies[c] for c in ("MOD", "MFA", "MOH", "MPS")))


@pytest.fixture
def make_proposal(decisions_ref, actors):
    def make(title="Deploy a Level-2 hospital to UNMISS", level=1, **extra):
        data = services.ProposalData(title=title, scenario="formed_unit", mission_code="UNMISS", personnel=63,
                                     owner_agency=Agency.objects.get(code="VDPO"), **extra)
        return services.proposal_create(actor=actors["planner"], data=data, marking=shared_marking(level))

    return make


# These tests read refusal messages and page labels in English: services run with English active,
# and every client sends the language cookie the VI/EN switch sets (Vietnamese is the default).
@pytest.fixture(autouse=True)
def _english(english):
    """This app's tests read messages in English; the persona clients send the language cookie."""
