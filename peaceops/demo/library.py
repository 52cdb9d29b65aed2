"""The demo library: fictional cables and reports (peaceops/demo/library/), imported through the real
import service as the personas who would file them, so markings, lessons and action items come out
of the same code as a user's upload. Idempotent: the import skips a file already in the library."""

from __future__ import annotations

from pathlib import Path

from peaceops.access.actor import actor_for_user
from peaceops.access.models import Level
from peaceops.accounts.models import User
from peaceops.org.models import Agency

FOLDER = Path(__file__).parent / "library"

# file, who files it, owning agency, level of a plain text (cables carry their own marks)
CATALOGUE = [
    ("01_unmiss_force_generation.txt", "mfa", "MFA", "UNCLASSIFIED"),
    ("02_hospital_rotation_timing.txt", "planner", "MOD", "UNCLASSIFIED"),
    ("03_abyei_security.txt", "planner", "MOD", "UNCLASSIFIED"),
    ("04_training_partner_visit.txt", "mfa", "MFA", "UNCLASSIFIED"),
    ("05_pcrs_police_pledge.txt", "mfa", "MFA", "UNCLASSIFIED"),
    ("06_bao_cao_huan_luyen_tieng_anh.txt", "planner", "VDPO", "UNCLASSIFIED"),
    ("07_mass_casualty_exercise.txt", "planner", "MOD", "CONFIDENTIAL"),
    ("08_quy_trinh_thong_bao_thuong_vong.txt", "planner", "VDPO", "UNCLASSIFIED"),
]

# Released beyond the owner: the force generation cable to the department, so the planner sees it.
RELEASED_TO = {"01_unmiss_force_generation.txt": ["VDPO", "MOD"], "04_training_partner_visit.txt": ["VDPO"]}


def load_library() -> dict:
    """Import each demo file; returns counts by outcome (created / duplicate / failed)."""
    from peaceops.documents.services import import_file

    agencies = {a.code: a for a in Agency.objects.all()}
    ranks = dict(Level.objects.values_list("code", "rank"))
    counts = {"created": 0, "duplicate": 0, "failed": 0}
    for name, username, agency, level in CATALOGUE:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None or agency not in agencies:
            counts["failed"] += 1
            continue
        mask = 0
        for code in RELEASED_TO.get(name, []):
            mask |= 1 << agencies[code].bit
        outcome = import_file(actor=actor_for_user(user), name=name, content=(FOLDER / name).read_bytes(),
                              owning_agency_id=agencies[agency].pk, plain_level=ranks[level], releasable_mask=mask)
        counts[outcome.status] += 1
        if outcome.status == "failed":
            raise RuntimeError(f"demo document {name} was refused: {outcome.error}")
    return counts
