from django.apps import AppConfig


class CreditsConfig(AppConfig):
    name = "credits"
    verbose_name = "Cast and crew"

    def ready(self):
        from wiki import kinds

        kinds.register(
            "person",
            label="Person",
            label_plural="People",
            url_name="credits:person",
            model="credits.Person",
            edit_fields=("short_bio",),
        )
