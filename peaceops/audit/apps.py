from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "peaceops.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        from . import policies  # noqa: F401
