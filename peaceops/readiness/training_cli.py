"""`peaceops readiness import FILE --as USER [--json]`: bulk import of course results and test records.

All or nothing: on any bad row nothing is written, each bad row is printed (line, column, reason) and
the command fails (exit status 1)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError

from peaceops.access.actor import actor_for_user
from peaceops.access.context import acting_as
from peaceops.core.errors import ServiceError


def add_import_parser(sub) -> None:
    parser = sub.add_parser("import", help="import course results and test records from a CSV or XLSX file "
                                           "(all or nothing)")
    parser.add_argument("file", help="a .csv or .xlsx file")
    parser.add_argument("--as", dest="as_user", required=True, metavar="USER",
                        help="the user this command acts as (their clearance and roles apply)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def import_command(command, *, file, as_user, json: bool = False, **options) -> None:
    from peaceops.accounts.models import User

    from . import training_imports

    path = Path(file)
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    user = User.objects.filter(username=as_user, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {as_user!r}")
    actor = actor_for_user(user)
    with acting_as(actor):
        try:
            result = training_imports.import_file(actor=actor, name=path.name, content=path.read_bytes())
        except training_imports.ImportFileError as error:
            raise CommandError(f"{path.name}: {error}") from error
        except ServiceError as error:
            raise CommandError(f"{path.name}: {error.message}") from error
    if json:
        command.stdout.write(_dumps(result.as_dict()))
    elif result.ok:
        command.stdout.write(f"{path.name}: {result.results} course results ({result.enrolled} enrolled by the file), "
                             f"{result.records} test records")
    else:
        for error in result.errors:
            command.stderr.write(f"line {error.line}, {error.column}: {error.message}")
    if not result.ok:
        raise CommandError(f"{len(result.errors)} problems; nothing was written")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)
