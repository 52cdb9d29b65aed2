"""The tour window and post type that a pool, a card, the API and the CLI are asked for; the evidence
form of a unit's PCRS criterion."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.access.forms import MarkingFormMixin
from peaceops.core.forms import StyledFormMixin

from . import eligibility as engine
from .unit_models import EvidenceOutcome, PCRSCriterion

MAX_TOUR_DAYS = 3 * 366  # a window longer than three years is a typing mistake, not a tour
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class TourForm(StyledFormMixin, forms.Form):
    """`from` and `to` (ISO dates), and for a pool the post type. Bad input names its field."""

    def __init__(self, data=None, *, post_types=None, defaults: engine.Tour | None = None, **kwargs):
        super().__init__(data, **kwargs)
        if post_types is not None:
            self.fields["post_type"] = forms.ChoiceField(
                label=_("Post type"), choices=[(p.code, f"{p.code} · {p.name}") for p in post_types])
        self.fields["from"] = forms.DateField(label=_("Tour starts"), input_formats=["%Y-%m-%d"],
                                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        self.fields["to"] = forms.DateField(label=_("Tour ends"), input_formats=["%Y-%m-%d"],
                                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        if defaults is not None:
            self.initial.update({"from": defaults.start, "to": defaults.end})
        self.style_fields()

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        for name, day in (("from", start), ("to", end)):
            if day is not None and not EARLIEST <= day <= LATEST:
                self.add_error(name, _("Give a date between 2000 and 2100."))
        if start and end and not self.errors:
            if end < start:
                self.add_error("to", _("The tour cannot end before it starts."))
            elif (end - start).days > MAX_TOUR_DAYS:
                self.add_error("to", _("A tour window is at most three years long."))
        return data

    @property
    def tour(self) -> engine.Tour:
        return engine.Tour(self.cleaned_data["from"], self.cleaned_data["to"])


def tour_from(params, *, post_types=None, defaults: engine.Tour | None = None) -> TourForm:
    """A bound form from query parameters; the defaults fill a missing `from` / `to` when given."""
    data = {key: params.get(key) for key in ("post_type", "from", "to") if params.get(key) not in (None, "")}
    if "from" in data and "to" not in data:
        try:
            start = dt.date.fromisoformat(data["from"])
            data["to"] = (engine.add_months(start, 12) - dt.timedelta(days=1)).isoformat()
        except ValueError:
            pass  # the form reports the bad date
    if defaults is not None:
        data.setdefault("from", defaults.start.isoformat())
        data.setdefault("to", defaults.end.isoformat())
    return TourForm(data, post_types=post_types, defaults=defaults)


def errors_json(form: TourForm) -> dict:
    """{"detail": …, "code": "invalid", "<field>": [messages]} for the API's 400."""
    fields = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    return {"detail": str(_("Check the tour dates and the post type.")), "code": "invalid", **fields}


class EvidenceForm(MarkingFormMixin, forms.Form):
    """Evidence for one PCRS criterion of a unit: what, when, the document it rests on, who assessed it."""

    criterion = forms.ChoiceField(label=_("PCRS criterion"), choices=PCRSCriterion.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=EvidenceOutcome.choices, initial=EvidenceOutcome.MET,
                                widget=forms.RadioSelect)
    on = forms.DateField(label=_("Date"), input_formats=["%Y-%m-%d"],
                         widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                         help_text=_("The day of the visit, the report or the registration."))
    assessed_by = forms.CharField(label=_("Assessed by"), max_length=200, required=False,
                                  help_text=_("Who carried out the visit or check (a UN team, an officer)."))
    reference = forms.CharField(label=_("Document or reference"), max_length=200, required=False,
                                help_text=_("The report, cable or PCRS entry the evidence rests on."))
    evidence = forms.CharField(label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                               help_text=_("What the evidence says."))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_marking(actor)
        self.fields["on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day
