import datetime as dt

import pytest
from django.utils import timezone

from peaceops.access.context import system_scope
from peaceops.access.marking import Marking
from peaceops.org.models import Agency
from peaceops.partners import services


@pytest.fixture(autouse=True)
def _english(english):
    """This app's tests read messages in English; the persona clients send the language cookie."""


@pytest.fixture
def reference(structure):
    """The shipped post types, qualification types and rule sets of readiness."""
    from peaceops.readiness.services import reference_load

    with system_scope("test: readiness reference") as actor:
        return reference_load(actor=actor)


@pytest.fixture
def admin(actors):
    return actors["admin"]


@pytest.fixture
def planner(actors):
    return actors["planner"]


def marking(level=1, owner="VDPO", released=("MOD", "MFA", "MOH", "MPS"), compartments=()):
    found = {a.code: a for a in Agency.objects.all()}
    return Marking(level=level, owning_agency_id=found[owner].pk, compartments=tuple(compartments),
                   releasable_to=tuple(found[c] for c in released))


def today() -> dt.date:
    return timezone.localdate()


def make_partner(actor, code="TESTP", **fields):
    data = {"code": code, "name": f"Test partner {code}", "kind": "training_centre", "fictional": True} | fields
    return services.partner_create(actor=actor, data=services.PartnerData(**data))


def make_offer(actor, partner, *, quantity=10, starts=-1, lasts=60, qualification=None, level="", post_type=None,
               kind="course", title="Test offer", status="open"):
    from peaceops.readiness.models import PostType, QualificationType

    offer = services.offer_create(actor=actor, data=services.OfferData(
        partner=partner, kind=kind, title=title, quantity=quantity, unit_label="places",
        available_from=today() + dt.timedelta(days=starts), available_until=today() + dt.timedelta(days=starts + lasts),
        qualification_type=QualificationType.objects.get(code=qualification) if qualification else None, level=level,
        post_type=PostType.objects.get(code=post_type) if post_type else None))
    if status != "open":
        services.offer_set_status(actor=actor, offer=offer, status=status, expected_version=offer.version)
    return offer


def make_request(actor, offer, *, quantity=5, mark=None, title="Test request", status="draft"):
    request = services.request_create(actor=actor, offer=offer, marking=mark or marking(),
                                      data=services.RequestData(title=title, quantity=quantity))
    path = {"draft": [], "submitted": ["submitted"], "agreed": ["submitted", "agreed"],
            "cancelled": ["cancelled"], "declined": ["submitted", "declined"]}[status]
    for step in path:
        services.request_transition(actor=actor, request=request, status=step, expected_version=request.version)
    return request


@pytest.fixture
def partner(admin, structure):
    return make_partner(admin)


@pytest.fixture
def offer(admin, partner):
    return make_offer(admin, partner)
