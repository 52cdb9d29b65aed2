from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from peaceops.core.forms import StyledFormMixin

from .choices import WomenScope


class RunForm(StyledFormMixin, forms.Form):
    """The targets of a planner run (locks come from the plan a re-run starts from)."""

    women_scope = forms.ChoiceField(label=_("Women's share counted"), choices=WomenScope.choices,
                                    initial=WomenScope.REQUIREMENT)
    women_share = forms.DecimalField(label=_("Women's share target (%)"), min_value=0, max_value=100,
                                     decimal_places=1, required=False,
                                     help_text=_("Empty: each requirement's own target, if the UN gave one."))
    max_per_unit = forms.IntegerField(label=_("Most people from one home unit"), min_value=1, max_value=10_000,
                                      required=False)
    min_rest_months = forms.IntegerField(label=_("Minimum rest since the last tour (months)"), min_value=0,
                                         max_value=240, required=False,
                                         help_text=_("On top of the eligibility rules' own rest rule."))
    time_limit = forms.DecimalField(label=_("Time limit (seconds)"), min_value=Decimal("0.5"), max_value=120,
                                    initial=10, decimal_places=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def parameters(self) -> dict:
        data = self.cleaned_data
        share = data.get("women_share")
        return {"women_scope": data["women_scope"],
                "women_share": None if share is None else float(share / 100),
                "max_per_unit": data.get("max_per_unit"), "min_rest_months": data.get("min_rest_months"),
                "time_limit": float(data.get("time_limit") or 10)}

    @classmethod
    def initial_from(cls, parameters: dict) -> dict:
        share = parameters.get("women_share")
        return {"women_scope": parameters.get("women_scope") or WomenScope.REQUIREMENT,
                "women_share": None if share is None else round(100 * float(share), 1),
                "max_per_unit": parameters.get("max_per_unit"), "min_rest_months": parameters.get("min_rest_months"),
                "time_limit": parameters.get("time_limit") or 10}


class SwapForm(forms.Form):
    choice = forms.UUIDField()
    other = forms.CharField(max_length=80)  # "choice:<uuid>" or "person:<uuid>"
    version = forms.IntegerField(required=False)


class DropForm(forms.Form):
    choice = forms.UUIDField()
    reason = forms.CharField(max_length=300, required=False)


class NominateForm(forms.Form):
    post = forms.RegexField(regex=r"^[0-9a-f-]{36}:\d{1,4}$", max_length=48)  # "<requirement id>:<slot index>"
    person = forms.UUIDField()
    version = forms.IntegerField(required=False)
