"""Equipment, verifications, estimates and claims in the shared access matrix (see peaceops.access.testing)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from peaceops.access.testing import AccessMatrixMixin, json_count
from peaceops.org.models import Unit
from peaceops.people.tests.factories import MarkedFactory

from ..models import Claim, CostEstimate, EquipmentItem, Verification


class EquipmentFactory(MarkedFactory):
    class Meta:
        model = EquipmentItem

    category = "ambulance"
    lease = "wet"
    quantity = 1


class VerificationFactory(MarkedFactory):
    class Meta:
        model = Verification

    kind = "periodic"
    date = dt.date(2025, 1, 15)


class EstimateFactory(MarkedFactory):
    class Meta:
        model = CostEstimate

    personnel = 10
    start_date = dt.date(2025, 1, 1)
    end_date = dt.date(2025, 12, 31)
    result = {}


class ClaimFactory(MarkedFactory):
    class Meta:
        model = Claim

    kind = "personnel"
    period_start = dt.date(2025, 1, 1)
    period_end = dt.date(2025, 3, 31)
    submitted_on = dt.date(2025, 4, 10)
    amount_claimed = Decimal("1000.00")


def marking_kwargs(case, today):
    return {"level_id": case.level, "owner": case.owner, "compartments": case.compartments,
            "released": case.released, "declassify_on": case.declassify_on(today),
            "downgrade_level_id": case.downgrade_level}


def hospital():
    return Unit.objects.get(code="L2FH-7")


@pytest.mark.django_db
class TestEquipmentAccessMatrix(AccessMatrixMixin):
    model = EquipmentItem
    marker_prefix = "Eq"

    def make(self, case, marker, today):
        return EquipmentFactory(unit=hospital(), description=marker, **marking_kwargs(case, today))

    def pages_showing(self, obj):
        return [reverse("logistics:unit", args=[obj.unit_id])]

    def check_counts(self, persona, api, web, expected, today):
        assert json_count(api.get(reverse("api:logistics-equipment-list"))) == expected, persona


@pytest.mark.django_db
class TestVerificationAccessMatrix(AccessMatrixMixin):
    model = Verification
    marker_prefix = "Vq"

    def make(self, case, marker, today):
        return VerificationFactory(unit=hospital(), report_reference=marker, **marking_kwargs(case, today))

    def pages_showing(self, obj):
        return [reverse("logistics:unit", args=[obj.unit_id])]

    def check_counts(self, persona, api, web, expected, today):
        assert json_count(api.get(reverse("api:logistics-verification-list"))) == expected, persona


@pytest.mark.django_db
class TestEstimateAccessMatrix(AccessMatrixMixin):
    model = CostEstimate
    marker_prefix = "Kq"

    def make(self, case, marker, today):
        return EstimateFactory(title=marker, **marking_kwargs(case, today))

    def check_counts(self, persona, api, web, expected, today):
        assert json_count(api.get(reverse("api:logistics-estimate-list"))) == expected, persona


_numbers = iter(range(10**6))


@pytest.mark.django_db
class TestClaimAccessMatrix(AccessMatrixMixin):
    model = Claim
    marker_prefix = "Lq"

    def make(self, case, marker, today):
        return ClaimFactory(unit=hospital(), reference=f"CL-T-{next(_numbers):05d}{marker}",
                            **marking_kwargs(case, today))

    def check_counts(self, persona, api, web, expected, today):
        assert json_count(api.get(reverse("api:logistics-claim-list"))) == expected, persona
        # The totals and ageing on the claims page count only visible claims.
        html = web.get(reverse("logistics:claims")).content.decode()
        if expected:
            assert f"{Decimal(1000 * expected):,.2f}" in html, persona
        else:
            assert "No claims." in html, persona
