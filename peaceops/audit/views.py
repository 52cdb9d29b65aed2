from django.http import Http404

from peaceops.access.views import SecuredListView

from . import selectors
from .filters import AuditEventFilter
from .models import AuditEvent


class AuditEventListView(SecuredListView):
    """The audit trail, newest first, for auditors: rows about records they could see themselves."""

    model = AuditEvent
    filterset_class = AuditEventFilter
    template_name = "audit/event_list.html"
    sort_fields = {"seq": "seq", "at": "at", "action": "action", "actor": "shown_actor"}
    default_sort = "-seq"

    def base_queryset(self):
        if not self.policy().allows_action(self.actor, "view"):
            raise Http404
        return selectors.audit_event_list(actor=self.actor)

    def get_context_data(self, **kwargs):
        return super().get_context_data(shows_sequence=selectors.shows_sequence(self.actor), **kwargs)
