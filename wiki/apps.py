from django.apps import AppConfig


class WikiConfig(AppConfig):
    name = "wiki"
    verbose_name = "Wiki pages"

    def ready(self):
        from wiki import reading  # noqa: F401 (connects its login signal)
