from django import forms
from django.utils.translation import gettext_lazy as _

from peaceops.access.forms import MarkingFormMixin
from peaceops.core.forms import StyledFormMixin
from peaceops.org.models import Unit

from .choices import Gender, Rank, Relationship, Service
from .services import PersonData


class PersonForm(MarkingFormMixin, forms.Form):
    """Create or edit a person, with the record's marking. Saving goes through the service."""

    family_name = forms.CharField(label=_("Family name"), max_length=60)
    middle_name = forms.CharField(label=_("Middle name"), max_length=60, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=60)
    service = forms.ChoiceField(label=_("Service"), choices=Service.choices)
    rank = forms.ChoiceField(label=_("Rank"), choices=Rank.choices)
    service_number = forms.CharField(label=_("Service number"), max_length=32)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.all(), required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    person_fields = ("family_name", "middle_name", "given_name", "service", "rank", "service_number",
                     "gender", "date_of_birth", "unit", "email", "phone")

    def __init__(self, *args, actor, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"] = {**{f: getattr(instance, f) for f in self.person_fields},
                                 "version": instance.version, **kwargs["initial"]}
        super().__init__(*args, **kwargs)
        self.setup_marking(actor, instance)
        self.fields["family_name"].widget.attrs["autofocus"] = True

    def clean_service_number(self):
        return self.cleaned_data["service_number"].strip().upper()

    def person_data(self) -> PersonData:
        data = {f: self.cleaned_data.get(f) for f in self.person_fields}
        for optional_text in ("middle_name", "email", "phone"):
            data[optional_text] = data[optional_text] or ""
        return PersonData(**data)


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class PassportForm(MarkingFormMixin, forms.Form):
    number = forms.CharField(label=_("Passport number"), max_length=32)
    expires_on = forms.DateField(label=_("Expiry date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_marking(actor)
        self.initial.setdefault("level", 1 if actor.level >= 1 else 0)
        self.initial.setdefault("compartments", ["PERSONAL-DATA"])

    def clean_number(self):
        return self.cleaned_data["number"].strip().upper()


class NextOfKinForm(MarkingFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    relationship = forms.ChoiceField(label=_("Relationship"), choices=Relationship.choices)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_marking(actor)
        self.initial.setdefault("level", 1 if actor.level >= 1 else 0)
        self.initial.setdefault("compartments", ["PERSONAL-DATA"])
