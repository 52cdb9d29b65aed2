"""Demo: partners, open offers that answer the demo's real readiness shortfalls, and requests with
deliveries (partners app).

One real programme, the Global Peace Operations Initiative (GPOI), is recorded with facts from
DOMAIN_FACTS.md §10 only, and no invented offer is put in its name. Every other partner, offer and
request is an invented example: its partner carries `fictional=True`, shown as "fictional example"
on every page. The offers are chosen to match what the readiness demo lacks (English at B2 for
experts, staff officers and police; B1 for the hospital's doctors; demining and plant-operator
certificates for the engineering company; UN staff officers course places).

Idempotent: a second run finds the partners by code and creates nothing. Dates count from the day
the demo is loaded, so the offers are open when it is shown.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

GPOI = {
    "code": "GPOI", "name": "Global Peace Operations Initiative (GPOI)", "kind": "government_programme",
    "country": "United States",
    "description": (
        "A US Government security-assistance programme, launched in 2005 as the US contribution to the G8 Action "
        "Plan for Expanding Global Capability for Peace Support Operations. Managed by the State Department's "
        "Bureau of Political-Military Affairs through the Peacekeeping Operations account and implemented with "
        "DoD. It funds partners' self-sufficient peace-operations training capacity (trainer cadres, training "
        "facilities, curricula, training equipment), training and equipping troops and formed police units, "
        "deployment support and gender integration. Viet Nam is a GPOI partner country."),
    "source": "DOMAIN_FACTS.md §10: https://www.state.gov/key-topics-office-of-global-programs-and-initiatives/; "
              "State Dept blog 2013-09-03",
    "fictional": False,
}

FICTIONAL = [
    {"code": "DEMO-LANG", "name": "Language Partnership Programme (demo)", "kind": "government_programme",
     "description": "Invented example: a foreign programme that funds English instruction for peacekeepers."},
    {"code": "DEMO-PKTC", "name": "Regional Peacekeeping Training Centre (demo)", "kind": "training_centre",
     "description": "Invented example: a training centre that offers course places to partner countries."},
    {"code": "DEMO-ENG", "name": "Engineering Capacity Fund (demo)", "kind": "international",
     "description": "Invented example: a fund for engineering and demining training and equipment."},
]

# (partner code, kind, title, quantity, counted in, starts in days, lasts days, qualification, level, post type,
#  status)
OFFERS = [
    ("DEMO-LANG", "english", "English to B2 for experts, staff officers and police (demo)", 40, "places", -20, 150,
     "ENGLISH", "B2", None, "open"),
    ("DEMO-LANG", "english", "English to B1 for the Level-2 hospital's doctors (demo)", 24, "places", -10, 120,
     "ENGLISH", "B1", None, "open"),
    ("DEMO-PKTC", "training_places", "UN staff officers course places (demo)", 6, "places", 5, 90,
     "UN_STM_SO", "", None, "open"),
    ("DEMO-PKTC", "training_places", "UN military experts on mission course places (demo)", 4, "places", -400, 60,
     "UN_STM_MEM", "", None, "closed"),
    ("DEMO-ENG", "course", "Demining / EOD certification course (demo)", 12, "places", -5, 100,
     "EOD", "", "DEMINER", "open"),
    ("DEMO-ENG", "course", "Heavy plant operator certification (demo)", 10, "places", 0, 80,
     "PLANT_OPERATOR", "", "PLANT-OP", "open"),
    ("DEMO-ENG", "equipment", "Field engineering training equipment set (demo)", 2, "sets", -30, 200,
     None, "", None, "withdrawn"),
]


def load(actor) -> dict:
    """Load this part of the demo idempotently; returns counts of what was created."""
    from peaceops.access.actor import actor_for_user
    from peaceops.access.marking import Marking
    from peaceops.accounts.models import User
    from peaceops.org.models import Agency, Unit
    from peaceops.partners import services
    from peaceops.partners.models import Partner
    from peaceops.readiness.models import PostType, QualificationType

    counts = {"partners": 0, "offers": 0, "requests": 0, "deliveries": 0}
    admin_user = User.objects.filter(username="admin").first()
    if admin_user is None or Partner.objects.filter(code=GPOI["code"]).exists():
        return counts
    officer = actor_for_user(admin_user)
    today = timezone.localdate()
    partners = {}
    for spec in [GPOI, *({**f, "fictional": True, "source": "Invented for the demonstration."} for f in FICTIONAL)]:
        partners[spec["code"]] = services.partner_create(actor=officer, data=services.PartnerData(**spec))
        counts["partners"] += 1
    types = {t.code: t for t in QualificationType.objects.all()}
    post_types = {p.code: p for p in PostType.objects.all()}
    offers = {}
    for code, kind, title, quantity, unit_label, starts, lasts, qual, level, post, status in OFFERS:
        if qual and qual not in types:
            continue  # readiness reference data not loaded: the offer would match nothing
        offer = services.offer_create(actor=officer, data=services.OfferData(
            partner=partners[code], kind=kind, title=title, quantity=quantity, unit_label=unit_label,
            available_from=today + dt.timedelta(days=starts),
            available_until=today + dt.timedelta(days=starts + lasts),
            qualification_type=types.get(qual), level=level, post_type=post_types.get(post),
            description="Invented example for the demonstration."))
        if status != "open":
            services.offer_set_status(actor=officer, offer=offer, status=status, expected_version=offer.version)
        offers[title] = offer
        counts["offers"] += 1
    agencies = {a.code: a for a in Agency.objects.all()}
    if "VDPO" not in agencies:
        return counts
    marking = Marking(level=1, owning_agency_id=agencies["VDPO"].pk,
                      releasable_to=tuple(agencies[c] for c in ("MOD", "MPS", "MOH") if c in agencies),
                      classified_by="Nguyễn Văn Khoa", reason="Names readiness shortfalls")
    english = offers.get(OFFERS[0][2])
    if english is not None:
        request = services.request_create(actor=officer, offer=english, marking=marking, data=services.RequestData(
            title="English to B2: 20 candidates for expert, staff officer and police posts (demo)", quantity=20,
            needed_by=today + dt.timedelta(days=90),
            justification="Invented example: candidates who meet every other requirement for MEM, SO and IPO "
                          "posts but hold English below B2."))
        counts["requests"] += 1
        for status in ("submitted", "agreed"):
            services.request_transition(actor=officer, request=request, status=status,
                                        expected_version=request.version)
        first = services.delivery_record(actor=officer, request=request, delivered_on=today - dt.timedelta(days=7),
                                         quantity=12, notes="First intake: 12 places taken up (demo).")
        services.delivery_decide(actor=officer, delivery=first, acceptance="accepted", expected_version=first.version,
                                 on=today - dt.timedelta(days=5), notes="Attendance lists received (demo).")
        services.delivery_record(actor=officer, request=request, delivered_on=today - dt.timedelta(days=1),
                                 quantity=8, notes="Second intake: 8 places (demo).")
        counts["deliveries"] += 2
    demining = offers.get(OFFERS[4][2])
    unit = Unit.objects.filter(code="ENG-4").first()
    if demining is not None:
        services.request_create(actor=officer, offer=demining, marking=marking, data=services.RequestData(
            title="EOD certification for the engineering company's deminers (demo)", quantity=12, unit=unit,
            needed_by=today + dt.timedelta(days=60),
            justification="Invented example: deminer posts of ENG-4 that no eligible member can fill."))
        counts["requests"] += 1
    return counts
