import datetime as dt
from decimal import Decimal

import pytest

from peaceops.access.actor import actor_for_user
from peaceops.access.context import system_scope
from peaceops.access.marking import Marking
from peaceops.logistics import services
from peaceops.org.models import Agency, Unit

PASSWORD = "x-very-long-test-password-1"


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def _account(username, full_name, level, agencies, roles, compartments=()):
    from peaceops.accounts import services as account_services

    with system_scope("test: logistics account") as system:
        user = account_services.user_create(actor=system, username=username, full_name=full_name, password=PASSWORD)
        account_services.clearance_grant(actor=system, user=user, level=level, compartments=list(compartments),
                                         agencies=list(Agency.objects.filter(code__in=agencies)),
                                         valid_from=dt.date(2024, 1, 1))
        for role in roles:
            account_services.role_grant(actor=system, user=user, role=role, valid_from=dt.date(2024, 1, 1))
    return user


@pytest.fixture
def logistics_user(structure):
    """A logistics and finance officer (no demo persona holds the role)."""
    return _account("logistics", "Ngô Thị Mai", "CONFIDENTIAL", ["VDPO", "MOD"], ["logistics"])


@pytest.fixture
def officer(logistics_user):
    return actor_for_user(logistics_user)


@pytest.fixture
def client_for(users, logistics_user):
    from django.conf import settings
    from django.test import Client

    everyone = {**users, "logistics": logistics_user}

    def make(name):
        client = Client()
        client.force_login(everyone[name])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def api_for(users, logistics_user):
    from django.conf import settings
    from rest_framework.test import APIClient

    everyone = {**users, "logistics": logistics_user}

    def make(name):
        api = APIClient()
        api.force_authenticate(everyone[name])
        api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return api

    return make


def marking(level=1, owner="VDPO", released=("MOD", "MOH")):
    agencies = {a.code: a for a in Agency.objects.all()}
    return Marking(level=level, owning_agency_id=agencies[owner].pk,
                   releasable_to=tuple(agencies[c] for c in released))


@pytest.fixture
def hospital(structure):
    return Unit.objects.get(code="L2FH-7")


@pytest.fixture
def unmiss(db):
    from peaceops.missions.models import Mission

    mission, _ = Mission.objects.get_or_create(acronym="UNMISS", defaults={"name": "UN Mission in South Sudan"})
    return mission


@pytest.fixture
def shipped_rates(structure):
    with system_scope("test: rates") as system:
        return services.reference_load(actor=system)


@pytest.fixture
def make_item(officer, hospital):
    def make(description="Ambulance 4×4", category="ambulance", lease="wet", quantity=2, level=1, unit=None,
             serial=""):
        data = services.EquipmentData(unit=unit or hospital, category=category, description=description, lease=lease,
                                      quantity=quantity, serial=serial)
        return services.equipment_create(actor=officer, data=data, marking=marking(level))

    return make


@pytest.fixture
def entered_rates(officer):
    """Rates an officer enters with their sources (not verified): the 2022 troop cost and two COE rates."""
    rows = [
        services.RateData(kind="troop_cost", amount="1448.00", effective_from=dt.date(2022, 7, 1),
                          source="casquebleu.org (amount unverified)", authority="A/76/676"),
        services.RateData(kind="major_equipment", key="ambulance", amount="1500.00",
                          effective_from=dt.date(2023, 7, 1), source="COE Manual 2023 annex A (test figure)"),
        services.RateData(kind="maintenance", key="ambulance", amount="700.00",
                          effective_from=dt.date(2023, 7, 1), source="COE Manual 2023 annex A (test figure)"),
        services.RateData(kind="self_sustainment", key="catering", amount="25.00",
                          effective_from=dt.date(2023, 7, 1), source="COE Manual 2023 annex B (test figure)"),
        services.RateData(kind="national_allowance", amount="800.00", effective_from=dt.date(2024, 1, 1),
                          source="MoND allowance decision (test figure)"),
    ]
    return [services.rate_create(actor=officer, data=row) for row in rows]


D = dt.date
Dec = Decimal
