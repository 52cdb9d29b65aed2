"""The roadmap's action items. The decisions issue adds proposals, reviews and milestones around them;
imported reports already create action items here (documents.services)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from peaceops.access.classified import ClassifiedModel
from peaceops.core.models import BaseModel

from .choices import ActionSource, ActionStatus


class ActionItem(ClassifiedModel, BaseModel):
    """Something someone must do by a date: from a decision, an imported report's next steps, an
    exercise, or entered by hand. It keeps the marking of what it came from."""

    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    source = models.CharField(_("source"), max_length=16, choices=ActionSource.choices, default=ActionSource.MANUAL)
    source_document = models.ForeignKey("documents.Document", on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="action_items", verbose_name=_("source document"))
    owner_agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("owner (agency)"))
    owner_text = models.CharField(_("owner as written"), max_length=200, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    depends_on = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="blocks",
                                        verbose_name=_("depends on"))

    class Meta:
        ordering = ["due_on", "title", "id"]
        verbose_name = _("action item")
        indexes = [models.Index(fields=["status", "due_on"], name="action_status_due_idx")]

    def __str__(self) -> str:
        return self.title
