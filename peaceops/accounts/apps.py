from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "peaceops.accounts"
    label = "accounts"
    verbose_name = "Accounts"
