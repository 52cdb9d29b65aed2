from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "peaceops.documents"
    label = "documents"
    verbose_name = "Documents"
