from django.apps import AppConfig


class MultimediaConfig(AppConfig):
    name = "multimedia"
    verbose_name = "Images and videos"

    def ready(self):
        from multimedia import embeds
        from wiki import kinds, markup

        kinds.register(
            "image",
            label="Image",
            label_plural="Images",
            url_name="multimedia:image",
            model="multimedia.Image",
            edit_fields=("alt_text", "caption", "credit"),
        )
        markup.register_embed("file", embeds.render_files)
