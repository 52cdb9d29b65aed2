"""Query forms for the insights pages (the API validates with the same forms: 400 on bad input)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import FatalityScope, Measure, Series

NO_PEERS = "none"


class ContributionQueryForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    peers = forms.ChoiceField(label=_("Compared with"), required=False)
    series = forms.ChoiceField(label=_("Series"), choices=Series.choices, required=False)
    measure = forms.ChoiceField(label=_("Measure"), choices=Measure.choices, required=False)
    scale = forms.ChoiceField(label=_("Scale"), required=False, choices=[
        ("log", _("Logarithmic (small contributors visible)")), ("linear", _("Linear"))])
    start = forms.IntegerField(label=_("From year"), min_value=1990, max_value=2030, required=False)
    end = forms.IntegerField(label=_("To year"), min_value=1990, max_value=2030, required=False)

    def __init__(self, data=None, *, countries: dict[str, str], groups: dict, default_country: str,
                 default_peers: str):
        super().__init__(data)
        self.defaults = {"country": default_country, "peers": default_peers, "series": Series.YEARLY,
                         "measure": Measure.TOTAL, "scale": "log"}
        self.fields["country"].choices = [(code, f"{name} ({code})") for code, name in countries.items()] or [
            (default_country, default_country)]
        peer_choices = [(key, group["label"]) for key, group in groups.items()]
        self.fields["peers"].choices = [*peer_choices, (NO_PEERS, _("No peers"))]
        self.groups = groups

    def clean(self):
        cleaned = super().clean()
        for name, value in self.defaults.items():
            if not cleaned.get(name):
                cleaned[name] = value
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The first year must not come after the last."))
        return cleaned

    def peer_codes(self) -> list[str]:
        key = self.cleaned_data["peers"]
        return [] if key == NO_PEERS else list(self.groups[key]["members"])


class FatalityQueryForm(forms.Form):
    scope = forms.ChoiceField(label=_("Who is counted"), choices=FatalityScope.choices, required=False)
    min_years = forms.IntegerField(label=_("Only missions with at least this many personnel-years"), min_value=0,
                                   max_value=10_000_000, required=False)

    def clean(self):
        cleaned = super().clean()
        cleaned["scope"] = cleaned.get("scope") or FatalityScope.UNIFORMED
        cleaned["min_years"] = cleaned.get("min_years") or 0
        return cleaned
