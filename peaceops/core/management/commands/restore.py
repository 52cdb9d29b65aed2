"""`peaceops restore DIR [--yes]`: verify a backup's checksums, restore it, then prove the audit chain."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peaceops.core.backup import BackupError, restore_backup, verify_backup


class Command(BaseCommand):
    help = ("Replace the database and the stored files with a backup made by `peaceops backup`, after checking "
            "every checksum. Stop the application first. See docs/backup.md.")

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="the backup directory (it holds manifest.json)")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        parser.add_argument("--check", action="store_true", help="only verify the checksums; change nothing")

    def handle(self, *args, directory, yes, check, **options):
        if check or not yes:
            # Shown before asking; restore_backup checks again right before it restores.
            self._verified(directory)
            if check:
                return
            if not sys.stdin.isatty():
                raise CommandError("restore replaces the database and the stored files: pass --yes to confirm")
            answer = input("This replaces the database and the stored files. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("restore cancelled")
        try:
            result = restore_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if yes:
            self._summary(result.manifest)
        for note in result.notes:
            self.stdout.write(f"note: {note}")
        if result.audit_ok:
            self.stdout.write(f"audit chain intact: {result.audit_checked} events")
        for problem in result.problems:
            self.stderr.write(f"problem: {problem}")
        if not result.ok:
            self.stderr.write("restore finished WITH PROBLEMS: see above")
            sys.exit(1)
        self.stdout.write(f"restored in {result.seconds:.1f} s")

    def _verified(self, directory):
        try:
            manifest, problems = verify_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if problems:
            raise CommandError("the backup is damaged or was changed; nothing was restored:\n  "
                               + "\n  ".join(problems))
        self._summary(manifest)

    def _summary(self, manifest):
        self.stdout.write(f"backup of {manifest['created_at']} ({manifest['engine']}, audit head "
                          f"#{manifest['audit_head']['seq']}): {len(manifest['files'])} files, checksums match")
