"""Columns of the people list: (sort key, label, model field used for ordering)."""

from django.utils.translation import gettext_lazy as _

PERSON_COLUMNS = [
    ("name", _("Name"), "search_name"),  # folded: Đinh sorts with D, not after Z
    ("service_number", _("Service number"), "service_number"),
    ("rank", _("Rank"), "rank"),
    ("service", _("Service"), "service"),
    ("unit", _("Unit"), "unit__code"),
    ("born", _("Date of birth"), "date_of_birth"),
    ("level", _("Classification"), "level_id"),
]

PERSON_SORTS = {key: field for key, _label, field in PERSON_COLUMNS}
