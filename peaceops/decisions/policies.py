"""Who may do what in decisions. Transition roles live in workflow.py (one table); this file covers the
records themselves. Children without a marking of their own (courses of action, review items,
positions, transitions) are visible exactly when their proposal is."""

from peaceops.access.policies import ClassifiedPolicy, Policy, ReferencePolicy, register

from .models import (
    ActionItem,
    AgencyPosition,
    Comment,
    CourseOfAction,
    Proposal,
    ReviewItem,
    ReviewTemplate,
    ReviewTemplateItem,
    SensitivePeriod,
    Transition,
)

ROADMAP_WRITERS = frozenset({"admin", "planner", "liaison", "legal", "training", "logistics", "medical"})
# Officers who take part in the interagency review (answer review items, record positions, comment).
REVIEWERS = frozenset({"planner", "liaison", "legal", "training", "logistics", "medical", "leader",
                       "personnel", "public_affairs", "partner_liaison"})
# Only auditors see who wrote a non-attributable comment (not administrators, not the author's own chief).
ATTRIBUTION_READERS = frozenset({"auditor"})


def sees_attribution(actor) -> bool:
    """Auditors (and system maintenance) see who wrote a non-attributable comment; nobody else."""
    if actor is None:
        return False
    return actor.is_system or bool(actor.roles & ATTRIBUTION_READERS)


@register(ActionItem)
class ActionItemPolicy(ClassifiedPolicy):
    roles = {
        "create": ROADMAP_WRITERS,
        "import": ROADMAP_WRITERS | {"personnel"},
        "change": ROADMAP_WRITERS,
        "export": ROADMAP_WRITERS | {"auditor", "leader"},
        "downgrade": frozenset({"declassifier"}),
    }


@register(Proposal)
class ProposalPolicy(ClassifiedPolicy):
    roles = {
        "create": frozenset({"planner"}),
        "change": frozenset({"planner"}),
        "export": REVIEWERS | {"auditor"},
        "downgrade": frozenset({"declassifier"}),
    }


@register(Comment)
class CommentPolicy(ClassifiedPolicy):
    roles = {"create": REVIEWERS, "downgrade": frozenset({"declassifier"})}

    def base_queryset(self, actor):
        # A comment shows only where its proposal shows too.
        return Comment.objects.visible_to(actor).filter(proposal__in=Proposal.objects.visible_to(actor))


class ThroughProposalPolicy(Policy):
    """Visible when the proposal is; written only by the decisions services (which check the proposal)."""

    roles = {"create": REVIEWERS, "change": REVIEWERS}

    def base_queryset(self, actor):
        return self.model._default_manager.filter(proposal__in=Proposal.objects.visible_to(actor))


for _model in (CourseOfAction, ReviewItem, AgencyPosition, Transition):
    register(_model)(type(f"{_model.__name__}Policy", (ThroughProposalPolicy,), {}))

for _model in (ReviewTemplate, ReviewTemplateItem, SensitivePeriod):
    register(_model)(type(f"{_model.__name__}Policy", (ReferencePolicy,), {}))
