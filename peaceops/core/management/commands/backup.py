"""`peaceops backup [--output DIR]`: a consistent, checksummed snapshot of the database and stored files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peaceops.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = ("Back up the database and the files under PEACEOPS_HOME/files into a new, checksummed directory "
            "(online: the application may keep running). See docs/backup.md.")

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None, metavar="DIR",
                            help="where to create the backup directory (default PEACEOPS_HOME/backups)")
        parser.add_argument("--reason", default="backup", help="recorded in the audit trail")

    def handle(self, *args, output, reason, **options):
        try:
            result = create_backup(output, reason=reason)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stderr.write(
            f"{manifest['engine']} database {result.database_bytes / 1e6:.1f} MB, {result.files_count} files "
            f"{result.files_bytes / 1e6:.1f} MB, audit head #{manifest['audit_head']['seq']}, "
            f"in {result.seconds:.1f} s")
        # The directory alone on stdout, for scripts: `dir=$(peaceops backup)`.
        self.stdout.write(str(result.directory))
