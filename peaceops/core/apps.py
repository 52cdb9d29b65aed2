from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "peaceops.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from . import policies  # noqa: F401
