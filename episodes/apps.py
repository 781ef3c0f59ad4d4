from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "episodes"
    verbose_name = "Series, seasons and episodes"

    def ready(self):
        from episodes.progress import episode_names
        from wiki import kinds, reveals

        reveals.register_episode_namer(episode_names)

        kinds.register(
            "series",
            label="Series",
            label_plural="Series",
            url_name="episodes:series",
            model="episodes.Series",
            edit_fields=("network", "premise"),
        )
        kinds.register(
            "season",
            label="Season",
            label_plural="Seasons",
            url_name="episodes:season",
            model="episodes.Season",
            edit_fields=("number", "release_date"),
        )
        kinds.register(
            "episode",
            label="Episode",
            label_plural="Episodes",
            url_name="episodes:detail",
            model="episodes.Episode",
            edit_fields=(
                "number",
                "number_overall",
                "release_date",
                "runtime",
                "synopsis",
                "credits_note",
            ),
        )
