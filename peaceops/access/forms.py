"""MarkingFormMixin: the marking fields every classified form shows, limited to the writer's clearance."""

from django import forms
from django.utils.translation import gettext_lazy as _

from peaceops.core.forms import StyledFormMixin

from .marking import Marking
from .models import Compartment, Level, mask_to_compartments


class MarkingFormMixin(StyledFormMixin, forms.Form):
    """Add to a form with `actor=` in its constructor; `marking()` returns the chosen Marking."""

    level = forms.TypedChoiceField(label=_("Classification"), coerce=int)
    compartments = forms.MultipleChoiceField(label=_("Compartments"), required=False,
                                             widget=forms.CheckboxSelectMultiple)
    owning_agency = forms.ChoiceField(label=_("Owning agency"))
    releasable_to = forms.MultipleChoiceField(label=_("Releasable to"), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    declassify_on = forms.DateField(label=_("Declassify on"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    downgrade_level = forms.TypedChoiceField(label=_("Then downgrade to"), coerce=int, required=False,
                                             empty_value=None)
    classified_by = forms.CharField(label=_("Classified by"), required=False, max_length=150)
    classification_reason = forms.CharField(label=_("Reason"), required=False, max_length=255)

    marking_fields = ("level", "compartments", "owning_agency", "releasable_to", "declassify_on",
                      "downgrade_level", "classified_by", "classification_reason")

    def setup_marking(self, actor, instance=None) -> None:
        from peaceops.org.models import Agency

        self.style_fields()
        self._agencies = {str(a.pk): a for a in Agency.objects.all()}
        levels = [(lvl.rank, lvl.label) for lvl in Level.objects.all() if lvl.rank <= actor.level or actor.is_system]
        self.fields["level"].choices = levels
        self.fields["downgrade_level"].choices = [("", "—"), *levels]
        self.fields["compartments"].choices = [
            (c.code, f"{c.code} · {c.label}") for c in Compartment.objects.all() if c.code in actor.compartments
        ]
        own = [(pk, a.label) for pk, a in self._agencies.items() if a.pk in actor.agency_ids]
        self.fields["owning_agency"].choices = own
        self.fields["releasable_to"].choices = [(pk, a.code) for pk, a in self._agencies.items()]
        if instance is not None and instance.pk:
            self.initial.update({
                "level": instance.level_id,
                "compartments": mask_to_compartments(instance.compartment_mask),
                "owning_agency": str(instance.owning_agency_id),
                "releasable_to": [pk for pk, a in self._agencies.items() if instance.releasable_mask & (1 << a.bit)],
                "declassify_on": instance.declassify_on,
                "downgrade_level": instance.downgrade_level_id,
                "classified_by": instance.classified_by,
                "classification_reason": instance.classification_reason,
            })
            # A record owned by another agency keeps its owner even if the editor cannot pick it.
            if str(instance.owning_agency_id) not in dict(own):
                owner = self._agencies.get(str(instance.owning_agency_id))
                self.fields["owning_agency"].choices = [*own, (str(owner.pk), owner.label)] if owner else own
        else:
            self.initial.setdefault("level", 0)
            if own:
                self.initial.setdefault("owning_agency", own[0][0])

    def marking(self) -> Marking:
        data = self.cleaned_data
        return Marking(
            level=data["level"],
            owning_agency_id=self._agencies[data["owning_agency"]].pk,
            compartments=tuple(data.get("compartments") or ()),
            releasable_to=tuple(self._agencies[pk] for pk in data.get("releasable_to") or ()),
            declassify_on=data.get("declassify_on"),
            downgrade_level=data.get("downgrade_level"),
            classified_by=data.get("classified_by") or "",
            reason=data.get("classification_reason") or "",
        )
