from django.apps import AppConfig


class CharactersConfig(AppConfig):
    name = "characters"

    def ready(self):
        from characters import audit, parts
        from episodes.creation import featured_series
        from wiki import kinds
        from wiki.audit import ledger
        from wiki.widgets import text_area

        kinds.register(
            "character",
            label="Character",
            label_plural="Characters",
            url_name="characters:detail",
            model="characters.Character",
            edit_fields=("description", "aliases", "status", "affiliations"),
            widgets={"aliases": text_area(3), "affiliations": text_area(3)},
            index=kinds.Index("characters:list", "Characters"),
            help_texts={
                "revealed_in": "The episode in which the character first appears, "
                "as S1E3. Until a reader has watched it, the character is not "
                "listed, linked or found in search. Empty: known from the start."
            },
            within=kinds.Within("series", default=featured_series),
            link_fields=("portrait",),
        )
        kinds.extend("character", parts=parts.PARTS, shown_on=parts.shown_on)
        ledger.contribute(audit.ledger_entries)
