"""The cost model alone (pure Python): money, rates on both sides of their dates, deductions, factors, cash."""

import ast
import datetime as dt
import json
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from peaceops.logistics import costing
from peaceops.logistics.costing import (
    CostingError,
    Equipment,
    Factor,
    ItemState,
    Money,
    Rate,
    Scenario,
    estimate,
    find_overlaps,
    rate_on,
)

D = dt.date


def rate(kind, amount, start, end=None, key="", ref=None, currency="USD", source="test source", verified=True):
    return Rate(ref=ref or f"{kind}-{key}-{amount}", kind=kind, key=key, amount=Decimal(amount), currency=currency,
                effective_from=start, effective_to=end, source=source, verified=verified)


def shipped_troop_rates() -> list[Rate]:
    data = json.loads(resources.files("peaceops.logistics.reference").joinpath("rates.json").read_text("utf-8"))
    return [Rate(ref=r["code"], kind=r["kind"], key=r["key"], amount=Decimal(r["amount"]), currency=r["currency"],
                 effective_from=D.fromisoformat(r["effective_from"]) if r["effective_from"] else None,
                 effective_to=D.fromisoformat(r["effective_to"]) if r["effective_to"] else None,
                 source=r["source"], verified=r["verified"]) for r in data["rates"]]


def test_the_costing_and_risk_modules_import_no_django():
    root = Path(__file__).resolve().parents[2]
    for relative in ("logistics/costing.py", "insights/risk.py"):
        tree = ast.parse((root / relative).read_text())
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] in {"django", "rest_framework"} for n in names), relative


# --- money -------------------------------------------------------------------------------------------

def test_money_refuses_float():
    with pytest.raises(CostingError) as error:
        Money(1428.0, "USD")
    assert error.value.code == "not_decimal"


def test_money_refuses_adding_two_currencies():
    with pytest.raises(CostingError):
        Money(Decimal("1"), "USD") + Money(Decimal("1"), "VND")


def test_money_refuses_a_currency_that_is_not_an_iso_code():
    with pytest.raises(CostingError):
        Money(Decimal("1"), "usd")


def test_a_rate_needs_a_source_and_cannot_be_negative():
    with pytest.raises(CostingError) as error:
        rate(costing.TROOP_COST, "1428", D(2018, 7, 1), source="  ")
    assert error.value.code == "no_source"
    with pytest.raises(CostingError) as error:
        rate(costing.TROOP_COST, "-1", D(2018, 7, 1))
    assert error.value.code == "negative_rate"


def test_equipment_with_a_negative_quantity_is_refused():
    with pytest.raises(CostingError) as error:
        Equipment("x", "Ambulance", "ambulance", "wet", -1)
    assert error.value.code == "negative_quantity"


# --- each shipped rate on both sides of its effective date -------------------------------------------

TROOP_HISTORY = [
    # (day before, rate before, first day, rate from then)
    (D(2014, 6, 30), Decimal("1028.00"), D(2014, 7, 1), Decimal("1332.00")),
    (D(2016, 6, 30), Decimal("1332.00"), D(2016, 7, 1), Decimal("1365.00")),
    (D(2017, 6, 30), Decimal("1365.00"), D(2017, 7, 1), Decimal("1410.00")),
    (D(2018, 6, 30), Decimal("1410.00"), D(2018, 7, 1), Decimal("1428.00")),
]


@pytest.mark.parametrize(("before", "old", "first", "new"), TROOP_HISTORY)
def test_each_troop_cost_rate_applies_from_its_effective_date_and_not_the_day_before(before, old, first, new):
    rates = shipped_troop_rates()
    assert rate_on(rates, costing.TROOP_COST, "", before, "USD").amount == old
    assert rate_on(rates, costing.TROOP_COST, "", first, "USD").amount == new


def test_the_oldest_shipped_rate_has_no_known_start_and_1428_ends_before_the_unverified_2022_rate():
    rates = shipped_troop_rates()
    assert rate_on(rates, costing.TROOP_COST, "", D(2000, 1, 1), "USD").amount == Decimal("1028.00")
    assert rate_on(rates, costing.TROOP_COST, "", D(2022, 6, 30), "USD").amount == Decimal("1428.00")
    # 1 July 2022: a new rate took effect whose amount is unverified: nothing is shipped for it.
    assert rate_on(rates, costing.TROOP_COST, "", D(2022, 7, 1), "USD") is None


def test_the_shipped_rates_do_not_overlap_and_are_all_verified_with_a_source():
    rates = shipped_troop_rates()
    assert find_overlaps(rates) == []
    assert all(r.verified and r.source for r in rates)


def test_a_month_that_straddles_a_rate_change_is_split_at_the_effective_date():
    rates = shipped_troop_rates()
    result = estimate(Scenario(start=D(2018, 6, 16), end=D(2018, 7, 15), personnel=63), rates)
    personnel = [line for line in result.lines if line.category == costing.CAT_PERSONNEL]
    assert [(line.period_from, line.period_to, line.rate.amount) for line in personnel] == [
        (D(2018, 6, 16), D(2018, 6, 30), Decimal("1410.00")),
        (D(2018, 7, 1), D(2018, 7, 15), Decimal("1428.00")),
    ]
    # 63 × 1,410 × 15/30 = 44,415.00; 63 × 1,428 × 15/31 = 43,530.97 (rounded half up to the cent)
    assert [line.amount.amount for line in personnel] == [Decimal("44415.00"), Decimal("43530.97")]
    assert all(line.source and line.effective_from for line in personnel)


def test_a_date_with_no_rate_in_force_makes_a_gap_never_a_guessed_figure():
    rates = shipped_troop_rates()
    result = estimate(Scenario(start=D(2022, 6, 1), end=D(2022, 7, 31), personnel=10), rates)
    personnel = [line for line in result.lines if line.category == costing.CAT_PERSONNEL]
    assert [line.month for line in personnel] == [D(2022, 6, 1)]
    gaps = [gap for gap in result.gaps if gap.kind == costing.TROOP_COST]
    assert [(gap.period_from, gap.period_to) for gap in gaps] == [(D(2022, 7, 1), D(2022, 7, 31))]


def test_a_rate_in_another_currency_is_never_converted():
    rates = [rate(costing.TROOP_COST, "30000000", None, currency="VND")]
    result = estimate(Scenario(start=D(2025, 1, 1), end=D(2025, 1, 31), personnel=5), rates)
    assert result.lines == [] and result.gaps


def test_overlapping_rates_are_refused():
    rates = [rate(costing.TROOP_COST, "1", D(2020, 1, 1), D(2020, 12, 31), ref="a"),
             rate(costing.TROOP_COST, "2", D(2020, 6, 1), None, ref="b")]
    assert len(find_overlaps(rates)) == 1
    with pytest.raises(CostingError) as error:
        estimate(Scenario(start=D(2020, 1, 1), end=D(2020, 1, 31), personnel=1), rates)
    assert error.value.code == "overlap"


def test_rates_that_meet_end_to_start_do_not_overlap():
    rates = [rate(costing.TROOP_COST, "1", D(2020, 1, 1), D(2020, 6, 30), ref="a"),
             rate(costing.TROOP_COST, "2", D(2020, 7, 1), None, ref="b")]
    assert find_overlaps(rates) == []


# --- equipment, deductions, factors --------------------------------------------------------------

def hospital_rates():
    return [
        rate(costing.TROOP_COST, "1448.00", D(2022, 7, 1), ref="tc", verified=False),
        rate(costing.MAJOR_EQUIPMENT, "1000.00", D(2020, 1, 1), key="ambulance", ref="me"),
        rate(costing.MAINTENANCE, "500.00", D(2020, 1, 1), key="ambulance", ref="mt"),
        rate(costing.SELF_SUSTAINMENT, "20.00", D(2020, 1, 1), key="catering", ref="ss"),
        rate(costing.NATIONAL_ALLOWANCE, "900.00", D(2020, 1, 1), ref="al"),
        rate(costing.NATIONAL_AIR, "1200.00", D(2020, 1, 1), ref="air"),
        rate(costing.NATIONAL_TRAINING, "2000.00", D(2020, 1, 1), ref="tr"),
    ]


def test_wet_lease_adds_maintenance_and_a_missing_item_is_deducted_from_the_verification_date():
    ambulances = Equipment("amb", "Ambulance", "ambulance", "wet", 4,
                           states=(ItemState(D(2025, 2, 1), costing.MISSING, 1, "VR-2"),))
    result = estimate(Scenario(start=D(2025, 1, 1), end=D(2025, 2, 28), personnel=0, equipment=(ambulances,)),
                      hospital_rates())
    january = [ln for ln in result.lines if ln.month == D(2025, 1, 1)]
    assert sorted(ln.amount.amount for ln in january) == [Decimal("2000.00"), Decimal("4000.00")]
    deductions = [ln for ln in result.lines if ln.category == costing.CAT_DEDUCTION]
    assert sorted(ln.amount.amount for ln in deductions) == [Decimal("-1000.00"), Decimal("-500.00")]
    assert all(ln.month == D(2025, 2, 1) and "VR-2" in ln.note for ln in deductions)


def test_a_later_serviceable_finding_ends_the_deduction():
    ambulances = Equipment("amb", "Ambulance", "ambulance", "dry", 2, states=(
        ItemState(D(2025, 1, 1), costing.UNSERVICEABLE, 2, "VR-1"),
        ItemState(D(2025, 2, 1), costing.SERVICEABLE, 0, "VR-2")))
    result = estimate(Scenario(start=D(2025, 1, 1), end=D(2025, 2, 28), personnel=0, equipment=(ambulances,)),
                      hospital_rates())
    assert result.reimbursement.amount == Decimal("2000.00")  # January 2,000 − 2,000; February 2,000


def test_a_mission_factor_adds_its_percent_of_equipment_and_self_sustainment_after_deductions():
    ambulances = Equipment("amb", "Ambulance", "ambulance", "dry", 1)
    factor = Factor("f", "extreme_environment", Decimal("2.5"), D(2025, 1, 1), None, "MOU annex")
    result = estimate(Scenario(start=D(2025, 1, 1), end=D(2025, 1, 31), personnel=10, equipment=(ambulances,),
                               self_sustainment=("catering",), factors=(factor,)), hospital_rates())
    factor_lines = [ln for ln in result.lines if ln.category == costing.CAT_MISSION_FACTOR]
    assert len(factor_lines) == 1
    assert factor_lines[0].base.amount == Decimal("1200.00")  # 1,000 equipment + 10 × 20 catering
    assert factor_lines[0].amount.amount == Decimal("30.00")
    assert factor_lines[0].source == "MOU annex"


def test_one_off_costs_fall_on_the_first_and_last_day():
    result = estimate(Scenario(start=D(2025, 1, 10), end=D(2025, 3, 20), personnel=10), hospital_rates())
    air = [ln for ln in result.lines if ln.category == costing.CAT_AIR]
    assert [(ln.month, ln.amount.amount) for ln in air] == [(D(2025, 1, 1), Decimal("12000.00")),
                                                             (D(2025, 3, 1), Decimal("12000.00"))]
    training = [ln for ln in result.lines if ln.category == costing.CAT_TRAINING]
    assert [ln.amount.amount for ln in training] == [Decimal("20000.00")]


# --- cash --------------------------------------------------------------------------------------------

def test_late_payment_opens_a_cash_gap_that_closes_when_the_un_pays():
    rates = [rate(costing.TROOP_COST, "1000.00", None, ref="tc"), rate(costing.NATIONAL_ALLOWANCE, "600.00", None)]
    result = estimate(Scenario(start=D(2025, 1, 1), end=D(2025, 3, 31), personnel=1, payment_delay_months=2), rates)
    assert [m.month for m in result.months] == [D(2025, m, 1) for m in range(1, 6)]
    assert [m.gap.amount for m in result.months] == [Decimal(x) for x in
                                                     ("600.00", "1200.00", "800.00", "-200.00", "-1200.00")]
    assert result.peak_gap.month == D(2025, 2, 1)
    assert result.net.amount == Decimal("-1200.00")


def test_lines_add_up_to_the_totals_to_the_cent():
    rates = shipped_troop_rates()
    result = estimate(Scenario(start=D(2018, 1, 17), end=D(2019, 1, 16), personnel=63), rates)
    assert sum(ln.amount.amount for ln in result.lines) == result.reimbursement.amount
    assert result.reimbursement.amount == result.reimbursement.amount.quantize(Decimal("0.01"))
    assert all(isinstance(ln.amount.amount, Decimal) for ln in result.lines)


def test_the_estimate_refuses_bad_periods_and_delays():
    with pytest.raises(CostingError):
        Scenario(start=D(2025, 2, 1), end=D(2025, 1, 1), personnel=1)
    with pytest.raises(CostingError):
        Scenario(start=D(2025, 1, 1), end=D(2025, 2, 1), personnel=1, payment_delay_months=61)
    with pytest.raises(CostingError):
        Scenario(start=D(2025, 1, 1), end=D(2025, 2, 1), personnel=-1)


def test_the_estimate_dict_keeps_rate_source_and_date_on_every_line():
    result = estimate(Scenario(start=D(2025, 1, 1), end=D(2025, 1, 31), personnel=3), hospital_rates())
    data = costing.estimate_dict(result)
    assert data["lines"]
    for line in data["lines"]:
        assert line["rate_ref"] and line["source"] and line["effective_from"]
        assert "." in line["amount"]
    assert json.loads(json.dumps(data)) == data


def test_dates_at_the_end_of_the_calendar_are_refused_not_crashed():
    with pytest.raises(CostingError):
        Scenario(start=D(9999, 1, 1), end=D(9999, 12, 31), personnel=1, payment_delay_months=60)
    rates = [rate(costing.TROOP_COST, "1", D(2020, 1, 1), D.max, ref="a")]
    result = estimate(Scenario(start=D(2025, 1, 1), end=D(2025, 1, 31), personnel=1), rates)
    assert result.reimbursement.amount == Decimal("1.00")
