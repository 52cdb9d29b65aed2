from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "peaceops.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from . import policies  # noqa: F401
