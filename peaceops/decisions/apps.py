from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "peaceops.decisions"
    label = "decisions"
    verbose_name = "Decisions"

    def ready(self) -> None:
        from . import policies  # noqa: F401
        from .linkables import register

        register()
