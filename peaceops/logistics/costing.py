"""What a deployment costs the country and what the UN pays back, month by month (pure Python, no Django).

Method (the cost estimate page states it too):
- Money is `Decimal` with a currency, never float. Every line is rounded to the cent (half up) on
  its own; totals are sums of the rounded lines, so the lines shown add up to the totals shown.
- The period runs from `start` to `end` (both days included). Each calendar month is split into
  segments wherever a rate, a mission factor or an item's verified state changes; a segment counts
  days-in-segment / days-in-month of the monthly rate.
- Each line uses the rate in force on its segment's first day (a rate is in force from its
  effective date to its end date, both included; an empty end is open). A needed rate with no
  figure in the estimate's currency makes a gap, listed apart and counted as nothing: a rate is
  never guessed and never converted.
- UN reimbursement: personnel (troop cost × personnel), major equipment (dry-lease rate per item,
  plus the maintenance rate when wet-leased), self-sustainment (rate per person per category the
  unit provides), mission factors (percent of the month's equipment and self-sustainment lines,
  deductions included), and deductions for items that a verification found unserviceable or
  missing, from the verification date until a later verification finds them serviceable.
- National cost: allowances (per person-month), national equipment upkeep (per month), and one-off
  costs on the first day (pre-deployment training and medical per person, outbound air per person,
  sea lift per movement) and on the last day (return air per person, sea lift home).
- Cash: reimbursement earned in a month arrives `payment_delay_months` later; the cash gap of a month
  is the national cost spent so far minus the reimbursement received so far.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
MAX_DELAY_MONTHS = 60
MAX_MONTHS = 120
LAST_YEAR = 9000  # room for the payment delay after the end (dates stop at 9999)

# Rate kinds (the Rate model's choices use the same codes).
TROOP_COST = "troop_cost"
MAJOR_EQUIPMENT = "major_equipment"
MAINTENANCE = "maintenance"
SELF_SUSTAINMENT = "self_sustainment"
NATIONAL_TRAINING = "national_training"
NATIONAL_ALLOWANCE = "national_allowance"
NATIONAL_AIR = "national_air"
NATIONAL_SEA = "national_sea"
NATIONAL_EQUIPMENT = "national_equipment"
NATIONAL_MEDICAL = "national_medical"

# How a kind's amount is counted.
PER_PERSON_MONTH = "per_person_month"
PER_ITEM_MONTH = "per_item_month"
PER_MONTH = "per_month"
PER_PERSON = "per_person"
PER_PERSON_TRIP = "per_person_trip"
PER_MOVEMENT = "per_movement"

BASIS = {
    TROOP_COST: PER_PERSON_MONTH,
    MAJOR_EQUIPMENT: PER_ITEM_MONTH,
    MAINTENANCE: PER_ITEM_MONTH,
    SELF_SUSTAINMENT: PER_PERSON_MONTH,
    NATIONAL_TRAINING: PER_PERSON,
    NATIONAL_ALLOWANCE: PER_PERSON_MONTH,
    NATIONAL_AIR: PER_PERSON_TRIP,
    NATIONAL_SEA: PER_MOVEMENT,
    NATIONAL_EQUIPMENT: PER_MONTH,
    NATIONAL_MEDICAL: PER_PERSON,
}

NATIONAL = "national"
REIMBURSEMENT = "reimbursement"

# Line categories (what the page groups by).
CAT_TRAINING = "training"
CAT_ALLOWANCES = "allowances"
CAT_AIR = "air_transport"
CAT_SEA = "sea_transport"
CAT_NATIONAL_EQUIPMENT = "equipment"
CAT_MEDICAL = "medical"
CAT_PERSONNEL = "personnel"
CAT_MAJOR_EQUIPMENT = "major_equipment"
CAT_SELF_SUSTAINMENT = "self_sustainment"
CAT_MISSION_FACTOR = "mission_factor"
CAT_DEDUCTION = "deduction"

UNSERVICEABLE = "unserviceable"
MISSING = "missing"
SERVICEABLE = "serviceable"
WET = "wet"
DRY = "dry"


class CostingError(ValueError):
    """Input the model cannot price; `code` names the problem for the caller's message."""

    def __init__(self, code: str, message: str, **params):
        self.code = code
        self.params = params
        super().__init__(message)


def quantize(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _decimal(value, what: str) -> Decimal:
    if isinstance(value, float) or isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise CostingError("not_decimal", f"{what} must be a Decimal, not {type(value).__name__}", what=what)
    return Decimal(value)


@dataclass(frozen=True)
class Money:
    """An amount in a currency; arithmetic only between the same currency."""

    amount: Decimal
    currency: str

    def __post_init__(self):
        object.__setattr__(self, "amount", _decimal(self.amount, "amount"))
        if not (isinstance(self.currency, str) and len(self.currency) == 3 and self.currency.isalpha()
                and self.currency.isupper()):
            raise CostingError("currency", f"currency must be a three-letter ISO code, not {self.currency!r}")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal("0.00"), currency)

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money) or other.currency != self.currency:
            raise CostingError("currency_mix", f"cannot add {self.currency} and {getattr(other, 'currency', other)}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def quantized(self) -> Money:
        return Money(quantize(self.amount), self.currency)

    def __str__(self) -> str:
        return f"{quantize(self.amount):,} {self.currency}"


def _in_period(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or start <= day) and (end is None or day <= end)


def periods_overlap(a_from, a_to, b_from, b_to) -> bool:
    """Two periods (both ends included; None = open) share at least one day."""
    return (a_to is None or b_from is None or b_from <= a_to) and (b_to is None or a_from is None or a_from <= b_to)


@dataclass(frozen=True)
class Rate:
    """A reference rate: what one unit of `kind` (for `key`, e.g. an equipment category) pays from
    `effective_from` to `effective_to` (both included; None = open), and where the figure comes from."""

    ref: str
    kind: str
    key: str
    amount: Decimal
    currency: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    source: str
    authority: str = ""
    verified: bool = False

    def __post_init__(self):
        object.__setattr__(self, "amount", _decimal(self.amount, "rate amount"))
        if self.kind not in BASIS:
            raise CostingError("kind", f"unknown rate kind {self.kind!r}", kind=self.kind)
        if self.amount < 0:
            raise CostingError("negative_rate", "a rate cannot be negative")
        if not (self.source or "").strip():
            raise CostingError("no_source", "a rate needs its source")
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise CostingError("period", "a rate cannot end before it starts")

    @property
    def basis(self) -> str:
        return BASIS[self.kind]

    def in_force(self, day: dt.date) -> bool:
        return _in_period(day, self.effective_from, self.effective_to)


def find_overlaps(rates: Iterable[Rate]) -> list[tuple[Rate, Rate]]:
    """Pairs of rates of the same kind, key and currency whose periods share a day."""
    by_key: dict[tuple, list[Rate]] = {}
    for rate in rates:
        by_key.setdefault((rate.kind, rate.key, rate.currency), []).append(rate)
    clashes = []
    for group in by_key.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if periods_overlap(a.effective_from, a.effective_to, b.effective_from, b.effective_to):
                    clashes.append((a, b))
    return clashes


def rate_on(rates: Iterable[Rate], kind: str, key: str, day: dt.date, currency: str) -> Rate | None:
    matches = [r for r in rates if r.kind == kind and r.key == key and r.currency == currency and r.in_force(day)]
    if len(matches) > 1:
        raise CostingError("overlap", f"{len(matches)} rates of {kind} {key} are in force on {day}", kind=kind)
    return matches[0] if matches else None


@dataclass(frozen=True)
class Factor:
    """A mission factor: a percentage added to major-equipment and self-sustainment reimbursement."""

    ref: str
    kind: str
    percent: Decimal
    effective_from: dt.date | None
    effective_to: dt.date | None
    source: str
    verified: bool = False

    def __post_init__(self):
        object.__setattr__(self, "percent", _decimal(self.percent, "factor percent"))
        if self.percent < 0:
            raise CostingError("negative_factor", "a mission factor cannot be negative")
        if not (self.source or "").strip():
            raise CostingError("no_source", "a mission factor needs its source")

    def in_force(self, day: dt.date) -> bool:
        return _in_period(day, self.effective_from, self.effective_to)


@dataclass(frozen=True)
class ItemState:
    """What a verification found on `on`: `count` of the item's units unserviceable or missing (0 = all
    serviceable again)."""

    on: dt.date
    state: str
    count: int
    ref: str
    label: str = ""


@dataclass(frozen=True)
class Equipment:
    """Major equipment as the unit declared it, with the states its verifications found."""

    ref: str
    label: str
    category: str
    lease: str
    quantity: int
    states: tuple[ItemState, ...] = ()

    def __post_init__(self):
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int) or self.quantity < 0:
            raise CostingError("negative_quantity", f"the quantity of {self.label} cannot be negative",
                               item=self.label)
        if self.lease not in (WET, DRY):
            raise CostingError("lease", f"lease must be wet or dry, not {self.lease!r}")
        object.__setattr__(self, "states", tuple(sorted(self.states, key=lambda s: s.on)))

    def state_on(self, day: dt.date) -> ItemState | None:
        current = None
        for state in self.states:
            if state.on <= day:
                current = state
        return current if current is not None and current.count > 0 and current.state != SERVICEABLE else None


@dataclass(frozen=True)
class Scenario:
    start: dt.date
    end: dt.date
    personnel: int
    currency: str = "USD"
    equipment: tuple[Equipment, ...] = ()
    self_sustainment: tuple[str, ...] = ()
    factors: tuple[Factor, ...] = ()
    payment_delay_months: int = 0
    sea_movements: bool = True

    def __post_init__(self):
        if self.end < self.start:
            raise CostingError("period", "the end comes before the start")
        if isinstance(self.personnel, bool) or not isinstance(self.personnel, int) or self.personnel < 0:
            raise CostingError("negative_personnel", "personnel cannot be negative")
        if not 0 <= self.payment_delay_months <= MAX_DELAY_MONTHS:
            raise CostingError("delay", f"the payment delay must be between 0 and {MAX_DELAY_MONTHS} months")
        if self.end.year > LAST_YEAR:
            raise CostingError("period", f"dates after {LAST_YEAR} are not estimated")
        if _month_index(self.end) - _month_index(self.start) + 1 > MAX_MONTHS:
            raise CostingError("too_long", f"an estimate covers at most {MAX_MONTHS} months")
        Money.zero(self.currency)  # validates the code


@dataclass(frozen=True)
class Line:
    """One figure of the estimate, with the rate (or factor) it comes from."""

    month: dt.date
    side: str
    category: str
    label: str
    quantity: Decimal
    fraction: Decimal
    period_from: dt.date
    period_to: dt.date
    amount: Money
    rate: Rate | None = None
    factor: Factor | None = None
    base: Money | None = None
    note: str = ""
    item_ref: str = ""
    item_label: str = ""
    state: str = ""

    @property
    def source(self) -> str:
        ref = self.rate or self.factor
        return ref.source if ref else ""

    @property
    def effective_from(self) -> dt.date | None:
        ref = self.rate or self.factor
        return ref.effective_from if ref else None

    @property
    def verified(self) -> bool:
        ref = self.rate or self.factor
        return bool(ref and ref.verified)


@dataclass(frozen=True)
class Gap:
    """A rate the estimate needed and did not find: the line is not counted."""

    kind: str
    key: str
    period_from: dt.date
    period_to: dt.date
    label: str


@dataclass
class MonthRow:
    month: dt.date
    national: Money
    reimbursement: Money
    received: Money
    cumulative_national: Money
    cumulative_received: Money

    @property
    def gap(self) -> Money:
        return self.cumulative_national - self.cumulative_received


@dataclass
class Estimate:
    scenario: Scenario
    lines: list[Line] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    months: list[MonthRow] = field(default_factory=list)

    def total(self, side: str, category: str | None = None) -> Money:
        total = Money.zero(self.scenario.currency)
        for line in self.lines:
            if line.side == side and (category is None or line.category == category):
                total = total + line.amount
        return total

    @property
    def national(self) -> Money:
        return self.total(NATIONAL)

    @property
    def reimbursement(self) -> Money:
        return self.total(REIMBURSEMENT)

    @property
    def net(self) -> Money:
        """National cost minus UN reimbursement (positive = what the country pays in the end)."""
        return self.national - self.reimbursement

    @property
    def peak_gap(self) -> MonthRow | None:
        return max(self.months, key=lambda row: row.gap.amount, default=None)


# --- calendar helpers ------------------------------------------------------------------------------

def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def _days_in_month(day: dt.date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def add_months(day: dt.date, months: int) -> dt.date:
    return _month_start(_month_index(day) + months)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    return [_month_start(i) for i in range(_month_index(start), _month_index(end) + 1)]


def _segments(first: dt.date, last: dt.date, cuts: set[dt.date]) -> list[tuple[dt.date, dt.date]]:
    inner = sorted(c for c in cuts if first < c <= last)
    bounds = [first, *inner]
    return [(a, (bounds[i + 1] - dt.timedelta(days=1)) if i + 1 < len(bounds) else last)
            for i, a in enumerate(bounds)]


# --- the estimate ----------------------------------------------------------------------------------

class _Builder:
    def __init__(self, scenario: Scenario, rates: list[Rate]):
        self.s = scenario
        self.rates = rates
        self.estimate = Estimate(scenario)

    def rate(self, kind: str, key: str, day: dt.date, until: dt.date, label: str) -> Rate | None:
        found = rate_on(self.rates, kind, key, day, self.s.currency)
        if found is None:
            gaps = self.estimate.gaps
            for index, gap in enumerate(gaps):
                if (gap.kind, gap.key, gap.label) == (kind, key, label):
                    gaps[index] = Gap(kind, key, min(gap.period_from, day), max(gap.period_to, until), label)
                    break
            else:
                gaps.append(Gap(kind, key, day, until, label))
        return found

    def add(self, *, month, side, category, label, rate, quantity, fraction, first, last, sign=1, note="",
            item=None, state=""):
        quantity, fraction = Decimal(quantity), Decimal(fraction)
        amount = quantize(rate.amount * quantity * fraction) * sign
        line = Line(month, side, category, label, quantity, fraction, first, last, Money(amount, self.s.currency),
                    rate=rate, note=note, item_ref=item.ref if item else "", item_label=item.label if item else "",
                    state=state)
        self.estimate.lines.append(line)
        return line

    def cuts(self) -> set[dt.date]:
        cuts: set[dt.date] = set()
        for item in [*self.rates, *self.s.factors]:
            if item.effective_from:
                cuts.add(item.effective_from)
            if item.effective_to and item.effective_to < dt.date.max:
                cuts.add(item.effective_to + dt.timedelta(days=1))
        for equipment in self.s.equipment:
            cuts.update(state.on for state in equipment.states)
        return cuts

    def build(self) -> Estimate:
        s = self.s
        cuts = self.cuts()
        self.one_offs(s.start, outbound=True)
        for month in months_between(s.start, s.end):
            days = Decimal(_days_in_month(month))
            first = max(s.start, month)
            last = min(s.end, _month_start(_month_index(month) + 1) - dt.timedelta(days=1))
            for a, b in _segments(first, last, cuts):
                fraction = Decimal((b - a).days + 1) / days
                self.segment(month, a, b, fraction)
        self.one_offs(s.end, outbound=False)
        self.cash()
        return self.estimate

    def one_offs(self, day: dt.date, *, outbound: bool) -> None:
        s, month = self.s, _month_start(_month_index(day))
        if outbound:
            for kind, category, label in ((NATIONAL_TRAINING, CAT_TRAINING, "Pre-deployment training"),
                                          (NATIONAL_MEDICAL, CAT_MEDICAL, "Pre-deployment medical")):
                rate = self.rate(kind, "", day, day, label)
                if rate and s.personnel:
                    self.add(month=month, side=NATIONAL, category=category, label=label, rate=rate,
                             quantity=s.personnel, fraction=1, first=day, last=day)
        air_label = "Air transport out" if outbound else "Air transport home"
        rate = self.rate(NATIONAL_AIR, "", day, day, air_label)
        if rate and s.personnel:
            self.add(month=month, side=NATIONAL, category=CAT_AIR, label=air_label, rate=rate,
                     quantity=s.personnel, fraction=1, first=day, last=day)
        if s.sea_movements and s.equipment:
            sea_label = "Sea lift of equipment out" if outbound else "Sea lift of equipment home"
            rate = self.rate(NATIONAL_SEA, "", day, day, sea_label)
            if rate:
                self.add(month=month, side=NATIONAL, category=CAT_SEA, label=sea_label, rate=rate, quantity=1,
                         fraction=1, first=day, last=day)

    def segment(self, month: dt.date, a: dt.date, b: dt.date, fraction: Decimal) -> None:
        s = self.s
        if s.personnel:
            rate = self.rate(TROOP_COST, "", a, b, "Personnel (troop cost)")
            if rate:
                self.add(month=month, side=REIMBURSEMENT, category=CAT_PERSONNEL, label="Personnel", rate=rate,
                         quantity=s.personnel, fraction=fraction, first=a, last=b)
            rate = self.rate(NATIONAL_ALLOWANCE, "", a, b, "Allowances")
            if rate:
                self.add(month=month, side=NATIONAL, category=CAT_ALLOWANCES, label="Allowances", rate=rate,
                         quantity=s.personnel, fraction=fraction, first=a, last=b)
        if s.equipment:
            rate = self.rate(NATIONAL_EQUIPMENT, "", a, b, "National equipment upkeep")
            if rate:
                self.add(month=month, side=NATIONAL, category=CAT_NATIONAL_EQUIPMENT,
                         label="National equipment upkeep", rate=rate, quantity=1, fraction=fraction, first=a, last=b)
        factor_base: list[Line] = []
        for item in s.equipment:
            if item.quantity == 0:
                continue
            kinds = [MAJOR_EQUIPMENT] + ([MAINTENANCE] if item.lease == WET else [])
            state = item.state_on(a)
            for kind in kinds:
                what = "dry lease" if kind == MAJOR_EQUIPMENT else "maintenance (wet lease)"
                label = f"{item.label} — {what}"
                rate = self.rate(kind, item.category, a, b, label)
                if rate is None:
                    continue
                factor_base.append(self.add(month=month, side=REIMBURSEMENT, category=CAT_MAJOR_EQUIPMENT,
                                            label=label, rate=rate, quantity=item.quantity, fraction=fraction,
                                            first=a, last=b, item=item))
                if state is not None:
                    count = min(state.count, item.quantity)
                    factor_base.append(self.add(
                        month=month, side=REIMBURSEMENT, category=CAT_DEDUCTION,
                        label=f"{item.label} — {state.state}, {what}", rate=rate, quantity=count,
                        fraction=fraction, first=a, last=b, sign=-1, item=item, state=state.state,
                        note=f"{state.ref} {state.on.isoformat()} {state.label}".strip()))
        if s.personnel:
            for category in s.self_sustainment:
                rate = self.rate(SELF_SUSTAINMENT, category, a, b, f"Self-sustainment: {category}")
                if rate:
                    factor_base.append(self.add(month=month, side=REIMBURSEMENT, category=CAT_SELF_SUSTAINMENT,
                                                label=f"Self-sustainment: {category}", rate=rate,
                                                quantity=s.personnel, fraction=fraction, first=a, last=b))
        base = Money.zero(s.currency)
        for line in factor_base:
            base = base + line.amount
        for factor in s.factors:
            if factor.in_force(a) and base.amount:
                amount = quantize(base.amount * factor.percent / HUNDRED)
                self.estimate.lines.append(Line(
                    month, REIMBURSEMENT, CAT_MISSION_FACTOR, f"Mission factor: {factor.kind}",
                    factor.percent, Decimal(1), a, b, Money(amount, s.currency), factor=factor, base=base))

    def cash(self) -> None:
        s, estimate = self.s, self.estimate
        delay = s.payment_delay_months
        months = months_between(s.start, add_months(s.end, delay))
        national: dict[dt.date, Money] = {m: Money.zero(s.currency) for m in months}
        earned: dict[dt.date, Money] = {m: Money.zero(s.currency) for m in months}
        for line in estimate.lines:
            book = national if line.side == NATIONAL else earned
            book[line.month] = book[line.month] + line.amount
        cum_national = cum_received = Money.zero(s.currency)
        for month in months:
            paid_for = add_months(month, -delay)
            received = earned.get(paid_for, Money.zero(s.currency)) if paid_for >= months[0] else Money.zero(s.currency)
            cum_national = cum_national + national[month]
            cum_received = cum_received + received
            estimate.months.append(MonthRow(month, national[month], earned[month], received, cum_national,
                                            cum_received))


def estimate(scenario: Scenario, rates: Iterable[Rate]) -> Estimate:
    """The month-by-month estimate of `scenario` with `rates` (see the module's method)."""
    rates = list(rates)
    clashes = find_overlaps(rates)
    if clashes:
        a, b = clashes[0]
        raise CostingError("overlap", f"rates {a.ref} and {b.ref} of {a.kind} {a.key} overlap", kind=a.kind)
    return _Builder(scenario, rates).build()


# --- plain data for storage and JSON ----------------------------------------------------------------

def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def line_dict(line: Line) -> dict:
    ref = line.rate or line.factor
    return {
        "month": line.month.isoformat(), "side": line.side, "category": line.category, "label": line.label,
        "quantity": str(line.quantity), "fraction": str(line.fraction.quantize(Decimal("0.0001"))),
        "period_from": line.period_from.isoformat(), "period_to": line.period_to.isoformat(),
        "amount": str(line.amount.amount), "currency": line.amount.currency,
        "rate_ref": ref.ref if ref else None, "rate_kind": getattr(ref, "kind", None),
        "rate_amount": str(line.rate.amount) if line.rate else None,
        "factor_percent": str(line.factor.percent) if line.factor else None,
        "base": str(line.base.amount) if line.base else None,
        "source": line.source, "authority": getattr(line.rate, "authority", "") if line.rate else "",
        "effective_from": _date(line.effective_from),
        "effective_to": _date(ref.effective_to) if ref else None,
        "verified": line.verified, "note": line.note, "rate_key": getattr(ref, "key", "") or "",
        "item_ref": line.item_ref, "item_label": line.item_label, "state": line.state,
    }


def estimate_dict(result: Estimate) -> dict:
    s = result.scenario
    peak = result.peak_gap
    return {
        "currency": s.currency, "start": s.start.isoformat(), "end": s.end.isoformat(), "personnel": s.personnel,
        "payment_delay_months": s.payment_delay_months,
        "totals": {"national": str(result.national.amount), "reimbursement": str(result.reimbursement.amount),
                   "net": str(result.net.amount),
                   "peak_gap": str(peak.gap.amount) if peak else "0.00",
                   "peak_gap_month": peak.month.isoformat() if peak else None},
        "by_category": {side: {cat: str(result.total(side, cat).amount)
                               for cat in sorted({ln.category for ln in result.lines if ln.side == side})}
                        for side in (NATIONAL, REIMBURSEMENT)},
        "months": [{"month": m.month.isoformat(), "national": str(m.national.amount),
                    "reimbursement": str(m.reimbursement.amount), "received": str(m.received.amount),
                    "cumulative_national": str(m.cumulative_national.amount),
                    "cumulative_received": str(m.cumulative_received.amount), "gap": str(m.gap.amount)}
                   for m in result.months],
        "lines": [line_dict(line) for line in result.lines],
        "gaps": [{"kind": g.kind, "key": g.key, "period_from": g.period_from.isoformat(),
                  "period_to": g.period_to.isoformat(), "label": g.label} for g in result.gaps],
    }
