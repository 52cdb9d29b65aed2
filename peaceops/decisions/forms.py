from django import forms
from django.utils.translation import gettext_lazy as _

from peaceops.access.forms import MarkingFormMixin
from peaceops.core.forms import StyledFormMixin
from peaceops.org.models import Agency

from .choices import Mandate, ReviewItemStatus, Scenario, Stance
from .models import SCORE_MAX, SCORE_MIN
from .services import CourseData, ProposalData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProposalForm(MarkingFormMixin, forms.Form):
    """Create or edit a proposal. The marking is chosen on creation; later changes go through a downgrade."""

    title = forms.CharField(label=_("What is proposed"), max_length=300)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    scenario = forms.ChoiceField(label=_("Scenario"), choices=Scenario.choices)
    mandate = forms.ChoiceField(label=_("Mandate"), choices=Mandate.choices)
    mission_code = forms.CharField(label=_("Mission"), max_length=20, required=False,
                                   help_text=_("The UN mission's acronym, e.g. UNMISS."))
    personnel = forms.IntegerField(label=_("Personnel"), min_value=0, max_value=100_000, initial=0)
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DATE)
    decision_due = forms.DateField(label=_("Decision wanted by"), required=False, widget=DATE)
    announcement_on = forms.DateField(label=_("Public announcement"), required=False, widget=DATE)
    owner_agency = forms.ModelChoiceField(label=_("Lead agency"), queryset=Agency.objects.all())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    proposal_fields = ("title", "summary", "scenario", "mandate", "mission_code", "personnel", "planned_start",
                       "decision_due", "announcement_on", "owner_agency")

    def __init__(self, *args, actor, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {**{f: getattr(instance, f) for f in self.proposal_fields},
                                 "version": instance.version, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.setup_marking(actor, instance)
        if instance is not None:
            for name in self.marking_fields:
                self.fields[name].disabled = True
                self.fields[name].required = False
        self.fields["title"].widget.attrs["autofocus"] = True

    def proposal_data(self) -> ProposalData:
        data = {f: self.cleaned_data.get(f) for f in self.proposal_fields}
        data["summary"] = data["summary"] or ""
        data["mission_code"] = data["mission_code"] or ""
        data["personnel"] = data["personnel"] or 0
        return ProposalData(**data)


class TransitionForm(StyledFormMixin, forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    revisit_on = forms.DateField(label=_("Revisit on"), required=False, widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class PositionForm(StyledFormMixin, forms.Form):
    agency = forms.ModelChoiceField(label=_("Ministry"), queryset=Agency.objects.none())
    stance = forms.ChoiceField(label=_("Position"), choices=Stance.choices)
    reasons = forms.CharField(label=_("Reasons or comments"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=actor.agency_ids).order_by("code")
        self.style_fields()


class CommentForm(StyledFormMixin, forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    non_attributable = forms.BooleanField(
        label=_("Non-attributable: hide my name from everyone but the auditors"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class ReviewItemForm(StyledFormMixin, forms.Form):
    finding = forms.CharField(label=_("Finding"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(label=_("Status"), choices=ReviewItemStatus.choices)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class EvidenceForm(StyledFormMixin, forms.Form):
    document = forms.CharField(label=_("Document reference"), max_length=64)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


SCORE = {"min_value": SCORE_MIN, "max_value": SCORE_MAX}


class CourseForm(StyledFormMixin, forms.Form):
    label = forms.CharField(label=_("Label"), max_length=20, initial="COA 1")
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    estimated_cost_usd = forms.IntegerField(label=_("Estimated cost (USD)"), required=False, min_value=0)
    cost = forms.IntegerField(label=_("Cost (1 low – 5 high)"), **SCORE)
    cost_note = forms.CharField(label=_("Cost note"), max_length=300, required=False)
    risk = forms.IntegerField(label=_("Risk (1 low – 5 high)"), **SCORE)
    risk_note = forms.CharField(label=_("Risk note"), max_length=300, required=False)
    readiness = forms.IntegerField(label=_("Readiness (1 low – 5 high)"), **SCORE)
    readiness_note = forms.CharField(label=_("Readiness note"), max_length=300, required=False)
    benefit = forms.IntegerField(label=_("Benefit (1 low – 5 high)"), **SCORE)
    benefit_note = forms.CharField(label=_("Benefit note"), max_length=300, required=False)
    political_weight = forms.IntegerField(label=_("Political weight (1 low – 5 high)"), **SCORE)
    political_weight_note = forms.CharField(label=_("Political weight note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def course_data(self) -> CourseData:
        data = dict(self.cleaned_data)
        for key, value in data.items():
            if value is None and key != "estimated_cost_usd":
                data[key] = ""
        return CourseData(**data)


class RecommendForm(StyledFormMixin, forms.Form):
    reasons = forms.CharField(label=_("Reasons"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()
