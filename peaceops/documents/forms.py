from django import forms
from django.utils.translation import gettext_lazy as _

from peaceops.access.forms import MarkingFormMixin


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        single = super().clean
        return [single(item, initial) for item in data] if isinstance(data, list | tuple) else [single(data, initial)]


class DocumentImportForm(MarkingFormMixin, forms.Form):
    """Files to import; the marking fields give the owner, releasability and the level of plain texts
    (cables carry their own banner and portion marks)."""

    # Empty files pass the form so that the import report names them with the others.
    files = MultipleFileField(label=_("Files (cables, reports: TXT or HTML)"), allow_empty_file=True,
                              widget=MultipleFileInput(attrs={"accept": ".txt,.htm,.html"}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_marking(actor)
        self.fields["level"].label = _("Level of plain texts")
