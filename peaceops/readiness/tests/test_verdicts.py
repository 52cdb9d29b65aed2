"""Verdicts as readers see them: the same outcome for everyone who may see the person, the facts
behind it only for those who may see the records."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from peaceops.readiness import eligibility as engine
from peaceops.readiness import selectors

from .conftest import TOUR_FROM, TOUR_TO, nurse

pytestmark = pytest.mark.django_db

TOUR = engine.Tour(TOUR_FROM, TOUR_TO)
MEDICAL_EXPIRY = dt.date(2027, 9, 30)


def verdict_for(actor, person, code="NURSE"):
    post_type = selectors.post_type_get(actor=actor, code=code)
    return selectors.person_verdict(actor=actor, person=person, post_type=post_type, tour=TOUR)


def api_verdict(api, person, code="NURSE"):
    response = api.get(reverse("api:readiness-eligibility-list"),
                       {"person": str(person.pk), "post_type": code, "from": TOUR_FROM.isoformat(),
                        "to": TOUR_TO.isoformat()})
    assert response.status_code == 200, response.content
    return response.json()


def test_a_prepared_nurse_is_eligible_for_both_readers(reference, actors):
    subject = nurse()
    for persona in ("planner", "health"):
        _rules, verdict = verdict_for(actors[persona], subject)
        assert verdict.eligible, (persona, verdict.reasons)


def test_the_health_officer_sees_the_medical_expiry_and_the_planner_only_that_it_fails(reference, actors):
    subject = nurse(medical_until=MEDICAL_EXPIRY)
    _rules, for_health = verdict_for(actors["health"], subject)
    _rules, for_planner = verdict_for(actors["planner"], subject)
    assert for_health.eligible is for_planner.eligible is False
    assert for_health.first_failing == for_planner.first_failing == "medical"
    [(check, reason)] = for_health.reasons
    assert (check, reason.code) == ("medical", "expired")
    assert reason.params["valid_until"] == "2027-09-30" and reason.params["needed"] == "2028-02-29"
    [(check, reason)] = for_planner.reasons
    assert (check, reason.code, dict(reason.params)) == ("medical", "hidden", {"check": "medical"})


def test_the_api_words_the_medical_reason_for_health_and_withholds_it_from_the_planner(reference, api_for):
    subject = nurse(medical_until=MEDICAL_EXPIRY)
    health = api_verdict(api_for("health"), subject)
    planner = api_verdict(api_for("planner"), subject)
    assert health["eligible"] is planner["eligible"] is False
    assert health["reasons"][0]["code"] == "expired"
    assert "2027-09-30" in health["reasons"][0]["message"] and "2028-02-29" in health["reasons"][0]["message"]
    assert planner["reasons"][0]["code"] == "hidden" and planner["reasons"][0]["params"] == {"check": "medical"}
    assert "2027-09-30" not in json.dumps(planner)
    medical = next(c for c in planner["checks"] if c["check"] == "medical")
    assert medical["hidden"] and not medical["met"]


def test_the_reasons_read_like_the_issue_asks(reference, actors):
    from django.utils import translation

    from peaceops.readiness import wording

    subject = nurse(english="A1", medical_until=MEDICAL_EXPIRY)
    rules, verdict = verdict_for(actors["health"], subject)
    with translation.override("en"):
        assert wording.verdict_reasons(verdict, rules.types, rules.rules) == [
            "English A1, A2 required",
            "Medical fitness expires 2027-09-30, before the tour ends 2028-02-29",
        ]
    rules, verdict = verdict_for(actors["planner"], subject)
    with translation.override("en"):
        assert wording.verdict_reasons(verdict, rules.types, rules.rules) == [
            "English A1, A2 required", "Medical fitness: not visible to you"]


def test_a_missing_medical_record_looks_the_same_as_an_expired_one_to_the_planner(reference, actors):
    with_record = nurse(medical_until=MEDICAL_EXPIRY, marker="Zq1")
    without_record = nurse(medical_until=None, marker="Zq2")
    _r, seen_with = verdict_for(actors["planner"], with_record)
    _r, seen_without = verdict_for(actors["planner"], without_record)
    assert [r.as_dict() for _c, r in seen_with.reasons] == [r.as_dict() for _c, r in seen_without.reasons]
    _r, health_without = verdict_for(actors["health"], without_record)
    assert health_without.reasons[0][1].code == "missing"


def test_a_record_above_the_reader_is_hidden_even_with_the_compartment(reference, actors):
    # Health holds MEDICAL at CONFIDENTIAL; a SECRET medical record is beyond her.
    subject = nurse(medical_until=None, marker="Zq3")
    from .factories import QualificationFactory

    QualificationFactory(person=subject, type_code="MEDICAL", result="fit", valid_until=MEDICAL_EXPIRY, level_id=2,
                         compartments=("MEDICAL",), owner="VDPO", released=("MOD", "MOH"))
    _r, for_health = verdict_for(actors["health"], subject)
    assert [(c, r.code) for c, r in for_health.reasons] == [("medical", "hidden")]
    _r, for_admin = verdict_for(actors["admin"], subject)
    assert [(c, r.code) for c, r in for_admin.reasons] == [("medical", "expired")]


def test_passport_and_vetting_are_hidden_from_a_reader_without_personal_data(reference, actors):
    subject = nurse(passport_until=dt.date(2028, 1, 1), marker="Zq4")
    _r, for_planner = verdict_for(actors["planner"], subject)
    _r, for_personnel = verdict_for(actors["personnel"], subject)
    assert [(c, r.code) for c, r in for_planner.reasons] == [("passport", "hidden")]
    assert [(c, r.code) for c, r in for_personnel.reasons] == [("passport", "passport_expires")]
    hidden = {c.check for c in for_planner.checks if c.hidden}
    assert hidden == {"medical", "vetting", "passport"}


def test_a_reader_who_may_not_see_the_person_gets_404_from_the_api(reference, api_for):
    subject = nurse(owner="MPS", released=(), marker="Zq5")  # the planner (MOD, VDPO) may not see MPS records
    response = api_for("planner").get(reverse("api:readiness-eligibility-list"),
                                      {"person": str(subject.pk), "post_type": "NURSE",
                                       "from": TOUR_FROM.isoformat()})
    assert response.status_code == 404
    assert "Zq5" not in response.content.decode()


@pytest.mark.parametrize("params, field", [
    ({"from": "2027-13-01"}, "from"),
    ({"from": "yesterday"}, "from"),
    ({"from": "2027-03-01", "to": "2026-03-01"}, "to"),
    ({"from": "2027-03-01", "to": "2035-03-01"}, "to"),
    ({"from": "2027-03-01", "post_type": "NOPE"}, "post_type"),
    ({}, "from"),
])
def test_bad_input_is_a_400_that_names_the_parameter(reference, api_for, params, field):
    subject = nurse(marker="Zq6")
    for name in ("api:readiness-eligibility-list", "api:readiness-pool-list"):
        query = {"post_type": "NURSE", "person": str(subject.pk), **params}
        response = api_for("planner").get(reverse(name), query)
        assert response.status_code == 400, (name, response.content)
        body = response.json()
        assert field in body and body["code"] == "invalid", body


def test_a_bad_person_id_is_a_400(reference, api_for):
    response = api_for("planner").get(reverse("api:readiness-eligibility-list"),
                                      {"person": "not-a-uuid", "post_type": "NURSE", "from": "2027-03-01"})
    assert response.status_code == 400 and "person" in response.json()


def test_the_person_page_shows_the_card_with_reasons_in_the_readers_words(reference, client_for):
    subject = nurse(medical_until=MEDICAL_EXPIRY, marker="Zq7")
    url = reverse("readiness:person", args=[subject.pk]) + f"?from={TOUR_FROM}&to={TOUR_TO}"
    health = client_for("health").get(url, HTTP_ACCEPT_LANGUAGE="en")
    planner = client_for("planner").get(url)
    assert health.status_code == planner.status_code == 200
    assert "2027-09-30" in health.content.decode()
    assert "2027-09-30" not in planner.content.decode()
    # The health officer's page shows the medical record itself, so its banner carries MEDICAL.
    assert 'data-marking="CONFIDENTIAL"' in health.content.decode() and "MEDICAL" in health.content.decode()


def test_the_person_page_loads_the_card_and_the_card_raises_the_banner(reference, client_for):
    subject = nurse(marker="Zq8")
    page = client_for("health").get(reverse("people:detail", args=[subject.pk])).content.decode()
    card_url = reverse("readiness:person-card", args=[subject.pk])
    assert card_url in page
    card = client_for("health").get(card_url + "?level=0", headers={"HX-Request": "true"})
    assert card.status_code == 200
    text = card.content.decode()
    assert 'hx-swap-oob="true"' in text and "MEDICAL" in text  # the medical record's marking reaches the banner
    assert "NURSE" in text


def test_the_card_of_an_invisible_person_is_404(reference, client_for):
    subject = nurse(owner="MPS", released=(), marker="Zq9")
    assert client_for("planner").get(reverse("readiness:person-card", args=[subject.pk])).status_code == 404
    assert client_for("planner").get(reverse("readiness:person", args=[subject.pk])).status_code == 404
