"""Which records a document may be linked to: a small registry that other apps add to.

Each entry names a model, the field an officer types to find a record (a person's service number,
a unit's code), how to label and link it, and its kind key used in forms and the API. The record is
always found through its model's policy, so a record the actor may not see is "not found".

Another app adds its model in its AppConfig.ready()::

    from peaceops.documents.linkables import Linkable, register_linkable
    register_linkable(Linkable(kind="mission", model_label="missions.Mission", lookup_field="code",
                               url_name="missions:detail", verbose_name=_("Mission"),
                               identifier_name=_("mission code")))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from peaceops.access.policies import policy_for


@dataclass(frozen=True)
class Linkable:
    kind: str
    model_label: str
    lookup_field: str
    url_name: str
    verbose_name: str
    identifier_name: str
    label: Callable[[models.Model], str] = field(default=str)
    case_insensitive: bool = True

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def visible(self, actor) -> models.QuerySet:
        return policy_for(self.model).scope(actor, "view")

    def find(self, actor, identifier: str) -> models.Model | None:
        """The visible record with this identifier, or None (absent and invisible look the same)."""
        identifier = (identifier or "").strip()
        if not identifier:
            return None
        lookup = f"{self.lookup_field}__iexact" if self.case_insensitive else self.lookup_field
        return self.visible(actor).filter(**{lookup: identifier}).first()

    def identifier(self, obj) -> str:
        return str(getattr(obj, self.lookup_field, "") or "")

    def url(self, obj) -> str:
        try:
            return reverse(self.url_name, args=[obj.pk])
        except NoReverseMatch:
            return ""


_registry: dict[str, Linkable] = {}


def register_linkable(entry: Linkable) -> Linkable:
    _registry[entry.kind] = entry
    return entry


def linkables() -> list[Linkable]:
    return list(_registry.values())


def linkable(kind: str) -> Linkable | None:
    return _registry.get(kind)


def linkable_for_model(model: type[models.Model]) -> Linkable | None:
    label = model._meta.label_lower
    for entry in _registry.values():
        if entry.model_label.lower() == label:
            return entry
    return None


def _person_label(person) -> str:
    return f"{person.full_name} ({person.service_number})"


def _unit_label(unit) -> str:
    return f"{unit.label} ({unit.code})"


register_linkable(Linkable(kind="person", model_label="people.Person", lookup_field="service_number",
                           url_name="people:detail", verbose_name=pgettext_lazy("kind of record", "Person"),
                           identifier_name=_("service number"), label=_person_label))
register_linkable(Linkable(kind="unit", model_label="org.Unit", lookup_field="code", url_name="org:unit",
                           verbose_name=pgettext_lazy("kind of record", "Unit"), identifier_name=_("unit code"), label=_unit_label))
