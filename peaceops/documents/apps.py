from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "peaceops.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        from . import policies  # noqa: F401
