from django.apps import AppConfig


class CreditsConfig(AppConfig):
    name = "credits"
    verbose_name = "Cast and crew"

    def ready(self):
        from credits import audit, parts, structured_data
        from credits import extensions as on
        from wiki import kinds
        from wiki.audit import ledger

        kinds.register(
            "person",
            label="Person",
            label_plural="People",
            url_name="credits:person",
            model="credits.Person",
            edit_fields=("short_bio",),
            index=kinds.Index("credits:list", "Cast & crew"),
            structured_data=structured_data.person,
            link_fields=("portrait",),
        )
        kinds.extend(
            "episode",
            context=on.episode_context,
            annotate_list=on.key_crew,
            structured_data=on.episode_structured_data,
        )
        kinds.extend("season", context=on.season_context)
        for scope in parts.SCOPES:
            kinds.extend(scope, parts=parts.PARTS, shown_on=parts.shown_on)
        for kind in ("person", "character"):
            kinds.extend(kind, shown_on=parts.shown_on)
        kinds.extend(
            "series",
            context=on.series_context,
            structured_data=on.series_structured_data,
        )
        kinds.extend(
            "character", context=on.character_context, annotate_list=on.portrayals
        )
        kinds.extend("season", context=on.season_grid)
        kinds.extend("character", context=on.character_strip)
        kinds.extend("person", context=on.person_work_chart)
        ledger.contribute(audit.ledger_entries)
