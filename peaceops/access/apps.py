from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "peaceops.access"
    label = "access"
    verbose_name = "Access"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
