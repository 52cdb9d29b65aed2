from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "peaceops.missions"
    label = "missions"
    verbose_name = "Missions"

    def ready(self) -> None:
        from . import policies  # noqa: F401
