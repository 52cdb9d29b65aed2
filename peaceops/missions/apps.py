from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "peaceops.missions"
    label = "missions"
    verbose_name = "Missions"

    def ready(self) -> None:
        from peaceops.readiness import providers

        from . import policies  # noqa: F401
        from .selectors import last_tour_end

        if last_tour_end not in providers._providers:
            providers.register_last_tour_end(last_tour_end)
