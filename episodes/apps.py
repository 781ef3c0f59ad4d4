from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "episodes"
    verbose_name = "Series, seasons and episodes"

    def ready(self):
        from wiki import kinds

        kinds.register(
            "series", label="Series", label_plural="Series", url_name="episodes:series"
        )
        kinds.register(
            "season", label="Season", label_plural="Seasons", url_name="episodes:season"
        )
        kinds.register(
            "episode",
            label="Episode",
            label_plural="Episodes",
            url_name="episodes:detail",
        )
