from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from peaceops.access.forms import MarkingFormMixin

from .ingest import MAX_BYTES as MAX_FILE_BYTES

IMPORT_SUFFIXES = (".txt", ".htm", ".html", ".pdf", ".docx")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        single = super().clean
        if not isinstance(data, list | tuple):
            return [single(data, initial)]
        if not data and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [single(item, initial) for item in data]


def max_files() -> int:
    return getattr(settings, "IMPORT_MAX_FILES", 200)


def max_total_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_TOTAL_BYTES", 200 * 1024 * 1024)


def oversized(upload) -> bool:
    """A file too large to import is reported as failed on its own; it does not stop the others."""
    return upload.size > MAX_FILE_BYTES


class DocumentImportForm(MarkingFormMixin, forms.Form):
    """Files to import; the marking fields give the owner, releasability and the level of plain texts
    (cables carry their own banner and portion marks)."""

    # Empty files pass the form so that the import report names them with the others.
    files = MultipleFileField(label=_("Files (cables, reports: TXT, HTML, PDF or DOCX)"), allow_empty_file=True,
                              widget=MultipleFileInput(attrs={"accept": ",".join(IMPORT_SUFFIXES)}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_marking(actor)
        self.fields["level"].label = _("Level of plain texts")
        self.fields["files"].help_text = _(
            "Up to %(files)d files, %(total)s in all; each file at most %(each)s.") % {
            "files": max_files(), "total": filesizeformat(max_total_bytes()), "each": filesizeformat(MAX_FILE_BYTES)}

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > max_files():
            raise forms.ValidationError(ngettext(
                "One upload takes at most %(limit)d file; you chose %(count)d.",
                "One upload takes at most %(limit)d files; you chose %(count)d.", max_files(),
            ) % {"limit": max_files(), "count": len(files)}, code="too_many_files")
        wrong = [f.name for f in files if PurePath(f.name).suffix.lower() not in IMPORT_SUFFIXES]
        if wrong:
            raise forms.ValidationError(
                _("Only TXT, HTML, PDF and DOCX files can be imported; not: %(names)s.")
                % {"names": ", ".join(wrong[:10])}, code="file_type")
        total = sum(f.size for f in files if not oversized(f))
        if total > max_total_bytes():
            raise forms.ValidationError(
                _("The files add up to %(size)s; one upload takes at most %(limit)s. Import them in parts.")
                % {"size": filesizeformat(total), "limit": filesizeformat(max_total_bytes())}, code="too_large")
        return files
