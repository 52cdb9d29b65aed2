from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "peaceops.logistics"
    label = "logistics"
    verbose_name = "Logistics"

    def ready(self) -> None:
        from . import policies  # noqa: F401
