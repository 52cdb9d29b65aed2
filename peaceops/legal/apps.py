from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "peaceops.legal"
    label = "legal"
    verbose_name = "Legal"

    def ready(self) -> None:
        from . import policies  # noqa: F401
