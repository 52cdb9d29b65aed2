from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "peaceops.readiness"
    label = "readiness"
    verbose_name = "Readiness"

    def ready(self) -> None:
        from . import policies  # noqa: F401
