from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleCode(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    PLANNER = "planner", _("Planner")
    TRAINING = "training", _("Training officer")
    LOGISTICS = "logistics", _("Logistics and finance officer")
    LEGAL = "legal", _("Legal adviser")
    MEDICAL = "medical", _("Medical officer")
    PUBLIC_AFFAIRS = "public_affairs", _("Public affairs")
    LIAISON = "liaison", _("Ministry liaison officer")
    LEADER = "leader", _("Leader")
    PARTNER_LIAISON = "partner_liaison", _("Partner liaison")
    AUDITOR = "auditor", _("Auditor")
    PERSONNEL = "personnel", _("Personnel officer")
    DECLASSIFIER = "declassifier", _("Declassification authority")
