"""Writes to the organisation: agencies, units and tables of organisation (reference data)."""

from peaceops.access.actor import Actor
from peaceops.access.policies import policy_for
from peaceops.audit.recorder import record
from peaceops.core.errors import NotPermitted
from peaceops.core.services import service

from .models import Agency, TablePost, Unit


def _require(actor: Actor, action: str, model) -> None:
    if not policy_for(model).allows(actor, action):
        raise NotPermitted()


def _upsert(actor: Actor, model, lookup: dict, values: dict, action_prefix: str):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        _require(actor, "create", model)
        obj = model.objects.create(**lookup, **values)
        record(actor=actor, action=f"{action_prefix}.create", target=obj, changes={**lookup, **values})
        return obj, True
    changes = {k: [getattr(obj, k), v] for k, v in values.items() if getattr(obj, k) != v}
    if changes:
        _require(actor, "change", model)
        for name, (_old, new) in changes.items():
            setattr(obj, name, new)
        obj.version += 1
        obj.save(update_fields=[*changes, "version", "updated_at"])
        record(actor=actor, action=f"{action_prefix}.update", target=obj, changes=changes)
    return obj, False


@service
def agency_upsert(*, actor: Actor, code: str, bit: int, kind: str, label_vi: str, label_en: str) -> Agency:
    obj, _ = _upsert(actor, Agency, {"code": code},
                     {"bit": bit, "kind": kind, "label_vi": label_vi, "label_en": label_en}, "org.agency")
    return obj


@service
def unit_upsert(*, actor: Actor, code: str, agency: Agency, parent: Unit | None, kind: str, label_vi: str,
                label_en: str, location: str = "") -> Unit:
    obj, _ = _upsert(actor, Unit, {"code": code}, {
        "agency": agency, "parent": parent, "kind": kind, "label_vi": label_vi, "label_en": label_en,
        "location": location,
    }, "org.unit")
    return obj


@service
def table_post_upsert(*, actor: Actor, unit: Unit, post_code: str, title_vi: str, title_en: str, count: int,
                      rank_min: str = "", rank_max: str = "") -> TablePost:
    obj, _ = _upsert(actor, TablePost, {"unit": unit, "post_code": post_code}, {
        "title_vi": title_vi, "title_en": title_en, "count": count, "rank_min": rank_min, "rank_max": rank_max,
    }, "org.table_post")
    return obj
