"""`peaceops audit verify`: prove the chain intact (exit 0) or name the first bad row (exit 1)."""

import sys

from django.core.management.base import BaseCommand

from peaceops.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Audit trail tools. `verify` checks the hash chain."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        result = verify_chain()
        if result.ok:
            self.stdout.write(f"audit chain intact: {result.checked} events")
            return
        self.stderr.write(f"audit chain broken at row {result.first_bad_seq}: {result.problem}")
        sys.exit(1)
