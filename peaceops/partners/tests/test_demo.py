"""The demo step: one real programme named with its recorded facts only, invented partners marked
fictional, open offers that answer the shipped rules' requirements, and a request with deliveries."""

import pytest

from peaceops.access.context import system_scope
from peaceops.demo import partners as demo
from peaceops.partners.models import Delivery, Offer, Partner, Request
from peaceops.partners.shortfalls import _facts, _requirement
from peaceops.readiness.models import PostType
from peaceops.readiness.selectors import rules_in_force

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_marks_every_invented_partner(reference):
    with system_scope("test: demo partners") as actor:
        counts = demo.load(actor)
        assert demo.load(actor) == {"partners": 0, "offers": 0, "requests": 0, "deliveries": 0}
    assert counts["partners"] == 4 and counts["offers"] == 7 and counts["requests"] == 2
    real = Partner.objects.get(code="GPOI")
    assert not real.fictional and "DOMAIN_FACTS.md" in real.source and not real.offers.exists()
    assert all(p.fictional for p in Partner.objects.exclude(code="GPOI"))
    assert Delivery.objects.filter(acceptance="accepted").exists() and Delivery.objects.filter(acceptance="pending").exists()
    assert Request.objects.unrestricted().filter(status="agreed").count() == 1


def test_the_demos_open_english_offer_answers_the_expert_posts_english_rule(reference):
    with system_scope("test: demo partners") as actor:
        demo.load(actor)
    import datetime as dt

    from peaceops.partners import matching

    offer = Offer.objects.get(title__startswith="English to B2")
    rules = rules_in_force(post_types=list(PostType.objects.filter(code="MEM")), on=dt.date(2027, 3, 1))["MEM"]
    need = matching.PeopleNeed("MEM", _requirement(rules.rules, "english"), short=10)
    assert matching.matching(need, [_facts(offer)])
