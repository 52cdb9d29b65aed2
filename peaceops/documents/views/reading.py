"""Reading a document: the page with its files, lessons, actions and links; print and PDF export;
downloads of original files; links to other records; the declassifier's downgrade.

Every export is audited in the request that makes it; an export, a download or a link action on
something the actor may not see (or may not export) is a 404, like a record that does not exist.
"""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peaceops.access.banner import PageMarking, page_marking
from peaceops.access.models import Level, compartment_bits, level_code
from peaceops.access.policies import policy_for
from peaceops.access.views import SecuredTemplateView, SecuredView
from peaceops.core.errors import NotPermitted, ServiceError

from .. import selectors, services
from ..linkables import linkable, linkables
from ..models import Attachment, Document, Link
from .library import DocumentDetailView

PRINT_TEMPLATE = "documents/document_print.html"


# -- forms -------------------------------------------------------------------------------------

class LinkForm(forms.Form):
    """Link the document to a record found by the identifier officers know (service number, unit code)."""

    kind = forms.ChoiceField(label=gettext_lazy("Record"))
    identifier = forms.CharField(label=gettext_lazy("Identifier"), max_length=64,
                                 help_text=gettext_lazy("A person's service number or a unit's code."))
    note = forms.CharField(label=gettext_lazy("Note"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(entry.kind, entry.verbose_name) for entry in linkables()]


class DowngradeForm(forms.Form):
    level = forms.TypedChoiceField(label=gettext_lazy("Downgrade to"), coerce=int)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500)

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        top = max(document.level_id, document.banner_level_id)
        # Highest first: the default is one step down, never straight to the bottom.
        self.fields["level"].choices = [(lv.rank, lv.label) for lv in Level.objects.filter(rank__lt=top).order_by("-rank")]


# -- the document page -------------------------------------------------------------------------

class DocumentReadView(DocumentDetailView):
    """The document page: text with redactions, original files, lessons and actions, linked records."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document, actor = self.object, self.actor
        attachments = list(selectors.document_attachments(actor=actor, document=document))
        lessons = list(selectors.document_lessons(actor=actor, document=document))
        action_items = list(selectors.document_action_items(actor=actor, document=document))
        links = selectors.links_for_document(actor=actor, document=document)
        policy = self.policy()
        may_change = policy.allows(actor, "change", document)
        may_downgrade = policy.allows(actor, "downgrade", document)
        context["page_marking"] = context["page_marking"].merge(
            page_marking([*attachments, *lessons, *action_items, *(s.target for s in links)]))
        context.update(
            attachments=attachments, lessons=lessons, action_items=action_items, links=links,
            may_export=policy.allows(actor, "export", document), may_change=may_change,
            may_downgrade=may_downgrade,
            link_form=LinkForm() if may_change else None,
            downgrade_form=DowngradeForm(document=document) if may_downgrade else None,
        )
        return context


# -- export: print and PDF -----------------------------------------------------------------------

class DocumentExportMixin:
    """The export of one document as the actor may read it: visible to them and theirs to export."""

    model = Document
    export_format = "print"

    def exportable_document(self, pk) -> Document:
        document = selectors.document_get(actor=self.actor, pk=pk)
        if not policy_for(Document).allows(self.actor, "export", document):
            raise Http404
        return document

    def export_context(self, document: Document) -> dict:
        return export_context(actor=self.actor, document=document, fmt=self.export_format)


def export_context(*, actor, document: Document, fmt: str) -> dict:
    """What the print template shows of `document` to `actor`; the export is audited here."""
    reading = selectors.document_reading(actor=actor, document=document, surroundings=False)
    marking = reading.text_marking()
    services.document_export_audit(actor=actor, document=document, fmt=fmt, banner=marking.code,
                                   redacted=reading.redacted)
    return {
        "document": document, "title_mark": selectors.portion_mark(document),
        "portions": reading.portions, "redacted": reading.redacted,
        "page_marking": marking, "exported_by": actor.label, "exported_at": timezone.localtime(),
    }


class DocumentPrintView(DocumentExportMixin, SecuredView):
    """A clean page for the browser's print: banner on every page, a mark before every paragraph."""

    def get(self, request, pk):
        context = self.export_context(self.exportable_document(pk))
        return render(request, PRINT_TEMPLATE, {**context, "pdf": False})


class DocumentPdfView(DocumentExportMixin, SecuredView):
    """The same page as a PDF (WeasyPrint): the banner in the page margins, top and bottom of every page."""

    export_format = "pdf"

    def get(self, request, pk):
        from peaceops.core.pdf import render_template_pdf

        document = self.exportable_document(pk)
        context = self.export_context(document)
        body = render_template_pdf(PRINT_TEMPLATE, context, request=request)
        return pdf_response(body, document, context["page_marking"])


def pdf_filename(document: Document) -> str:
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in (document.reference or "")).strip("-")
    return f"{stem or 'document-' + str(document.pk)[:8]}.pdf"


def pdf_response(body: bytes, document: Document, marking: PageMarking) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(document)}"'
    response["X-PeaceOps-Marking"] = marking.code
    return response


# -- original files ---------------------------------------------------------------------------

def attachment_path(attachment) -> Path:
    """The file under FILES_ROOT; a stored path that would leave it is treated as missing."""
    root = Path(settings.FILES_ROOT).resolve()
    path = (root / attachment.storage_path).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404
    return path


class AttachmentDownloadView(SecuredView):
    """An original file, for a reader cleared for its marking (the banner); audited; otherwise 404."""

    model = Attachment

    def get(self, request, pk, attachment_pk):
        document = selectors.document_get(actor=self.actor, pk=pk)
        attachment = selectors.attachment_get(actor=self.actor, document=document, pk=attachment_pk)
        path = attachment_path(attachment)
        services.attachment_download_audit(actor=self.actor, attachment=attachment)
        response = FileResponse(path.open("rb"), as_attachment=True, filename=attachment.filename,
                                content_type=attachment.content_type or "application/octet-stream")
        response["X-PeaceOps-Marking"] = level_code(attachment.effective_level())
        return response


# -- links -------------------------------------------------------------------------------------

class DocumentFormTarget:
    """A POST endpoint on a document; GET goes back to the document's page (404 if it is invisible)."""

    anchor = ""

    def get(self, request, pk, **kwargs):
        document = selectors.document_get(actor=self.actor, pk=pk)
        return redirect(reverse("documents:detail", args=[document.pk]) + self.anchor)


class DocumentLinkCreateView(DocumentFormTarget, SecuredView):
    """POST a kind and an identifier: the record is found among those the actor may see."""

    model = Document
    anchor = "#links"

    def post(self, request, pk):
        document = selectors.document_get(actor=self.actor, pk=pk)
        if not policy_for(Document).allows(self.actor, "change", document):
            raise Http404
        form = LinkForm(request.POST)
        back = reverse("documents:detail", args=[document.pk]) + "#links"
        if not form.is_valid():
            messages.error(request, _("Choose the kind of record and give its identifier."))
            return redirect(back)
        entry = linkable(form.cleaned_data["kind"])
        target = entry.find(self.actor, form.cleaned_data["identifier"]) if entry else None
        if target is None:
            messages.error(request, _("No record with the identifier %(identifier)s that you may see.") % {
                "identifier": form.cleaned_data["identifier"]})
            return redirect(back)
        try:
            services.link_create(actor=self.actor, document=document, target=target,
                                 note=form.cleaned_data["note"])
        except NotPermitted:
            raise Http404 from None
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect(back)
        messages.success(request, _("Linked to %(record)s.") % {"record": entry.label(target)})
        return redirect(back)


class DocumentLinkDeleteView(DocumentFormTarget, SecuredView):
    model = Link
    anchor = "#links"

    def post(self, request, pk, link_pk):
        document = selectors.document_get(actor=self.actor, pk=pk)
        if not policy_for(Document).allows(self.actor, "change", document):
            raise Http404
        shown = selectors.link_get(actor=self.actor, document=document, pk=link_pk)
        try:
            services.link_delete(actor=self.actor, link=shown.link)
        except NotPermitted:
            raise Http404 from None
        messages.success(request, _("The link to %(record)s was removed.") % {"record": shown.label})
        return redirect(reverse("documents:detail", args=[document.pk]) + "#links")


class DocumentsCitingView(SecuredTemplateView):
    """Documents citing a person, a unit…: a panel loaded by HTMX into the record's page (its banners
    are raised out of band to cover what the panel adds), or a page of its own without JavaScript."""

    model = Link
    template_name = "documents/documents_citing.html"

    def get(self, request, kind, pk):
        entry = linkable(kind)
        if entry is None:
            raise Http404
        target = entry.visible(self.actor).filter(pk=pk).first()
        if target is None:
            raise Http404
        links = selectors.documents_citing(actor=self.actor, target=target)
        marking = page_marking([target, *(link.document for link in links)])
        context = {"entry": entry, "target": target, "target_label": entry.label(target),
                   "target_url": entry.url(target), "citing": links}
        if getattr(request, "htmx", False):
            host = host_marking(request.GET)
            return render(request, "documents/_citing_panel.html",
                          {**context, "page_marking": host.merge(marking), "oob": True})
        return render(request, self.template_name, {**context, "page_marking": marking})


def host_marking(params) -> PageMarking:
    """The marking the host page already shows (sent by the page itself); only ever raises the banner."""
    try:
        level = max(0, int(params.get("level", 0)))
    except (TypeError, ValueError):
        level = 0
    known = compartment_bits()
    compartments = tuple(sorted({c for c in params.getlist("compartment") if c in known}))
    return PageMarking(level, compartments)


# -- the declassifier's downgrade ---------------------------------------------------------------

class DocumentDowngradeView(DocumentFormTarget, SecuredView):
    model = Document
    anchor = "#downgrade"

    def post(self, request, pk):
        document = selectors.document_get(actor=self.actor, pk=pk)
        if not policy_for(Document).allows(self.actor, "downgrade", document):
            raise Http404
        form = DowngradeForm(request.POST, document=document)
        back = reverse("documents:detail", args=[document.pk])
        if not form.is_valid():
            messages.error(request, _("Choose a lower level and give the reason."))
            return redirect(back)
        try:
            services.document_downgrade(actor=self.actor, document=document, level=form.cleaned_data["level"],
                                        reason=form.cleaned_data["reason"])
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect(back)
        messages.success(request, _("The document was downgraded."))
        return redirect(back)
