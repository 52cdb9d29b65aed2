"""Policies: per model, "may this actor do X to this record?" and "which records may they do X to?".

Every classified model registers one; a system check refuses to start without it. Unknown
actions are denied.
"""

from __future__ import annotations

from django.db import models

from .actor import Actor

ACTIONS = frozenset({"view", "create", "change", "delete", "export", "import", "downgrade"})

_registry: dict[type[models.Model], Policy] = {}


class Policy:
    """Base policy. `roles` maps an action to the roles that may perform it; "view" needs none."""

    roles: dict[str, frozenset[str]] = {}

    def __init__(self, model: type[models.Model]):
        self.model = model

    # "which records may they do X to?"
    def scope(self, actor: Actor, action: str, queryset: models.QuerySet | None = None) -> models.QuerySet:
        queryset = self.base_queryset(actor) if queryset is None else queryset
        if not self.allows_action(actor, action):
            return queryset.none()
        return queryset

    def base_queryset(self, actor: Actor) -> models.QuerySet:
        return self.model._default_manager.all()

    # "may this actor do X to this record?"
    def allows(self, actor: Actor, action: str, obj: models.Model | None = None) -> bool:
        if not self.allows_action(actor, action):
            return False
        if obj is None or obj.pk is None or action == "create":
            return True
        return self.scope(actor, action, self.base_queryset(actor)).filter(pk=obj.pk).exists()

    def allows_action(self, actor: Actor, action: str) -> bool:
        if action not in ACTIONS:
            return False
        if actor is None or (actor.user_id is None and not actor.is_system):
            return False
        if action == "view":
            return True
        permitted = self.roles.get(action)
        return bool(permitted) and actor.has_role(*permitted)


class ReferencePolicy(Policy):
    """Unclassified reference data (agencies, units): any signed-in actor reads, admins write."""

    roles = {
        "create": frozenset({"admin"}),
        "change": frozenset({"admin"}),
        "delete": frozenset({"admin"}),
        "export": frozenset({"admin", "planner", "auditor"}),
    }


class ClassifiedPolicy(Policy):
    """Visibility from the marking; writes by role; no write above one's clearance."""

    def base_queryset(self, actor: Actor) -> models.QuerySet:
        return self.model._default_manager.visible_to(actor)

    def may_mark(self, actor: Actor, *, level: int, compartment_mask: int, owning_agency_id) -> bool:
        """No write up: the marking must be within the actor's own clearance and agencies."""
        if actor.is_system:
            return True
        return (
            level <= actor.level
            and compartment_mask & ~actor.compartment_mask == 0
            and owning_agency_id in actor.agency_ids
        )


def register(model: type[models.Model]):
    def decorator(policy_class: type[Policy]) -> type[Policy]:
        _registry[model] = policy_class(model)
        return policy_class

    return decorator


def policy_for(model: type[models.Model]) -> Policy:
    try:
        return _registry[model]
    except KeyError:
        raise LookupError(f"{model._meta.label} has no registered policy") from None


def registered_models() -> set[type[models.Model]]:
    return set(_registry)
