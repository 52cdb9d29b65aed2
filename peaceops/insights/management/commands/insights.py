"""`peaceops insights load [--only KEY …] [--quiet]`: load the UN datasets shipped in the package."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from peaceops.access.context import system_scope
from peaceops.insights import services


class Command(BaseCommand):
    help = "UN open data. load: load the shipped datasets (idempotent; a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"])
        parser.add_argument("--only", nargs="*", metavar="KEY", help="load only these datasets")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, action, only, quiet, **options):
        keys = only or services.dataset_keys()
        unknown = sorted(set(keys) - set(services.dataset_keys()))
        if unknown:
            raise CommandError(f"unknown dataset(s): {', '.join(unknown)}")
        started = time.perf_counter()
        results = load(keys, quiet=quiet)
        for result in results:
            self.stdout.write(f"  {result.key:<22} {result.status:<9} {result.rows_loaded:>7} rows  "
                              f"{result.seconds:6.2f} s")
        self.stdout.write(f"insights: {sum(r.status == 'loaded' for r in results)} loaded, "
                          f"{sum(r.status == 'unchanged' for r in results)} unchanged "
                          f"in {time.perf_counter() - started:.1f} s")


def load(keys=None, *, quiet: bool = False):
    keys = keys or services.dataset_keys()
    with system_scope("insights: load the UN datasets shipped in the package") as actor:
        bar = tqdm(total=None, unit="records", disable=quiet, desc="insights", leave=False)

        def progress(key, n):
            bar.set_postfix_str(key)
            bar.update(n)

        try:
            return services.datasets_load(actor=actor, keys=keys, progress=progress)
        finally:
            bar.close()
