"""Expected fatalities for N personnel over T months in a mission, with an exact interval (pure Python).

Method (the proposal's risk panel states it too):
- The mission's rate is the one of insights/rates.py: uniformed fatalities in the months the IPI
  strength data covers, divided by the personnel-years of those months (strength sum / 12), per
  1,000 personnel-years.
- Exposure = N × T / 12 personnel-years. Expected fatalities = rate × exposure / 1,000.
- Interval: the exact (Garwood) Poisson confidence interval of the observed count k, from the
  chi-square distribution — lower = χ²(α/2; 2k) / 2, upper = χ²(1 − α/2; 2k + 2) / 2 — divided by the
  observed personnel-years and scaled to the exposure. It is the uncertainty of the mission's rate,
  not a forecast of the next tour: conditions change, and the past is only a guide.
- P(at least one death) = 1 − e^(−expected), with the interval's bounds put through the same formula.
- No strength figure → no estimate (None), never a zero.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from scipy.special import gammaincinv

from . import rates

DEFAULT_CONFIDENCE = 0.95
METHOD = ("Expected fatalities = the mission's uniformed fatality rate per 1,000 personnel-years (UN fatalities "
          "in the months covered by the IPI strength data ÷ personnel-years of those months) × N × T / 12 ÷ 1,000. "
          "Interval: exact (Garwood) Poisson confidence interval on the observed count, from the chi-square "
          "distribution, scaled to the exposure. It reflects the uncertainty of the past rate, not a forecast.")


def exact_poisson_interval(count: int, confidence: float = DEFAULT_CONFIDENCE) -> tuple[float, float]:
    """The exact (Garwood) confidence interval of a Poisson mean after observing `count` events."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError("count must be a whole number ≥ 0")
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    alpha = 1 - confidence
    # χ²(q; 2k) / 2 is the q-quantile of Gamma(k, 1): the inverse regularized incomplete gamma function.
    low = 0.0 if count == 0 else float(gammaincinv(count, alpha / 2))
    high = float(gammaincinv(count + 1, 1 - alpha / 2))
    return low, high


@dataclass(frozen=True)
class RiskEstimate:
    mission: str
    personnel: int
    months: float
    fatalities: int  # observed, in the covered months
    person_years: float  # observed
    first_month: tuple[int, int] | None
    last_month: tuple[int, int] | None
    confidence: float
    rate: float  # per 1,000 personnel-years
    rate_low: float
    rate_high: float
    expected: float
    expected_low: float
    expected_high: float
    method: str = METHOD

    @property
    def exposure_person_years(self) -> float:
        return self.personnel * self.months / rates.MONTHS_PER_YEAR

    @staticmethod
    def _at_least_one(mean: float) -> float:
        return 1 - math.exp(-mean)

    @property
    def p_at_least_one(self) -> float:
        return self._at_least_one(self.expected)

    @property
    def p_at_least_one_low(self) -> float:
        return self._at_least_one(self.expected_low)

    @property
    def p_at_least_one_high(self) -> float:
        return self._at_least_one(self.expected_high)

    @property
    def period(self) -> tuple[dt.date, dt.date] | None:
        if self.first_month is None or self.last_month is None:
            return None
        return dt.date(*self.first_month, 1), dt.date(*self.last_month, 1)


def expected_fatalities(*, fatalities: int, person_years: float, personnel: int, months: float,
                        confidence: float = DEFAULT_CONFIDENCE, mission: str = "",
                        first_month: tuple[int, int] | None = None,
                        last_month: tuple[int, int] | None = None) -> RiskEstimate | None:
    """Expected deaths among `personnel` over `months` from `fatalities` seen over `person_years`."""
    if isinstance(personnel, bool) or not isinstance(personnel, int) or personnel < 0:
        raise ValueError("personnel must be a whole number ≥ 0")
    if months < 0:
        raise ValueError("months must be ≥ 0")
    if person_years <= 0:
        return None
    low, high = exact_poisson_interval(fatalities, confidence)
    per = rates.PER
    exposure = personnel * months / rates.MONTHS_PER_YEAR
    rate = fatalities / person_years * per
    rate_low, rate_high = low / person_years * per, high / person_years * per
    return RiskEstimate(
        mission=mission, personnel=personnel, months=months, fatalities=fatalities, person_years=person_years,
        first_month=first_month, last_month=last_month, confidence=confidence,
        rate=rate, rate_low=rate_low, rate_high=rate_high,
        expected=rate * exposure / per, expected_low=rate_low * exposure / per,
        expected_high=rate_high * exposure / per,
    )


def from_mission_rate(result: rates.MissionRate, *, personnel: int, months: float,
                      confidence: float = DEFAULT_CONFIDENCE) -> RiskEstimate | None:
    """The estimate from a mission's rate as insights/rates.py computes it (None without strength data)."""
    return expected_fatalities(fatalities=result.fatalities, person_years=result.person_years, personnel=personnel,
                               months=months, confidence=confidence, mission=result.mission,
                               first_month=result.first_month, last_month=result.last_month)
