"""Forms of the partners pages. They only shape input; the services decide (and word the refusals)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from peaceops.access.forms import MarkingFormMixin
from peaceops.core.forms import StyledFormMixin

from .choices import Acceptance, OfferKind, PartnerKind, RequestStatus
from .services import OfferData, PartnerData, RequestData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(StyledFormMixin, forms.Form):
    marking_fields: tuple[str, ...] = ()  # unmarked records: the form page shows no marking panel
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def expected_version(self, instance) -> int:
        return self.cleaned_data.get("version") or instance.version


class PartnerForm(VersionedForm):
    code = forms.CharField(label=_("Code"), max_length=32, help_text=_("Short and unique, e.g. GPOI."))
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)
    country = forms.CharField(label=_("Country"), max_length=80, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    source = forms.CharField(label=_("Source"), max_length=300, required=False,
                             help_text=_("Where the facts about this partner come from."))
    fictional = forms.BooleanField(label=_("Fictional example (demonstration or training data)"), required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    own_fields = ("code", "name", "kind", "country", "description", "source", "fictional", "active")

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {**{f: getattr(instance, f) for f in self.own_fields}, "version": instance.version}
        super().__init__(*args, **kwargs)

    def data_object(self) -> PartnerData:
        return PartnerData(**{f: self.cleaned_data.get(f) for f in self.own_fields})


class OfferForm(VersionedForm):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=None, to_field_name="code")
    kind = forms.ChoiceField(label=_("Kind"), choices=OfferKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    quantity = forms.IntegerField(label=_("Quantity offered"), min_value=1, max_value=100_000)
    unit_label = forms.CharField(label=_("Counted in"), max_length=40, required=False,
                                 help_text=_("e.g. places, sets, hours"))
    available_from = forms.DateField(label=_("Available from"), widget=DATE)
    available_until = forms.DateField(label=_("Available until"), widget=DATE)
    qualification_type = forms.ModelChoiceField(
        label=_("Qualification it gives"), queryset=None, to_field_name="code", required=False,
        help_text=_("The gap view matches it to people short of this qualification."))
    level = forms.CharField(label=_("Level it brings people to"), max_length=16, required=False,
                            help_text=_("On the qualification's scale, e.g. B2 for English."))
    post_type = forms.ModelChoiceField(label=_("Skill it serves (post type)"), queryset=None, to_field_name="code",
                                       required=False,
                                       help_text=_("The gap view matches it to units short of this skill."))

    own_fields = ("partner", "kind", "title", "description", "quantity", "unit_label", "available_from",
                  "available_until", "qualification_type", "level", "post_type")

    def __init__(self, *args, instance=None, partners=None, **kwargs):
        from peaceops.readiness.models import PostType, QualificationType

        if instance is not None:
            kwargs["initial"] = {**{f: getattr(instance, f) for f in self.own_fields}, "version": instance.version,
                                 "partner": instance.partner.code,
                                 "qualification_type": getattr(instance.qualification_type, "code", None),
                                 "post_type": getattr(instance.post_type, "code", None)}
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        self.fields["qualification_type"].queryset = QualificationType.objects.all()
        self.fields["post_type"].queryset = PostType.objects.all()
        self.fields["qualification_type"].label_from_instance = lambda t: f"{t.code} · {t.name}"
        self.fields["post_type"].label_from_instance = lambda p: f"{p.code} · {p.name}"
        self.fields["partner"].label_from_instance = lambda p: f"{p.name} ({p.code})"

    def data_object(self) -> OfferData:
        return OfferData(**{f: self.cleaned_data.get(f) for f in self.own_fields})


class RequestForm(MarkingFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    quantity = forms.IntegerField(label=_("Quantity requested"), min_value=1, max_value=100_000)
    needed_by = forms.DateField(label=_("Needed by"), required=False, widget=DATE)
    unit = forms.ModelChoiceField(label=_("For unit"), queryset=None, to_field_name="code", required=False)
    justification = forms.CharField(label=_("Justification"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 4}),
                                    help_text=_("The gap it closes: who lacks what, for which posts."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    own_fields = ("title", "quantity", "needed_by", "unit", "justification")

    def __init__(self, *args, actor, instance=None, **kwargs):
        from peaceops.access.policies import policy_for
        from peaceops.org.models import Unit

        if instance is not None:
            kwargs["initial"] = {**{f: getattr(instance, f) for f in self.own_fields}, "version": instance.version,
                                 "unit": getattr(instance.unit, "code", None)}
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = policy_for(Unit).scope(actor, "view").order_by("code")
        self.fields["unit"].label_from_instance = lambda u: f"{u.code} · {u.label}"
        self.setup_marking(actor, instance)
        if instance is None and actor.level >= 1:
            self.initial["level"] = 1  # a request names our shortfalls: confidential unless the writer lowers it
        if instance is not None:
            for name in self.marking_fields:
                self.fields[name].disabled = True
                self.fields[name].required = False

    def data_object(self) -> RequestData:
        return RequestData(**{f: self.cleaned_data.get(f) for f in self.own_fields})


class DeliveryForm(StyledFormMixin, forms.Form):
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DATE)
    quantity = forms.IntegerField(label=_("Quantity delivered"), min_value=1, max_value=100_000)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class DecisionForm(VersionedForm):
    acceptance = forms.ChoiceField(label=_("Decision"), choices=[(Acceptance.ACCEPTED, _("Accept")),
                                                                 (Acceptance.REJECTED, _("Reject"))])
    on = forms.DateField(label=_("Decided on"), required=False, widget=DATE, help_text=_("Leave empty for today."))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=4000,
                            help_text=_("Required when rejecting: say why."))


class TransitionForm(VersionedForm):
    status = forms.ChoiceField(label=_("New status"), choices=RequestStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class OfferStatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("New status"), choices=[])

    def __init__(self, *args, **kwargs):
        from .choices import OfferStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = OfferStatus.choices
