"""Forms of the training pages: enrol someone, record a result, add an exercise finding, upload an import."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.core.forms import StyledFormMixin
from peaceops.documents.choices import LessonCategory
from peaceops.org.models import Agency

from .choices import level_label

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "input_formats": ["%Y-%m-%d"]}


class EnrolForm(StyledFormMixin, forms.Form):
    service_number = forms.CharField(label=_("Service number"), max_length=32)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class ResultForm(StyledFormMixin, forms.Form):
    result = forms.ChoiceField(label=_("Result"))
    completed_on = forms.DateField(label=_("Completed on"), **DATE)
    score = forms.DecimalField(label=_("Score"), required=False, min_value=0, max_value=1000, decimal_places=2)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, choices: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [(c, level_label(c)) for c in choices]
        self.style_fields()


class FindingForm(StyledFormMixin, forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=LessonCategory.choices, initial=LessonCategory.FINDING)
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    action_title = forms.CharField(label=_("Action to take (optional)"), required=False, max_length=500,
                                   help_text=_("Filled in: an action item goes on the roadmap."))
    owner_agency = forms.ModelChoiceField(label=_("Action owner"), queryset=Agency.objects.all(), required=False)
    due_on = forms.DateField(label=_("Action due"), required=False, **DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def clean_due_on(self):
        due = self.cleaned_data.get("due_on")
        if due and due < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"
