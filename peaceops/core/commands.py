"""ActorCommand: management commands that act as a named user (`--as USER`), never as nobody."""

from django.core.management.base import BaseCommand, CommandError

from peaceops.access.actor import actor_for_user
from peaceops.access.context import acting_as


class ActorCommand(BaseCommand):
    """Subclasses implement `handle_as(actor, *args, **options)`; the actor is the current actor."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument("--as", dest="as_user", required=True, metavar="USER",
                            help="the user this command acts as (their clearance applies)")
        return parser

    def handle(self, *args, as_user, **options):
        from peaceops.accounts.models import User

        user = User.objects.filter(username=as_user, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {as_user!r}")
        actor = actor_for_user(user)
        with acting_as(actor):
            return self.handle_as(actor, *args, **options)

    def handle_as(self, actor, *args, **options):
        raise NotImplementedError
