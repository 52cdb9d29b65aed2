"""`peaceops missions load [--quiet]`: load the UN missions catalogue shipped in the package."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from peaceops.access.context import system_scope
from peaceops.missions import services


class Command(BaseCommand):
    help = "UN missions catalogue. load: load the shipped, corrected catalogue (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"])
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, action, quiet, **options):
        report = load(quiet=quiet)
        self.stdout.write(f"missions: {report.created} created, {report.updated} updated, "
                          f"{report.unchanged} unchanged; statuses {report.statuses_created} added, "
                          f"{report.statuses_deleted} removed")


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
