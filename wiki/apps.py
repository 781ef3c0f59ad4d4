from django.apps import AppConfig


class WikiConfig(AppConfig):
    name = "wiki"
    verbose_name = "Wiki pages"

    def ready(self):
        from wiki import auth, checks, generations, reading  # noqa: F401 (signals, checks)

        generations.connect()
