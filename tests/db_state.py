"""Print the state that a backup and restore must keep, as JSON, for tests/test_backup_restore.py.

Run with the environment of the installation to inspect (PEACEOPS_HOME, PEACEOPS_DATABASE_URL,
DJANGO_SETTINGS_MODULE=peaceops.settings.base). It only reads: people, passports, audit events,
the audit head, the chain check, and the stored files with their sha256.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings.base")
    import django

    django.setup()
    from django.conf import settings
    from django.core.serializers.json import DjangoJSONEncoder
    from django.forms.models import model_to_dict

    from peaceops.audit.models import AuditEvent, AuditHead
    from peaceops.audit.recorder import event_row
    from peaceops.audit.verify import verify_chain
    from peaceops.people.models import Passport, Person

    def rows(model, order):
        # Maintenance read of everything, as a test oracle: the base manager, no actor filter.
        return [{"pk": str(obj.pk), **model_to_dict(obj), "version": obj.version, "created_at": obj.created_at,
                 "updated_at": obj.updated_at} for obj in model._base_manager.order_by(*order)]

    head = AuditHead.objects.filter(id=1).first()
    verified = verify_chain()
    files_root = Path(settings.FILES_ROOT)
    files = {p.relative_to(files_root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(files_root.rglob("*")) if p.is_file()} if files_root.exists() else {}
    state = {
        "people": rows(Person, ["service_number"]),
        "passports": rows(Passport, ["number"]),
        "audit": [{**event_row(e), "hash": e.hash} for e in AuditEvent.objects.order_by("seq")],
        "head": {"seq": head.seq, "hash": head.hash} if head else None,
        "verify": {"ok": verified.ok, "checked": verified.checked, "problem": verified.problem},
        "files": files,
    }
    print(json.dumps(state, cls=DjangoJSONEncoder, sort_keys=True, default=str))


if __name__ == "__main__":
    main()
