"""Columns of the missions list: (sort key, label, ordering field)."""

from django.utils.translation import gettext_lazy as _

MISSION_COLUMNS = [
    ("acronym", _("Acronym"), "acronym"),
    ("name", _("Name"), "name"),
    ("location", _("Location"), "location"),
    ("region", _("Region"), "region"),
    ("start", _("Start"), "start_date"),
    ("end", _("End"), "end_date"),
    ("status", _("Status today"), "status_now"),
]

MISSION_SORTS = {key: field for key, _label, field in MISSION_COLUMNS}
