from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "peaceops.org"
    label = "org"
    verbose_name = "Organisation"

    def ready(self) -> None:
        from . import policies  # noqa: F401
