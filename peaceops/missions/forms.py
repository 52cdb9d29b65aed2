"""Forms of the force-generation pages. They only parse input; the services decide and write."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from peaceops.core.forms import StyledFormMixin
from peaceops.org.models import Unit
from peaceops.people.choices import Gender
from peaceops.readiness.models import PostType

from .choices import DeploymentStatus, PCRSLevel, RotationKind, StrengthCategory
from .models import Mission

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("ar", _("Arabic")), ("es", _("Spanish")),
             ("pt", _("Portuguese"))]


class MonthField(forms.DateField):
    """A month as YYYY-MM (the month input) or a full date; answers the first day of the month."""

    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


class StyledForm(StyledFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class RequirementForm(StyledForm):
    mission = forms.ModelChoiceField(label=_("Mission"), queryset=Mission.objects.all(), to_field_name="acronym")
    rotation = forms.ModelChoiceField(label=_("Rotation"), queryset=None, required=False,
                                      help_text=_("Leave empty while the requirement is not tied to a rotation."))
    post_type = forms.ModelChoiceField(label=_("Post type"), queryset=PostType.objects.all())
    count = forms.IntegerField(label=_("Number of posts"), min_value=1, max_value=10_000)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    language = forms.ChoiceField(label=_("Working language"), choices=LANGUAGES)
    women_target = forms.DecimalField(label=_("Women's share asked"), min_value=0, max_value=1, decimal_places=3,
                                      required=False, help_text=_("Between 0 and 1, e.g. 0.25."))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    fields_to_save = ("mission", "rotation", "post_type", "count", "place", "start_date", "end_date", "language",
                      "women_target", "notes")

    def __init__(self, *args, rotations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rotation"].queryset = rotations


class RotationForm(StyledForm):
    mission = forms.ModelChoiceField(label=_("Mission"), queryset=Mission.objects.all(), to_field_name="acronym")
    kind = forms.ChoiceField(label=_("Kind"), choices=RotationKind.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.all(), to_field_name="code", required=False,
                                  help_text=_("Empty for a batch of individual posts."))
    number = forms.IntegerField(label=_("Rotation number"), min_value=1, max_value=999)
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    overlap_days = forms.IntegerField(label=_("Handover overlap (days)"), min_value=0, max_value=365, initial=0)
    phased_return = forms.CharField(
        label=_("Phased return"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One group per line: the date and the number of people, e.g. 2028-02-15 30."))
    pledge = forms.ModelChoiceField(label=_("Pledge"), queryset=None, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    fields_to_save = ("mission", "kind", "unit", "number", "start_date", "end_date", "overlap_days",
                      "phased_return", "pledge", "notes")

    def __init__(self, *args, pledges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pledge"].queryset = pledges

    def clean_phased_return(self):
        groups = []
        for number, line in enumerate(self.cleaned_data["phased_return"].splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            try:
                if len(parts) != 2:
                    raise ValueError
                groups.append({"on": dt.date.fromisoformat(parts[0]).isoformat(), "count": int(parts[1])})
            except ValueError:
                raise forms.ValidationError(_("Line %(n)s: write a date and a number, e.g. 2028-02-15 30."),
                                            params={"n": number}) from None
        return groups


def phased_return_text(groups) -> str:
    return "\n".join(f"{g['on']} {g['count']}" for g in groups or [])


class TransitionForm(StyledForm):
    to_status = forms.ChoiceField(label=_("New status"), choices=DeploymentStatus.choices)
    on = forms.DateField(label=_("On"), widget=DATE)
    end_date = forms.DateField(label=_("New end date"), required=False, widget=DATE,
                               help_text=_("Only for an extension."))
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PledgeForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.all(), to_field_name="code")
    capability = forms.CharField(label=_("Capability"), max_length=200)
    personnel = forms.IntegerField(label=_("Personnel"), min_value=1, max_value=100_000)
    mission = forms.ModelChoiceField(label=_("Mission"), queryset=Mission.objects.all(), to_field_name="acronym",
                                     required=False)
    registered_on = forms.DateField(label=_("Registered in PCRS on"), required=False, widget=DATE)


class PledgeLevelForm(StyledForm):
    level = forms.ChoiceField(label=_("PCRS level"), choices=PCRSLevel.choices)
    from_date = forms.DateField(label=_("From"), widget=DATE)
    evidence = forms.CharField(label=_("Evidence"), max_length=4000,
                               help_text=_("What shows this level, e.g. the assessment and advisory visit report."))
    source = forms.CharField(label=_("Source"), max_length=300, required=False)


class StrengthForm(StyledForm):
    mission = forms.ModelChoiceField(label=_("Mission"), queryset=Mission.objects.all(), to_field_name="acronym")
    month = MonthField(label=_("Month"), widget=MONTH)
    category = forms.ChoiceField(label=_("Category"), choices=StrengthCategory.choices)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    count = forms.IntegerField(label=_("Number"), min_value=0, max_value=1_000_000)
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)
