"""The modules in the navigation; those not built yet are shown as coming, never as broken links."""

from django.utils.translation import gettext_lazy as _

MODULES = [
    ("dashboard", _("Dashboard"), "core:dashboard"),
    ("people", _("People"), "people:list"),
    ("org", _("Organisation"), "org:units"),
    ("readiness", _("Readiness"), "readiness:index"),
    ("missions", _("Missions"), "missions:list"),
    ("planning", _("Planning"), "planning:index"),
    ("documents", _("Documents"), "documents:list"),
    ("decisions", _("Decisions"), "decisions:list"),
    ("logistics", _("Logistics & finance"), "logistics:index"),
    ("welfare", _("Welfare"), "welfare:index"),
    ("legal", _("Legal"), "legal:index"),
    ("partners", _("Partners"), "partners:index"),
    ("insights", _("Insights"), "insights:contributions"),
    ("audit", _("Audit trail"), "audit:events"),
]

# Entries shown only to some roles (the page itself answers 404 to everyone else).
MODULE_ROLES = {"audit": frozenset({"auditor", "admin"})}
