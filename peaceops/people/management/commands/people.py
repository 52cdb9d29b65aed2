"""`peaceops people import FILE --as USER` and `peaceops people export FILE --as USER [--service …]`."""

from pathlib import Path

from django.core.management.base import CommandError

from peaceops.core.commands import ActorCommand
from peaceops.core.errors import ServiceError

from ... import io, selectors, services
from ...filters import PersonFilter
from ...models import Person


class Command(ActorCommand):
    help = "Import people from CSV/XLSX (all or nothing, with a report of bad rows), or export them."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import", "export"])
        parser.add_argument("file", help="CSV or XLSX path (export: .csv or .xlsx decides the format)")
        parser.add_argument("--service", help="export only this service")
        parser.add_argument("--q", help="export only names / numbers matching this search")

    def handle_as(self, actor, *, action, file, service=None, q=None, **options):
        path = Path(file)
        if action == "import":
            return self.do_import(actor, path)
        return self.do_export(actor, path, {k: v for k, v in {"service": service, "q": q}.items() if v})

    def do_import(self, actor, path: Path):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            created, errors = services.person_import_file(actor=actor, name=path.name, content=path.read_bytes())
        except io.ImportFileError as error:
            raise CommandError(f"{path}: {error}") from error
        except ServiceError as error:
            raise CommandError(str(error.message)) from error
        if errors:
            for error in errors:
                self.stderr.write(f"{path.name}:{error.line}: {error.column}: {error.message}")
            raise CommandError(f"{len(errors)} problems; nothing was imported")
        self.stdout.write(f"imported {len(created)} people from {path.name}")

    def do_export(self, actor, path: Path, filters: dict):
        if not selectors.policy_for(Person).allows(actor, "export"):
            raise CommandError("you are not permitted to export people")
        people = list(PersonFilter(filters, queryset=selectors.person_list(actor=actor)).qs)
        services.person_export_audit(actor=actor, count=len(people), fmt=path.suffix.lstrip("."), filters=filters)
        if path.suffix.lower() == ".xlsx":
            from peaceops.access.banner import page_marking

            path.write_bytes(io.write_xlsx(people, banner=page_marking(people).label))
        else:
            path.write_bytes(io.write_csv(people))
        self.stdout.write(f"exported {len(people)} people to {path}")
