from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "peaceops.planning"
    label = "planning"
    verbose_name = "Planning"

    def ready(self) -> None:
        from . import policies  # noqa: F401
