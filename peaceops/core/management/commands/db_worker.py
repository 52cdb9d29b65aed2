"""`peaceops db_worker`: django-tasks-db's worker, which first fails the jobs that a dead worker left running.

Same options as django_tasks_db's command (`--batch`, `--queue-name`, `--interval`, `--worker-id` …).
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from peaceops.core.jobs import reap_stale_jobs


class Command(DatabaseWorkerCommand):
    help = "Run a background task worker (after failing the jobs whose worker died)."

    def handle(self, *args, **options):
        failed = reap_stale_jobs()
        if failed and options.get("verbosity", 1):
            self.stdout.write(f"{failed} stale job(s) marked failed")
        return super().handle(*args, **options)
