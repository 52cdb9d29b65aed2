"""The document library: documents, their portion-marked paragraphs and their version history."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from peaceops.access.classified import ClassifiedModel
from peaceops.core.models import BaseModel

from .choices import DocumentKind, DocumentLanguage, LessonCategory


class Document(ClassifiedModel, BaseModel):
    """A policy, SOP, legal text, cable, report… Its own marking governs who may know it exists
    (title, reference, tags); the banner is the highest marking of its portions, kept by the
    service and checked by the database (level ≤ banner)."""

    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=500)
    language = models.CharField(_("language"), max_length=8, choices=DocumentLanguage.choices, default="vi")
    reference = models.CharField(_("reference"), max_length=64, blank=True, db_index=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    dated = models.DateField(_("date"), null=True, blank=True)
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    source_name = models.CharField(_("source file"), max_length=255, blank=True)
    banner_level = models.ForeignKey("access.Level", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("banner"))
    banner_compartment_mask = models.BigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-dated", "title", "id"]
        verbose_name = _("document")
        constraints = [
            models.CheckConstraint(condition=models.Q(level__lte=models.F("banner_level")),
                                   name="document_level_within_banner"),
        ]
        indexes = [models.Index(fields=["kind", "-dated"], name="document_kind_date_idx")]

    def __str__(self) -> str:
        return self.title

    def banner_effective_level(self, today=None) -> int:
        """The banner as it counts today (portions share the document's declassification)."""
        return self.counted_level(self.banner_level_id, today)


class Portion(ClassifiedModel, BaseModel):
    """One paragraph with its own marking; readers below it see the marking, not the text."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="portions")
    order = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=16, blank=True)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("portion")
        constraints = [models.UniqueConstraint(fields=["document", "order"], name="unique_portion_order")]

    def __str__(self) -> str:
        return f"{self.document_id} ¶{self.number or self.order}"


class DocumentVersion(BaseModel):
    """Who changed the document, when and why (the change itself is in the audit trail)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    author = models.CharField(_("author"), max_length=200)
    reason = models.CharField(_("reason"), max_length=500)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="unique_document_version")]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"


class Attachment(ClassifiedModel, BaseModel):
    """An original file (PDF, DOCX, TXT, HTML) kept under PEACEOPS_HOME. It carries the document's
    banner marking: the file holds every portion, so only a reader cleared for all of them gets it."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, db_index=True, editable=False)
    storage_path = models.CharField(max_length=255, editable=False)  # relative to the files root
    extracted_chars = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["document", "filename"]
        verbose_name = _("attachment")

    def __str__(self) -> str:
        return self.filename


class Lesson(ClassifiedModel, BaseModel):
    """A lesson or finding drawn from a report's section (or entered by hand); it keeps the marking
    of the portion it came from."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="lessons", null=True, blank=True)
    portion = models.ForeignKey(Portion, on_delete=models.SET_NULL, related_name="+", null=True, blank=True)
    section = models.CharField(_("section"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=LessonCategory.choices,
                                default=LessonCategory.LESSON)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["document", "created_at", "id"]
        verbose_name = _("lesson")

    def __str__(self) -> str:
        return self.text[:80]


class Link(BaseModel):
    """A document cited by another record (proposal, mission, unit, person…). Shown only to an actor
    who may see both ends; the link itself is audited when made or removed."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links")
    target_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=64)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["document", "created_at"]
        verbose_name = _("link")
        constraints = [models.UniqueConstraint(fields=["document", "target_type", "target_id"],
                                               name="unique_document_link")]
        indexes = [models.Index(fields=["target_type", "target_id"], name="document_link_target_idx")]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.target_type_id}:{self.target_id}"


from .search.models import SearchEntry  # noqa: E402,F401  (the search index, owned by documents/search/)
