from django.apps import AppConfig


class WelfareConfig(AppConfig):
    name = "peaceops.welfare"
    label = "welfare"
    verbose_name = "Welfare"

    def ready(self) -> None:
        from . import policies  # noqa: F401
