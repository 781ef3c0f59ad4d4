from django.apps import AppConfig


class CharactersConfig(AppConfig):
    name = "characters"

    def ready(self):
        from wiki import kinds

        kinds.register(
            "character",
            label="Character",
            label_plural="Characters",
            url_name="characters:detail",
            model="characters.Character",
            edit_fields=("description", "aliases", "status", "affiliations"),
        )
