from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "peaceops.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        from . import policies  # noqa: F401
