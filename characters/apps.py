from django.apps import AppConfig


class CharactersConfig(AppConfig):
    name = "characters"

    def ready(self):
        from characters import parts
        from wiki import kinds
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
            link_fields=("portrait",),
        )
        kinds.extend("character", parts=parts.PARTS)
