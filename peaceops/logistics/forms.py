from django import forms
from django.utils.translation import gettext_lazy as _

from peaceops.access.forms import MarkingFormMixin
from peaceops.core.forms import StyledFormMixin

from . import services
from .choices import (
    ClaimKind,
    Condition,
    EquipmentCategory,
    FactorKind,
    LeaseType,
    RateKind,
    SelfSustainmentCategory,
    VerificationKind,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY_FIELD = {"max_digits": 16, "decimal_places": 2, "min_value": 0}
CLAIM_LINES = 5


def _styled(form):
    form.style_fields()
    return form


class RateForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RateKind.choices)
    key = forms.ChoiceField(label=_("Category"), required=False,
                            choices=[("", "—"), *EquipmentCategory.choices, *SelfSustainmentCategory.choices],
                            help_text=_("For major equipment, maintenance and self-sustainment rates."))
    amount = forms.DecimalField(label=_("Amount"), max_digits=16, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    effective_from = forms.DateField(label=_("Effective from"), required=False, widget=DATE)
    effective_to = forms.DateField(label=_("Effective to"), required=False, widget=DATE)
    authority = forms.CharField(label=_("Authority document"), max_length=300, required=False,
                                help_text=_("e.g. A/RES/72/285, the COE Manual edition and annex."))
    source = forms.CharField(label=_("Source"), max_length=1000, required=False,
                             help_text=_("Where the figure was read (document, page, address). Required."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def rate_data(self) -> services.RateData:
        d = self.cleaned_data
        return services.RateData(kind=d["kind"], key=d.get("key") or "", amount=d["amount"], currency=d["currency"],
                                 effective_from=d.get("effective_from"), effective_to=d.get("effective_to"),
                                 authority=d.get("authority") or "", source=d.get("source") or "",
                                 note=d.get("note") or "")


class RateCloseForm(StyledFormMixin, forms.Form):
    effective_to = forms.DateField(label=_("Last day in force"), widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)


class FactorForm(StyledFormMixin, forms.Form):
    mission = forms.ModelChoiceField(label=_("Mission"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=FactorKind.choices)
    percent = forms.DecimalField(label=_("Percent"), max_digits=6, decimal_places=3, min_value=0, max_value=100)
    effective_from = forms.DateField(label=_("Effective from"), required=False, widget=DATE)
    effective_to = forms.DateField(label=_("Effective to"), required=False, widget=DATE)
    source = forms.CharField(label=_("Source"), max_length=1000, required=False,
                             help_text=_("The SUR or MOU that sets the factor. Required."))

    def __init__(self, *args, **kwargs):
        from peaceops.missions.models import Mission

        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = Mission.objects.all()
        self.style_fields()


class EquipmentForm(MarkingFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    category = forms.ChoiceField(label=_("Category"), choices=EquipmentCategory.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    lease = forms.ChoiceField(label=_("Lease"), choices=LeaseType.choices)
    serial = forms.CharField(label=_("Serial number"), max_length=100, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), initial=1,
                                  help_text=_("How many items of this kind (0 or more)."))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, actor, instance=None, **kwargs):
        from peaceops.org.models import Unit

        if instance is not None:
            kwargs["initial"] = {"unit": instance.unit_id, "category": instance.category,
                                 "description": instance.description, "lease": instance.lease,
                                 "serial": instance.serial, "quantity": instance.quantity, "notes": instance.notes,
                                 "version": instance.version, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.all()
        self.setup_marking(actor, instance)
        if instance is not None:
            self.fields["unit"].disabled = True
            for name in self.marking_fields:
                self.fields[name].disabled = True
                self.fields[name].required = False

    def equipment_data(self, unit=None) -> services.EquipmentData:
        d = self.cleaned_data
        return services.EquipmentData(unit=unit or d["unit"], category=d["category"], description=d["description"],
                                      lease=d["lease"], quantity=d["quantity"], serial=d.get("serial") or "",
                                      notes=d.get("notes") or "")


class SelfSustainmentForm(StyledFormMixin, forms.Form):
    categories = forms.MultipleChoiceField(label=_("Self-sustainment the unit provides"), required=False,
                                           choices=SelfSustainmentCategory.choices,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class VerificationForm(MarkingFormMixin, forms.Form):
    """A verification report; one result per item of the unit (`result_<pk>`, `count_<pk>`, `note_<pk>`)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=VerificationKind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    mission = forms.ModelChoiceField(label=_("Mission"), queryset=None, required=False)
    report_reference = forms.CharField(label=_("Report reference"), max_length=120, required=False)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, actor, items, **kwargs):
        from peaceops.missions.models import Mission

        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.fields["mission"].queryset = Mission.objects.all()
        choices = [("", _("not inspected")), *Condition.choices]
        for item in self.items:
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(label=str(item), choices=choices, required=False)
            self.fields[f"count_{item.pk}"] = forms.IntegerField(label=_("Units affected"), required=False,
                                                                 min_value=0)
            self.fields[f"note_{item.pk}"] = forms.CharField(label=_("Note"), required=False, max_length=500)
        self.setup_marking(actor)

    def rows(self):
        return [(item, self[f"result_{item.pk}"], self[f"count_{item.pk}"], self[f"note_{item.pk}"])
                for item in self.items]

    def verification_data(self, unit) -> services.VerificationData:
        d = self.cleaned_data
        findings = [services.FindingData(item=item, result=d[f"result_{item.pk}"],
                                         quantity_affected=d.get(f"count_{item.pk}") or 0,
                                         note=d.get(f"note_{item.pk}") or "")
                    for item in self.items if d.get(f"result_{item.pk}")]
        return services.VerificationData(unit=unit, kind=d["kind"], date=d["date"], mission=d.get("mission"),
                                         report_reference=d.get("report_reference") or "",
                                         summary=d.get("summary") or "", findings=findings)


class EstimateForm(MarkingFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    basis = forms.ChoiceField(label=_("For"), choices=[])
    proposal = forms.ModelChoiceField(label=_("Proposal"), queryset=None, required=False)
    rotation = forms.ModelChoiceField(label=_("Rotation"), queryset=None, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False,
                                  help_text=_("Its equipment and self-sustainment enter the estimate."))
    mission = forms.ModelChoiceField(label=_("Mission"), queryset=None, required=False,
                                     help_text=_("Its mission factors enter the estimate."))
    personnel = forms.IntegerField(label=_("Personnel"), max_value=100_000)
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("End"), widget=DATE)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    payment_delay_months = forms.IntegerField(label=_("UN payment delay (months)"), initial=6, min_value=0,
                                              max_value=60)
    include_equipment = forms.BooleanField(label=_("Include the unit's equipment"), required=False, initial=True)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, actor, proposals, rotations, instance=None, **kwargs):
        from peaceops.missions.models import Mission
        from peaceops.org.models import Unit

        from .choices import EstimateBasis

        if instance is not None:
            kwargs["initial"] = {name: getattr(instance, name) for name in (
                "title", "basis", "personnel", "start_date", "end_date", "currency", "payment_delay_months",
                "include_equipment", "notes")} | {"proposal": instance.proposal_id, "unit": instance.unit_id,
                                                   "rotation": instance.rotation_id,
                                                   "mission": instance.mission_id, "version": instance.version}
        super().__init__(*args, **kwargs)
        self.fields["basis"].choices = EstimateBasis.choices
        self.fields["proposal"].queryset = proposals
        self.fields["rotation"].queryset = rotations
        self.fields["unit"].queryset = Unit.objects.all()
        self.fields["mission"].queryset = Mission.objects.all()
        self.setup_marking(actor, instance)
        if instance is not None:
            for name in self.marking_fields:
                self.fields[name].disabled = True
                self.fields[name].required = False

    def estimate_data(self) -> services.EstimateData:
        d = self.cleaned_data
        return services.EstimateData(
            title=d["title"], basis=d["basis"], proposal=d.get("proposal"), rotation=d.get("rotation"),
            unit=d.get("unit"),
            mission=d.get("mission"), personnel=d["personnel"], start_date=d["start_date"], end_date=d["end_date"],
            currency=d["currency"], payment_delay_months=d["payment_delay_months"],
            include_equipment=bool(d.get("include_equipment")), notes=d.get("notes") or "")


class ClaimForm(MarkingFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=ClaimKind.choices)
    mission = forms.ModelChoiceField(label=_("Mission"), queryset=None, required=False)
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DATE)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, actor, items, **kwargs):
        from peaceops.missions.models import Mission
        from peaceops.org.models import Unit

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.all()
        self.fields["mission"].queryset = Mission.objects.all()
        self.items = {str(item.pk): item for item in items}
        item_choices = [("", "—"), *((pk, f"{item.unit.code} · {item}") for pk, item in self.items.items())]
        for index in range(CLAIM_LINES):
            self.fields[f"line{index}_item"] = forms.ChoiceField(label=_("Equipment item"), choices=item_choices,
                                                                 required=False)
            self.fields[f"line{index}_description"] = forms.CharField(label=_("Description"), max_length=300,
                                                                      required=False)
            self.fields[f"line{index}_quantity"] = forms.IntegerField(label=_("Quantity"), required=False)
            self.fields[f"line{index}_amount"] = forms.DecimalField(label=_("Amount"), required=False,
                                                                    max_digits=16, decimal_places=2)
        self.setup_marking(actor)

    def line_rows(self):
        return [(self[f"line{i}_item"], self[f"line{i}_description"], self[f"line{i}_quantity"],
                 self[f"line{i}_amount"]) for i in range(CLAIM_LINES)]

    def claim_data(self) -> services.ClaimData:
        d = self.cleaned_data
        lines = []
        for index in range(CLAIM_LINES):
            amount = d.get(f"line{index}_amount")
            item = self.items.get(d.get(f"line{index}_item") or "")
            description = d.get(f"line{index}_description") or ""
            if amount is None and item is None and not description:
                continue
            quantity = d.get(f"line{index}_quantity")
            lines.append(services.ClaimLineData(description=description, amount=amount if amount is not None else "",
                                                quantity=1 if quantity is None else quantity, equipment_item=item))
        return services.ClaimData(unit=d["unit"], kind=d["kind"], period_start=d["period_start"],
                                  period_end=d["period_end"], submitted_on=d["submitted_on"], lines=lines,
                                  mission=d.get("mission"), currency=d["currency"], notes=d.get("notes") or "")


class ClaimVerifyForm(StyledFormMixin, forms.Form):
    amount_verified = forms.DecimalField(label=_("Verified amount"), **MONEY_FIELD)
    verified_on = forms.DateField(label=_("Verified on"), widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class PaymentForm(StyledFormMixin, forms.Form):
    amount = forms.DecimalField(label=_("Amount received"), **MONEY_FIELD)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class RiskForm(forms.Form):
    """The risk panel's parameters (from the query string)."""

    months = forms.IntegerField(min_value=1, max_value=60, required=False)
