"""`peaceops missions load [--quiet]`: load the UN missions catalogue shipped in the package.
`peaceops missions rotations --as USER [--mission UNMISS] [--json]`: rotations with their posts and who holds them.
`peaceops missions strength-import FILE --as USER`: monthly strength returns from a CSV, all or nothing."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q, Sum
from django.utils import timezone
from tqdm import tqdm

from peaceops.access.actor import actor_for_user
from peaceops.access.context import acting_as, system_scope
from peaceops.core.errors import ServiceError
from peaceops.missions import selectors, services, transitions

MAX_FILE_BYTES = 20 * 1024 * 1024


class Command(BaseCommand):
    help = ("UN missions and force generation. load: load the shipped, corrected catalogue (idempotent). "
            "rotations: list rotations (--as USER). strength-import FILE: monthly strength returns from a CSV "
            "(columns mission, month, category, gender, count[, notes]); all or nothing (--as USER).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load", "rotations", "strength-import"])
        parser.add_argument("file", nargs="?", help="the CSV file for strength-import")
        parser.add_argument("--as", dest="as_user", metavar="USER",
                            help="the user the command acts as (needed for rotations and strength-import)")
        parser.add_argument("--mission", help="only this mission (acronym)")
        parser.add_argument("--json", action="store_true", help="machine-readable output")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, action, file, as_user, mission, json, quiet, **options):
        if action == "load":
            report = load(quiet=quiet)
            self.stdout.write(f"missions: {report.created} created, {report.updated} updated, "
                              f"{report.unchanged} unchanged; statuses {report.statuses_created} added, "
                              f"{report.statuses_deleted} removed")
            return
        actor = _actor(as_user)
        with acting_as(actor):
            if action == "rotations":
                self.rotations(actor, mission=mission, as_json=json)
            else:
                self.strength_import(actor, file, as_json=json)

    def rotations(self, actor, *, mission, as_json):
        rows = rotation_rows(actor, mission=mission)
        if as_json:
            self.stdout.write(_json(rows))
            return
        for row in rows:
            self.stdout.write(f"{row['name']:<32} {row['kind']:<10} {row['start_date']} – {row['end_date']}  "
                              f"posts {row['posts']:>4}  held {row['held']:>4}  open {row['open']:>4}")
        self.stdout.write(f"{len(rows)} rotation(s)")

    def strength_import(self, actor, file, *, as_json):
        if not file:
            raise CommandError("strength-import needs the CSV file")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"no such file: {file}")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError("the file is larger than 20 MB")
        try:
            text = path.read_text("utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError("the file is not UTF-8 text") from None
        try:
            report = services.strength_returns_import(actor=actor, text=text, source=path.name)
        except ServiceError as error:
            raise CommandError(str(error.message)) from None
        summary = {"ok": report.ok, "created": report.created, "updated": report.updated,
                   "unchanged": report.unchanged,
                   "bad_rows": [{"row": b.row, "problems": list(b.problems)} for b in report.bad_rows]}
        if as_json:
            self.stdout.write(_json(summary))
        elif report.ok:
            self.stdout.write(f"strength returns: {report.created} created, {report.updated} updated, "
                              f"{report.unchanged} unchanged")
        else:
            self.stderr.write(f"nothing imported: {len(report.bad_rows)} bad row(s)")
            for bad in report.bad_rows:
                self.stderr.write(f"  row {bad.row}: {'; '.join(bad.problems)}")
        if not report.ok:
            sys.exit(1)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def _actor(username):
    from peaceops.accounts.models import User

    if not username:
        raise CommandError("this action needs --as USER (their clearance applies)")
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {username!r}")
    return actor_for_user(user)


def rotation_rows(actor, *, mission=None) -> list[dict]:
    """Rotations with their number of posts and how many the actor can see held (three queries)."""
    queryset = selectors.rotation_list(actor=actor).order_by("mission__acronym", "start_date", "number")
    if mission:
        queryset = queryset.filter(mission__acronym__iexact=mission)
    rotations = list(queryset.annotate(posts=Sum("requirements__count")))
    held = dict(selectors.deployment_list(actor=actor).filter(rotation__in=rotations)
                .values("rotation").annotate(n=Count("pk", filter=Q(status__in=transitions.ACTIVE)))
                .values_list("rotation", "n").order_by())
    today = timezone.localdate()
    rows = []
    for rotation in rotations:
        posts, filled = rotation.posts or 0, held.get(rotation.pk, 0)
        rows.append({"id": str(rotation.pk), "name": str(rotation), "mission": rotation.mission.acronym,
                     "unit": rotation.unit.code if rotation.unit_id else None, "number": rotation.number,
                     "kind": rotation.kind, "start_date": rotation.start_date.isoformat(),
                     "end_date": rotation.end_date.isoformat(), "overlap_days": rotation.overlap_days,
                     "posts": posts, "held": filled, "open": max(0, posts - filled),
                     "when": "done" if rotation.end_date < today else "upcoming" if rotation.start_date > today
                     else "current"})
    return rows


def load(*, quiet: bool = False):
    with system_scope("missions: load the UN catalogue shipped in the package") as actor:
        bar = tqdm(total=0, unit="rows", disable=quiet, desc="missions", leave=False)

        def progress(done, total):
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            return services.missions_load(actor=actor, progress=progress)
        finally:
            bar.close()
