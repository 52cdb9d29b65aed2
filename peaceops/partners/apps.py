from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "peaceops.partners"
    label = "partners"
    verbose_name = "Partners"

    def ready(self) -> None:
        from . import policies  # noqa: F401
