"""Fatality rates on a tiny hand-made dataset (numbers checked by hand in the comments)."""

import datetime as dt

import pytest

from peaceops.insights.rates import Fatality, StrengthMonth, mission_rates, overall


def months(mission, year, first, last, strength):
    return [StrengthMonth(mission, year, m, strength) for m in range(first, last + 1)]


STRENGTH = (
    months("ALPHA", 2010, 1, 12, 1000)   # 12 × 1,000 / 12 = 1,000 personnel-years
    + months("BETA", 2011, 1, 6, 200)    # 6 × 200 / 12 = 100 personnel-years
    + [StrengthMonth("GAMMA", 2012, 1, 0)]  # a zero month covers nothing
)
FATALITIES = [
    Fatality("ALPHA", dt.date(2010, 1, 5), "Illness", "Military"),
    Fatality("ALPHA", dt.date(2010, 6, 30), "Illness", "Police"),
    Fatality("ALPHA", dt.date(2010, 12, 31), "Illness", "Military Observer"),
    Fatality("ALPHA", dt.date(2010, 3, 1), "Accident", "Military"),
    Fatality("ALPHA", dt.date(2011, 1, 1), "Accident", "Military"),        # after ALPHA's covered months
    Fatality("ALPHA", dt.date(2010, 4, 1), "Malicious Act", "Local"),      # civilian: out of the uniformed count
    Fatality("BETA", dt.date(2011, 2, 14), "Malicious Act", "Military"),
    Fatality("GAMMA", dt.date(2012, 1, 10), "Illness", "Military"),        # no strength: no rate
]
UNIFORMED = {"Military", "Police", "Military Observer"}


def test_personnel_years_are_the_monthly_strength_summed_and_divided_by_twelve():
    results = mission_rates(STRENGTH, FATALITIES, personnel_types=UNIFORMED)
    assert results["ALPHA"].person_years == 1000
    assert results["BETA"].person_years == 100
    assert results["ALPHA"].months_covered == 12 and results["ALPHA"].first_month == (2010, 1)


def test_rates_per_thousand_personnel_years_by_incident_type():
    results = mission_rates(STRENGTH, FATALITIES, personnel_types=UNIFORMED)
    alpha = results["ALPHA"]
    assert alpha.counts == {"Illness": 3, "Accident": 1}
    assert alpha.rate("Illness") == pytest.approx(3.0)   # 3 / 1,000 × 1,000
    assert alpha.rate("Accident") == pytest.approx(1.0)
    assert alpha.rate() == pytest.approx(4.0)
    assert alpha.outside_coverage == 1
    assert results["BETA"].rate("Malicious Act") == pytest.approx(10.0)  # 1 / 100 × 1,000


def test_a_mission_without_strength_has_no_rate_rather_than_zero_or_infinity():
    gamma = mission_rates(STRENGTH, FATALITIES, personnel_types=UNIFORMED)["GAMMA"]
    assert gamma.rate() is None and gamma.rate("Illness") is None
    assert gamma.outside_coverage == 1 and gamma.fatalities == 0


def test_counting_everyone_includes_civilians_in_the_numerator():
    alpha = mission_rates(STRENGTH, FATALITIES)["ALPHA"]
    assert alpha.counts["Malicious Act"] == 1
    assert alpha.rate() == pytest.approx(5.0)


def test_the_pooled_rate_divides_all_fatalities_by_all_personnel_years():
    pooled = overall(mission_rates(STRENGTH, FATALITIES, personnel_types=UNIFORMED).values())
    assert pooled.person_years == pytest.approx(1100)
    assert pooled.fatalities == 5
    assert pooled.rate() == pytest.approx(5 / 1100 * 1000)  # 4.545…, not the mean of 4.0 and 10.0
    assert (pooled.first_month, pooled.last_month) == ((2010, 1), (2011, 6))


def test_two_strength_figures_for_one_month_are_refused():
    with pytest.raises(ValueError):
        mission_rates([StrengthMonth("A", 2010, 1, 5), StrengthMonth("A", 2010, 1, 6)], [])
