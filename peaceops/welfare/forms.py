from django import forms
from django.utils.translation import gettext_lazy as _

from peaceops.access.forms import MarkingFormMixin
from peaceops.core.forms import StyledFormMixin
from peaceops.missions.models import Mission

from .choices import CareKind, CasualtyStatus, ClaimKind, ClaimStatus, DeadlineCode, IncidentType
from .models import CASUALTY_COMPARTMENT
from .services import CareData, ClaimData, IncidentData, MemorialData, RepatriationData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class IncidentForm(MarkingFormMixin, forms.Form):
    occurred_on = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200)
    mission = forms.ModelChoiceField(label=_("Mission"), queryset=Mission.objects.all(), to_field_name="acronym")
    incident_type = forms.ChoiceField(label=_("UN incident type"), choices=IncidentType.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    own_fields = ("occurred_on", "place", "mission", "incident_type", "description")

    def __init__(self, *args, actor, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {**{f: getattr(instance, f) for f in self.own_fields},
                                 "mission": instance.mission.acronym, "version": instance.version}
        super().__init__(*args, **kwargs)
        self.setup_marking(actor, instance)
        if instance is not None:
            for name in self.marking_fields:
                self.fields[name].disabled = True
                self.fields[name].required = False

    def data_object(self) -> IncidentData:
        return IncidentData(**{f: self.cleaned_data.get(f) for f in self.own_fields})


class CasualtyForm(MarkingFormMixin, forms.Form):
    service_number = forms.CharField(label=_("Service number"), max_length=40,
                                     help_text=_("The person's service number in the registry."))
    status = forms.ChoiceField(label=_("Status"), choices=CasualtyStatus.choices)
    next_steps = forms.CharField(label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, actor, incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_marking(actor)
        self.initial.setdefault("compartments", [CASUALTY_COMPARTMENT])
        self.initial["level"] = max(incident.level_id, 1) if actor.level >= 1 else incident.level_id


class CasualtyEditForm(StyledFormMixin, forms.Form):
    """A casualty's status and next steps; the person, incident and marking are fixed once recorded."""

    status = forms.ChoiceField(label=_("Status"), choices=CasualtyStatus.choices)
    next_steps = forms.CharField(label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    marking_fields = ()  # welfare/form.html lays out marked forms in two columns; this one has no marking

    def __init__(self, *args, instance, **kwargs):
        kwargs["initial"] = {"status": instance.status, "next_steps": instance.next_steps,
                             "version": instance.version}
        super().__init__(*args, **kwargs)
        self.style_fields()


class StepForm(StyledFormMixin, forms.Form):
    done_at = forms.DateTimeField(label=_("Done at"), required=False, widget=DATETIME,
                                  input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                  help_text=_("Leave empty for now."))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class RepatriationForm(StyledFormMixin, forms.Form):
    departs_on = forms.DateField(label=_("Departs"), widget=DATE)
    arrives_on = forms.DateField(label=_("Arrives"), required=False, widget=DATE)
    route = forms.CharField(label=_("Route"), max_length=300)
    escort = forms.CharField(label=_("Escort"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def data_object(self) -> RepatriationData:
        data = self.cleaned_data
        return RepatriationData(departs_on=data["departs_on"], arrives_on=data.get("arrives_on"), route=data["route"],
                                escort=data.get("escort", ""), note=data.get("note", ""))


class CareForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=CareKind.choices)
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))
    next_review_on = forms.DateField(label=_("Next review"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def data_object(self) -> CareData:
        data = self.cleaned_data
        return CareData(on=data["on"], kind=data["kind"], note=data["note"], provider=data.get("provider", ""),
                        next_review_on=data.get("next_review_on"))


class ClaimForm(MarkingFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ClaimKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=ClaimStatus.choices)
    un_reference = forms.CharField(label=_("UN claim reference"), max_length=60, required=False)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    claimed_amount = forms.DecimalField(label=_("Amount claimed"), max_digits=14, decimal_places=2, min_value=0)
    approved_amount = forms.DecimalField(label=_("Amount approved"), max_digits=14, decimal_places=2, min_value=0,
                                         required=False)
    paid_amount = forms.DecimalField(label=_("Amount paid"), max_digits=14, decimal_places=2, min_value=0,
                                     required=False)
    disability_percent = forms.DecimalField(label=_("Loss of function (%)"), max_digits=5, decimal_places=2,
                                            required=False)
    submitted_on = forms.DateField(label=_("Submitted"), required=False, widget=DATE)
    paid_on = forms.DateField(label=_("Paid"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    own_fields = ("kind", "status", "un_reference", "currency", "claimed_amount", "approved_amount", "paid_amount",
                  "disability_percent", "submitted_on", "paid_on", "note")

    def __init__(self, *args, actor, casualty=None, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {**{f: getattr(instance, f) for f in self.own_fields}, "version": instance.version}
        super().__init__(*args, **kwargs)
        self.setup_marking(actor, instance)
        if instance is not None:
            for name in self.marking_fields:
                self.fields[name].disabled = True
                self.fields[name].required = False
        else:
            self.initial.setdefault("compartments", [CASUALTY_COMPARTMENT])
            if casualty is not None:
                self.initial["level"] = casualty.level_id

    def data_object(self) -> ClaimData:
        return ClaimData(**{f: self.cleaned_data.get(f) for f in self.own_fields})


class MemorialForm(MarkingFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    rank = forms.CharField(label=_("Rank"), max_length=60, required=False)
    died_on = forms.DateField(label=_("Date of death"), required=False, widget=DATE,
                              help_text=_("Leave empty for the date of the incident."))
    citation = forms.CharField(label=_("Citation"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_marking(actor)

    def data_object(self) -> MemorialData:
        data = self.cleaned_data
        return MemorialData(name=data["name"], citation=data["citation"], rank=data.get("rank", ""),
                            died_on=data.get("died_on"))


class DeadlineParameterForm(StyledFormMixin, forms.Form):
    code = forms.ChoiceField(label=_("Deadline"), choices=DeadlineCode.choices)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=3650)
    warn_days = forms.IntegerField(label=_("Warn this many days before"), min_value=0, max_value=3650, initial=30)
    effective_from = forms.DateField(label=_("Effective from"), widget=DATE)
    source = forms.CharField(label=_("Source"), max_length=500,
                             help_text=_("The UN document or instruction this period comes from."))
    verified = forms.BooleanField(label=_("I checked this period against the source"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()
