"""Expected fatalities with an exact Poisson interval (insights/risk.py, pure Python)."""

import datetime as dt

import pytest

from peaceops.insights import rates, risk


@pytest.mark.parametrize(("count", "low", "high"), [
    # Garwood's exact 95 % limits as tabulated (e.g. Ulm 1990, Am. J. Epidemiol.)
    (0, 0.0, 3.689),
    (1, 0.0253, 5.572),
    (2, 0.2422, 7.225),
    (10, 4.795, 18.390),
])
def test_the_exact_poisson_interval_matches_the_published_table(count, low, high):
    got_low, got_high = risk.exact_poisson_interval(count)
    assert got_low == pytest.approx(low, abs=5e-4)
    assert got_high == pytest.approx(high, abs=5e-4)


def test_the_interval_refuses_a_negative_count_and_an_impossible_confidence():
    with pytest.raises(ValueError):
        risk.exact_poisson_interval(-1)
    with pytest.raises(ValueError):
        risk.exact_poisson_interval(3, confidence=1.0)


def test_expected_fatalities_scale_with_personnel_and_months():
    # 12 deaths in 6,000 personnel-years = 2 per 1,000 personnel-years.
    estimate = risk.expected_fatalities(fatalities=12, person_years=6000, personnel=63, months=12)
    assert estimate.rate == pytest.approx(2.0)
    assert estimate.expected == pytest.approx(63 * 2.0 / 1000)
    assert estimate.expected_low < estimate.expected < estimate.expected_high
    double = risk.expected_fatalities(fatalities=12, person_years=6000, personnel=126, months=12)
    assert double.expected == pytest.approx(2 * estimate.expected)
    assert estimate.p_at_least_one == pytest.approx(1 - 2.718281828 ** -estimate.expected, rel=1e-6)
    assert "Garwood" in estimate.method


def test_no_strength_data_gives_no_estimate_rather_than_zero():
    assert risk.expected_fatalities(fatalities=3, person_years=0, personnel=10, months=12) is None


def test_the_estimate_reuses_the_mission_rate_of_insights():
    strength = [rates.StrengthMonth("UNMISS", 2015, m, 12000) for m in range(1, 13)]
    deaths = [rates.Fatality("UNMISS", dt.date(2015, 3, 1), "Malicious Act", "Military"),
              rates.Fatality("UNMISS", dt.date(2015, 9, 1), "Illness", "Military")]
    result = rates.mission_rates(strength, deaths)["UNMISS"]
    estimate = risk.from_mission_rate(result, personnel=63, months=12)
    assert estimate.rate == pytest.approx(result.rate())
    assert estimate.fatalities == 2 and estimate.person_years == pytest.approx(12000)
    assert estimate.period == (dt.date(2015, 1, 1), dt.date(2015, 12, 1))
