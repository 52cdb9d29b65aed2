"""`peaceops demo [--people N]`: load the demo scenario (idempotent)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from peaceops.access.context import system_scope
from peaceops.demo import library as demo_library
from peaceops.demo import readiness as demo_readiness
from peaceops.demo import scenario
from peaceops.demo.extensions import load_extensions
from peaceops.demo.structure import DEMO_PASSWORD, PERSONAS
from peaceops.insights.loading import load_public_data


class Command(BaseCommand):
    help = "Load the demo: ministries, the department, two units, personas and fictional people."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=800, help="how many people in total (default 800)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, people, quiet, **options):
        if people < 0 or people > 5_000_000:
            self.stderr.write("--people must be between 0 and 5,000,000")
            raise SystemExit(2)
        with system_scope("demo scenario load") as actor:
            refs = scenario.load_structure(actor)
            personas = scenario.load_personas(actor, refs["agencies"])
            bar = tqdm(total=people, unit="people", disable=quiet, desc="people")

            def progress(done, total):
                bar.n = done
                bar.refresh()

            created = scenario.load_people(actor, refs, people, progress)
            bar.close()
            load_public_data(actor, quiet=quiet)  # the UN missions catalogue and datasets
            from peaceops.demo.decisions import load_decisions

            load_decisions(actor)
            readiness = demo_readiness.load_readiness(actor)
            load_extensions(actor)
        # Documents are filed by the personas themselves (their clearance and agency), outside system scope.
        library = demo_library.load_library()
        self.stdout.write(f"demo loaded: {created} new people, {len(personas)} new accounts, "
                          f"{readiness['qualifications']} new qualification records, {library['created']} new documents")
        self.stdout.write(f"demo accounts (password: {DEMO_PASSWORD}):")
        for username, full_name, level, compartments, agencies, roles in PERSONAS:
            extra = " + ".join(compartments)
            self.stdout.write(f"  {username:<10} {full_name:<22} {level}{' + ' + extra if extra else ''} "
                              f"[{', '.join(agencies)}] roles: {', '.join(roles)}")
