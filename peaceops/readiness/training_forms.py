"""Forms of the training pages: enrol someone, record a result, add an exercise finding, upload an import;
create and edit courses, sessions and exercises (each edit carries the version it read)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.access.forms import MarkingFormMixin
from peaceops.core.forms import StyledFormMixin
from peaceops.documents.choices import LessonCategory
from peaceops.org.models import Agency

from .choices import level_label
from .training_choices import CourseCategory, ExerciseKind

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


# -- create and edit: courses, sessions, exercises -------------------------------------------------

class CourseForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32, help_text=_("Short and unique, e.g. UN-CPTM."))
    title_vi = forms.CharField(label=_("Title (Vietnamese)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=CourseCategory.choices)
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    hours = forms.IntegerField(label=_("Hours"), required=False, min_value=1, max_value=2000)
    grants = forms.ModelChoiceField(label=_("Record it grants"), queryset=None, required=False,
                                    empty_label=_("none"),
                                    help_text=_("Completing a session files this record; rules that require it see it."))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.CharField(label=_("Source"), max_length=300, required=False,
                             help_text=_("Where the course's facts come from (a UN catalogue, a partner's offer)."))
    active = forms.BooleanField(label=_("Active (offered)"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instance=None, **kwargs):
        from .models import QualificationType

        if instance is not None:
            kwargs["initial"] = {**{name: getattr(instance, name) for name in (
                "code", "title_vi", "title_en", "category", "provider", "hours", "description", "source", "active",
                "version")}, "grants": instance.grants_id, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        # Records without a need-to-know caveat: a course never files medical or vetting records.
        self.fields["grants"].queryset = QualificationType.objects.filter(compartment__isnull=True)
        self.fields["grants"].label_from_instance = lambda t: f"{t.code} · {t.name}"
        if instance is not None:
            self.fields["code"].disabled = True
        self.style_fields()

    def clean(self):
        data = super().clean()
        if not (data.get("title_vi") or "").strip() and not (data.get("title_en") or "").strip():
            self.add_error("title_en", _("Give the course a title in at least one language."))
        return data

    def course_data(self):
        from .training_services import CourseData

        d = self.cleaned_data
        return CourseData(code=d["code"], title_vi=d.get("title_vi") or "", title_en=d.get("title_en") or "",
                          category=d["category"], provider=d.get("provider") or "", hours=d.get("hours"),
                          grants=d.get("grants"), description=d.get("description") or "",
                          source=d.get("source") or "", active=bool(d.get("active")))


class SessionForm(StyledFormMixin, forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=None)
    code = forms.CharField(label=_("Code"), max_length=40, help_text=_("Unique, e.g. UN-CPTM-2026-2."))
    starts_on = forms.DateField(label=_("Starts on"), **DATE)
    ends_on = forms.DateField(label=_("Ends on"), **DATE)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=1000, initial=20)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False,
                               help_text=_("Empty: the course's provider."))
    funding_partner = forms.ModelChoiceField(label=_("Funding partner"), queryset=None, required=False,
                                             empty_label=_("none (national funds)"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, courses, instance=None, **kwargs):
        from peaceops.partners.models import Partner

        if instance is not None:
            kwargs["initial"] = {**{name: getattr(instance, name) for name in (
                "code", "starts_on", "ends_on", "capacity", "place", "provider", "notes", "version")},
                "course": instance.course_id, "funding_partner": instance.funding_partner_id,
                **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        self.fields["course"].label_from_instance = lambda c: f"{c.code} · {c.title}"
        self.fields["funding_partner"].queryset = Partner.objects.all()
        if instance is not None:
            self.fields["course"].disabled = True
            self.fields["code"].disabled = True
        self.style_fields()

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The session cannot end before it starts."))
        return data

    def session_data(self):
        from .training_services import SessionData

        d = self.cleaned_data
        return SessionData(code=d["code"], starts_on=d["starts_on"], ends_on=d["ends_on"], capacity=d["capacity"],
                           place=d.get("place") or "", provider=d.get("provider") or "",
                           funding_partner=d.get("funding_partner"), notes=d.get("notes") or "")


class ParticipantForm(StyledFormMixin, forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.all(), required=False,
                                    empty_label="—")
    count = forms.IntegerField(label=_("People"), min_value=1, max_value=100000, required=False)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].label_from_instance = lambda a: f"{a.code} · {a.label}"
        self.style_fields()

    def clean(self):
        data = super().clean()
        if data.get("agency") and not data.get("count"):
            self.add_error("count", _("How many people did this agency send?"))
        if data.get("count") and not data.get("agency"):
            self.add_error("agency", _("Choose the agency."))
        return data


PARTICIPANT_ROWS = 6


def participant_formset(data=None, *, participants=()) -> forms.BaseFormSet:
    """The participants of an exercise as rows, with empty rows up to PARTICIPANT_ROWS (at least two)."""
    initial = [{"agency": p.agency_id, "count": p.count, "role": p.role} for p in participants]
    formset_class = forms.formset_factory(ParticipantForm, extra=max(2, PARTICIPANT_ROWS - len(initial)), max_num=40)
    return formset_class(data, initial=initial, prefix="participants")


class ExerciseForm(MarkingFormMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=ExerciseKind.choices)
    starts_on = forms.DateField(label=_("Starts on"), **DATE)
    ends_on = forms.DateField(label=_("Ends on"), **DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    scenario = forms.CharField(label=_("Scenario"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)
    objectives = forms.CharField(label=_("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("One objective per line."), max_length=10000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, actor, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {**{name: getattr(instance, name) for name in (
                "code", "title", "kind", "starts_on", "ends_on", "place", "scenario", "objectives", "version")},
                **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.setup_marking(actor, instance)
        if instance is not None:
            self.fields["code"].disabled = True
            for name in self.marking_fields:
                self.fields[name].disabled = True
                self.fields[name].required = False

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The exercise cannot end before it starts."))
        return data

    def exercise_data(self, participants):
        from .training_services import ExerciseData

        d = self.cleaned_data
        return ExerciseData(code=d["code"], title=d["title"], kind=d["kind"], scenario=d["scenario"],
                            starts_on=d["starts_on"], ends_on=d["ends_on"], place=d.get("place") or "",
                            objectives=d.get("objectives") or "", participants=participants)


def formset_participants(formset) -> list[tuple]:
    """(agency, count, role) of the filled rows of a valid formset."""
    return [(row.cleaned_data["agency"], row.cleaned_data["count"], row.cleaned_data.get("role") or "")
            for row in formset.forms if row.cleaned_data.get("agency")]
