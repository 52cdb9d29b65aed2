from django import forms
from django.utils.translation import gettext_lazy as _

from peaceops.access.forms import MarkingFormMixin
from peaceops.core.forms import StyledFormMixin
from peaceops.missions.models import Mission
from peaceops.org.models import Unit

from .choices import (
    RECORDED_ITEMS,
    CaseOutcome,
    ComplianceItem,
    InstrumentKind,
    InstrumentStatus,
    MisconductCategory,
)
from .models import DISCIPLINE_COMPARTMENT
from .services import CaseData, InstrumentData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InstrumentForm(MarkingFormMixin, forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=InstrumentKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=InstrumentStatus.choices)
    parties = forms.CharField(label=_("Parties"), max_length=500)
    mission = forms.ModelChoiceField(label=_("Mission"), queryset=Mission.objects.all(), to_field_name="acronym",
                                     required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.all(), to_field_name="code", required=False)
    signed_on = forms.DateField(label=_("Signed"), required=False, widget=DATE)
    in_force_on = forms.DateField(label=_("In force from"), required=False, widget=DATE)
    expires_on = forms.DateField(label=_("Expires"), required=False, widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    own_fields = ("reference", "title", "kind", "status", "parties", "mission", "unit", "signed_on", "in_force_on",
                  "expires_on", "notes")

    def __init__(self, *args, actor, instance=None, **kwargs):
        """With `instance`, the form edits it: its values filled in, its marking shown but not editable
        (lowering a marking is its own action), its version carried for the optimistic lock."""
        self.instance = instance
        if instance is not None:
            kwargs["initial"] = {**{f: getattr(instance, f) for f in self.own_fields},
                                 "mission": instance.mission.acronym if instance.mission_id else None,
                                 "unit": instance.unit.code if instance.unit_id else None,
                                 "version": instance.version}
        super().__init__(*args, **kwargs)
        self.setup_marking(actor, instance)
        if instance is not None:
            for name in self.marking_fields:
                self.fields[name].disabled = True
                self.fields[name].required = False

    def data_object(self) -> InstrumentData:
        values = {f: self.cleaned_data.get(f) for f in self.own_fields}
        values["notes"] = values["notes"] or ""
        # The page does not choose the rotation (the API does): an edit keeps the one on file.
        values["rotation"] = self.instance.rotation if self.instance is not None else None
        return InstrumentData(**values)


class ComplianceRecordForm(StyledFormMixin, forms.Form):
    rotation = forms.UUIDField(widget=forms.HiddenInput)
    item = forms.ChoiceField(label=_("Item"), choices=[(c, ComplianceItem(c).label) for c in RECORDED_ITEMS])
    done_on = forms.DateField(label=_("Done on"), widget=DATE)
    evidence = forms.CharField(label=_("Evidence"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class CaseForm(MarkingFormMixin, forms.Form):
    mission = forms.ModelChoiceField(label=_("Mission"), queryset=Mission.objects.all(), to_field_name="acronym")
    category = forms.ChoiceField(label=_("Category"), choices=MisconductCategory.choices)
    reported_on = forms.DateField(label=_("Reported"), widget=DATE)
    allegation = forms.CharField(label=_("Allegation"), widget=forms.Textarea(attrs={"rows": 4}))
    service_number = forms.CharField(label=_("Subject's service number"), max_length=40, required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_marking(actor)
        self.initial.setdefault("compartments", [DISCIPLINE_COMPARTMENT])
        self.initial["level"] = min(1, actor.level)

    def data_object(self, person) -> CaseData:
        data = self.cleaned_data
        return CaseData(mission=data["mission"], category=data["category"], allegation=data["allegation"],
                        reported_on=data["reported_on"], person=person)


class CaseStepForm(StyledFormMixin, forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("On"), required=False, widget=DATE)
    investigation = forms.CharField(label=_("Who investigates, and how"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=[("", "—"), *CaseOutcome.choices])
    findings = forms.CharField(label=_("Findings and measures"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    un_notified_on = forms.DateField(label=_("UN notified on"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()
