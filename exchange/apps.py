from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """Data in and out of the wiki: the seed loader, and season files that are
    exported, imported and checked against declared schemas. It depends on
    the typed apps; nothing depends on it."""

    name = "exchange"
    verbose_name = "Import and export"
