"""Logistics and finance: contingent-owned equipment and its verification, reference rates with their
periods and sources, mission factors, cost estimates, and claims with their payments.

Money is Decimal with a currency everywhere (never float); every figure of an estimate carries the
rate and the source it comes from (see costing.py for the arithmetic)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from peaceops.access.classified import ClassifiedModel
from peaceops.core.models import BaseModel

from .choices import (
    ClaimKind,
    ClaimStatus,
    Condition,
    EquipmentCategory,
    EstimateBasis,
    FactorKind,
    LeaseType,
    RateKind,
    SelfSustainmentCategory,
    VerificationKind,
)

MONEY = {"max_digits": 16, "decimal_places": 2}
CURRENCY_DEFAULT = "USD"


class EquipmentItem(ClassifiedModel, BaseModel):
    """A line of a unit's contingent-owned major equipment (one serial, or a quantity of one kind)."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="equipment_items",
                             verbose_name=_("unit"))
    category = models.CharField(_("category"), max_length=24, choices=EquipmentCategory.choices)
    description = models.CharField(_("description"), max_length=300)
    lease = models.CharField(_("lease"), max_length=4, choices=LeaseType.choices)
    serial = models.CharField(_("serial number"), max_length=100, blank=True)
    condition = models.CharField(_("condition"), max_length=16, choices=Condition.choices,
                                 default=Condition.SERVICEABLE,
                                 help_text=_("As the latest verification found it."))
    quantity = models.IntegerField(_("quantity"), default=1)
    affected = models.IntegerField(_("units affected"), default=0,
                                   help_text=_("How many of the quantity the latest verification found "
                                               "unserviceable or missing."))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["unit", "category", "description", "id"]
        verbose_name = _("equipment item")
        verbose_name_plural = _("equipment items")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="equipment_quantity_not_negative"),
            models.CheckConstraint(condition=Q(affected__gte=0) & Q(affected__lte=F("quantity")),
                                   name="equipment_affected_within_quantity"),
        ]

    def __str__(self) -> str:
        return f"{self.description}{f' ({self.serial})' if self.serial else ''}"


class UnitSelfSustainment(BaseModel):
    """A self-sustainment category the unit provides itself (so the UN reimburses it)."""

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="self_sustainment",
                             verbose_name=_("unit"))
    category = models.CharField(_("category"), max_length=24, choices=SelfSustainmentCategory.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["unit", "category"]
        verbose_name = _("self-sustainment category")
        constraints = [models.UniqueConstraint(fields=["unit", "category"], name="unit_self_sustainment_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.category}"


class Verification(ClassifiedModel, BaseModel):
    """An inspection of a unit's equipment (arrival, periodic, repatriation) and its report."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="verifications",
                             verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=16, choices=VerificationKind.choices)
    date = models.DateField(_("date"))
    mission = models.ForeignKey("missions.Mission", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("mission"))
    report_reference = models.CharField(_("report reference"), max_length=120, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class Finding(BaseModel):
    """What a verification found on one item: serviceable, or some of it unserviceable or missing."""

    verification = models.ForeignKey(Verification, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(EquipmentItem, on_delete=models.CASCADE, related_name="findings",
                             verbose_name=_("item"))
    result = models.CharField(_("result"), max_length=16, choices=Condition.choices)
    quantity_affected = models.PositiveIntegerField(_("units affected"), default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["verification", "item"]
        verbose_name = _("finding")
        constraints = [models.UniqueConstraint(fields=["verification", "item"], name="finding_unique_item")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.result}"


class Rate(BaseModel):
    """A reference rate in force for a period, with its authority and where the figure was read.

    Shipped rates are verified reference data (reference/rates.json, versioned); a rate an officer
    enters is marked as entered, not verified, until someone checks it against its source. Two
    rates of the same kind, key and currency never share a day (services refuse it)."""

    kind = models.CharField(_("kind"), max_length=24, choices=RateKind.choices)
    key = models.CharField(_("category"), max_length=24, blank=True,
                           help_text=_("The equipment or self-sustainment category; empty for the other kinds."))
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY_DEFAULT)
    effective_from = models.DateField(_("effective from"), null=True, blank=True,
                                      help_text=_("Empty when the start is not known (in force before the next)."))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    authority = models.CharField(_("authority document"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=1000)
    verified = models.BooleanField(_("verified"), default=False)
    reference_version = models.CharField(_("reference data version"), max_length=40, blank=True)
    reference_code = models.CharField(_("reference code"), max_length=60, blank=True)
    entered_by = models.CharField(_("entered by"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        # A rate whose start is not known came first: NULL first on both engines.
        ordering = ["kind", "key", "currency", F("effective_from").asc(nulls_first=True), "id"]
        verbose_name = _("rate")
        verbose_name_plural = _("rates")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="rate_amount_not_negative"),
            models.CheckConstraint(condition=~Q(source=""), name="rate_has_source"),
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_from__isnull=True)
                                   | Q(effective_to__gte=F("effective_from")), name="rate_period_order"),
            models.UniqueConstraint(fields=["reference_code"], condition=~Q(reference_code=""),
                                    name="rate_reference_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key} {self.amount} {self.currency}"


class MissionFactor(BaseModel):
    """A mission factor (percent added to equipment and self-sustainment rates), entered with its source."""

    mission = models.ForeignKey("missions.Mission", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("mission"))
    kind = models.CharField(_("kind"), max_length=24, choices=FactorKind.choices)
    percent = models.DecimalField(_("percent"), max_digits=6, decimal_places=3)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=1000)
    verified = models.BooleanField(_("verified"), default=False)
    entered_by = models.CharField(_("entered by"), max_length=200, blank=True)

    class Meta:
        ordering = ["mission", "kind", F("effective_from").asc(nulls_first=True), "id"]
        verbose_name = _("mission factor")
        constraints = [
            models.CheckConstraint(condition=Q(percent__gte=0), name="factor_percent_not_negative"),
            models.CheckConstraint(condition=~Q(source=""), name="factor_has_source"),
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_from__isnull=True)
                                   | Q(effective_to__gte=F("effective_from")), name="factor_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.mission_id} {self.kind} {self.percent}%"


class CostEstimate(ClassifiedModel, BaseModel):
    """What a rotation, a proposal or an ad-hoc scenario costs the country against what the UN pays back,
    month by month. `result` keeps the computed lines (each with its rate and source) as computed on
    `computed_at`; recomputing reads the rates in force again."""

    title = models.CharField(_("title"), max_length=300)
    basis = models.CharField(_("for"), max_length=12, choices=EstimateBasis.choices, default=EstimateBasis.SCENARIO)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("unit"))
    proposal = models.ForeignKey("decisions.Proposal", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="cost_estimates", verbose_name=_("proposal"))
    rotation = models.ForeignKey("missions.Rotation", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("rotation"))
    mission = models.ForeignKey("missions.Mission", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("mission"))
    personnel = models.PositiveIntegerField(_("personnel"))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY_DEFAULT)
    payment_delay_months = models.PositiveSmallIntegerField(_("UN payment delay (months)"), default=6)
    include_equipment = models.BooleanField(_("include the unit's equipment"), default=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    national_total = models.DecimalField(_("national cost"), **MONEY, default=0)
    reimbursement_total = models.DecimalField(_("UN reimbursement"), **MONEY, default=0)
    peak_gap = models.DecimalField(_("peak cash gap"), **MONEY, default=0)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-updated_at", "id"]
        verbose_name = _("cost estimate")
        verbose_name_plural = _("cost estimates")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="estimate_period_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def net_total(self):
        return self.national_total - self.reimbursement_total


class Claim(ClassifiedModel, BaseModel):
    """A claim for reimbursement sent to the UN for a period, its verification and what was paid."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    mission = models.ForeignKey("missions.Mission", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("mission"))
    rotation = models.ForeignKey("missions.Rotation", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("rotation"))
    kind = models.CharField(_("kind"), max_length=20, choices=ClaimKind.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    submitted_on = models.DateField(_("submitted on"))
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY_DEFAULT)
    amount_claimed = models.DecimalField(_("claimed"), **MONEY)
    amount_verified = models.DecimalField(_("verified"), **MONEY, null=True, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    amount_paid = models.DecimalField(_("paid"), **MONEY, default=0)
    status = models.CharField(_("status"), max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-submitted_on", "reference"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="claim_period_order"),
            models.CheckConstraint(condition=Q(amount_claimed__gte=0), name="claim_amount_not_negative"),
            models.CheckConstraint(condition=Q(amount_paid__gte=0), name="claim_paid_not_negative"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def due(self):
        """What the UN owes on this claim: the verified amount once verified, else the claimed amount."""
        return self.amount_verified if self.amount_verified is not None else self.amount_claimed

    @property
    def outstanding(self):
        return max(self.due - self.amount_paid, 0)


class ClaimLine(BaseModel):
    """One line of a claim; a major-equipment line names the item it claims for."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    equipment_item = models.ForeignKey(EquipmentItem, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="claim_lines", verbose_name=_("equipment item"))
    description = models.CharField(_("description"), max_length=300)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        ordering = ["claim", "id"]
        verbose_name = _("claim line")
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="claim_line_amount_not_negative")]

    def __str__(self) -> str:
        return self.description


class Payment(BaseModel):
    """Money received from the UN against a claim."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="payments")
    received_on = models.DateField(_("received on"))
    amount = models.DecimalField(_("amount"), **MONEY)
    reference = models.CharField(_("reference"), max_length=120, blank=True)

    class Meta:
        ordering = ["claim", "received_on", "id"]
        verbose_name = _("payment")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.amount}"
