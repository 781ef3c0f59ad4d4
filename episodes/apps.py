from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "episodes"
    verbose_name = "Series, seasons and episodes"

    def ready(self):
        from episodes import audit, creation, shown, structured_data
        from wiki import kinds
        from wiki.audit import surfaces
        from wiki.widgets import date_input, text_area

        kinds.register(
            "series",
            label="Series",
            label_plural="Series",
            url_name="episodes:series",
            model="episodes.Series",
            edit_fields=("network", "premise"),
            widgets={"premise": text_area(3)},
            structured_data=structured_data.series,
        )
        kinds.register(
            "season",
            label="Season",
            label_plural="Seasons",
            url_name="episodes:season",
            model="episodes.Season",
            edit_fields=("number", "release_date"),
            widgets={"release_date": date_input()},
            structured_data=structured_data.season,
            within=kinds.Within(
                "series",
                suggest=creation.next_season,
                default=creation.featured_series,
            ),
            link_fields=("poster",),
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
                "cast_complete",
            ),
            widgets={
                "release_date": date_input(),
                "synopsis": text_area(4),
                "credits_note": text_area(2),
            },
            # The featured series' guide; each guide is linked from its series.
            index=kinds.Index("episodes:featured_guide", "Episodes", in_sitemap=False),
            structured_data=structured_data.episode,
            within=kinds.Within("season", suggest=creation.next_episode),
            link_fields=("still",),
        )

        kinds.extend("series", shown_on=shown.of_series)
        kinds.extend("season", shown_on=shown.of_season)
        kinds.extend("episode", shown_on=shown.of_episode)
        surfaces.contribute(audit.guides)
