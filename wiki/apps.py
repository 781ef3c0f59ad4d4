from django.apps import AppConfig


class WikiConfig(AppConfig):
    name = "wiki"
    verbose_name = "Wiki pages"

    def ready(self):
        from wiki import pagecache, reading  # noqa: F401 (reading: its login signal)

        pagecache.connect()
